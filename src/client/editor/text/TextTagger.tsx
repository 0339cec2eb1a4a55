// The text tagger: messages, the document, the spans panel and the `?` help, wired to the editor
// store. Mounted per item (the parent keys it by item), so the caret and messages start fresh.
import { useEffect, useMemo, useRef } from 'react';
import type { LabelSchema } from '../../../domain/api/index.ts';
import { labelsForTool } from '../../../domain/api/index.ts';
import type { SpanRules } from '../../../domain/text/tagger-ops.ts';
import { textModel } from '../../../domain/text/text-model.ts';
import type { TaggerContext } from './actions.ts';
import type { LabelLook } from './ChunkView.tsx';
import { DocumentView } from './DocumentView.tsx';
import { SpansPanel } from './SpansPanel.tsx';
import { TextHotkeyHelp } from './TextHotkeyHelp.tsx';
import { useTagger } from './taggerStore.ts';
import './text-tagger.css';
import { useTextHotkeys } from './useTextHotkeys.ts';

export function TextTagger({ text, schema }: { text: string; schema: LabelSchema }) {
  const rootRef = useRef<HTMLDivElement>(null);
  const ctx = useMemo<TaggerContext>(() => {
    const rules: SpanRules = {
      labels: new Map(labelsForTool(schema, 'span').map((l) => [l.id, l.name])),
      allowOverlap: schema.allowOverlappingSpans,
      snapToTokens: schema.snapSpansToTokens,
    };
    return { model: textModel(text), rules };
  }, [text, schema]);
  const looks = useMemo(() => new Map<string, LabelLook>(schema.labels.map((l) => [l.id, { name: l.name, color: l.color }])), [schema]);
  useEffect(() => {
    useTagger.getState().reset();
    return () => useTagger.getState().reset();
  }, [text]);
  // Word segmentation of a long text takes tens of ms: do it just after the first paint, not on
  // the first arrow key.
  useEffect(() => {
    const t = setTimeout(() => ctx.model.nextToken(0), 30);
    return () => clearTimeout(t);
  }, [ctx]);
  useTextHotkeys(ctx, schema, rootRef);
  return (
    <div className="text-tagger">
      <TaggerMessages />
      <div className="tagger-main">
        <DocumentView ctx={ctx} looks={looks} rootRef={rootRef} />
        <SpansPanel ctx={ctx} looks={looks} />
      </div>
      <TextHotkeyHelp schema={schema} />
    </div>
  );
}

function TaggerMessages() {
  const message = useTagger((s) => s.message);
  const announce = useTagger((s) => s.announce);
  return (
    <div className="tagger-messages">
      <p role="alert" className="error-text tagger-alert">
        {message}
      </p>
      <p role="status" aria-live="polite" className="tagger-status">
        {announce}
      </p>
    </div>
  );
}
