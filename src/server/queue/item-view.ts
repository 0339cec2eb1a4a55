// An item as a person working on it sees it: the text, or the image by its opaque asset URL.
// One shape for the annotator's queue, the reviewer and the lead's screens, so an item never
// looks different depending on who asks or whether it is gold. This is the real-id view; the
// annotator's queue swaps in their own handles for the id and the image URL (annotator-handles.ts).
import type { ItemContent } from '../../domain/validation/annotation.ts';
import type { items, projects } from '../db/schema.ts';

type Project = typeof projects.$inferSelect;
type Item = typeof items.$inferSelect;

export function itemView(project: Project, i: Item) {
  return {
    id: i.id,
    kind: project.kind,
    image: project.kind === 'image' && i.assetId ? { url: `/api/assets/${i.assetId}`, width: i.width ?? 1, height: i.height ?? 1 } : null,
    text: project.kind === 'text' ? (i.text ?? '') : null,
  };
}

/** What validateAnnotation checks a payload against: the image's size or the text. */
export function itemContent(project: Pick<Project, 'kind'>, i: Pick<Item, 'width' | 'height' | 'text'> | undefined): ItemContent {
  return project.kind === 'image' ? { kind: 'image', width: i?.width ?? 0, height: i?.height ?? 0 } : { kind: 'text', text: i?.text ?? '' };
}
