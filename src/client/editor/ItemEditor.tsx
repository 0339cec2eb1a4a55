import { lazy, Suspense } from 'react';
import type { LabelSchema, QueueItem } from '../../domain/api/index.ts';

// The image editor (konva and its React renderer) and the text tagger load when an item of their
// kind first opens, so neither is in the first load and a text project never fetches konva.
const loadImage = () => import('./image/ImageItemEditor.tsx');
const loadText = () => import('./text/TextItemEditor.tsx');
const ImageItemEditor = lazy(() => loadImage().then((m) => ({ default: m.ImageItemEditor })));
const TextItemEditor = lazy(() => loadText().then((m) => ({ default: m.TextItemEditor })));

/** Starts fetching the editor for this kind of item before one is shown (the queue is still loading). */
export function preloadEditor(kind: QueueItem['kind']): void {
  void (kind === 'image' ? loadImage() : loadText()).catch(() => undefined);
}

/** The editor for the item's kind, with a status line while its code arrives. */
export function ItemEditor({ item, schema }: { item: QueueItem; schema: LabelSchema }) {
  return (
    <Suspense fallback={<p role="status">Loading the editor…</p>}>
      {/* The image editor follows its item (its stage is costly to make); the text tagger starts afresh with each. */}
      {item.kind === 'image' ? <ImageItemEditor item={item} schema={schema} /> : <TextItemEditor key={item.id} item={item} schema={schema} />}
    </Suspense>
  );
}
