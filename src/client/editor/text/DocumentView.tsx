// The document region: paragraphs of memoized chunks, the caret, and the mouse. A drag over the
// text tags it with the active label on release; a click selects the span under the pointer.
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { bucketSpans, chunkText, stackRows } from '../../../domain/text/tagger-ops.ts';
import { useEditor } from '../store.ts';
import { createSpan, selectSpan, type TaggerContext } from './actions.ts';
import { ChunkView, type LabelLook } from './ChunkView.tsx';
import { readSelection, writeSelection } from './domSelection.ts';
import { useTagger } from './taggerStore.ts';

export function DocumentView({
  ctx,
  looks,
  rootRef,
}: {
  ctx: TaggerContext;
  looks: ReadonlyMap<string, LabelLook>;
  rootRef: RefObject<HTMLDivElement | null>;
}) {
  const spans = useEditor((s) => s.payload.spans);
  const selectedId = useEditor((s) => s.selectedId);
  const hoverId = useEditor((s) => s.hoverId);
  const { model, rules } = ctx;
  const chunks = useMemo(() => chunkText(model.text), [model]);
  const paragraphs = useMemo(() => {
    const out: number[][] = [[]];
    chunks.forEach((c, i) => {
      out.at(-1)!.push(i);
      if (c.paragraphEnd && i < chunks.length - 1) out.push([]);
    });
    return out;
  }, [chunks]);
  const buckets = useMemo(() => bucketSpans(chunks, spans), [chunks, spans]);
  const rows = useMemo(() => (rules.allowOverlap ? stackRows(spans) : null), [rules.allowOverlap, spans]);
  const [focused, setFocused] = useState(false);
  // Keyboard-first: a new item opens with the caret in the text.
  useEffect(() => rootRef.current?.focus({ preventScroll: true }), [model, rootRef]);

  const onMouseUp = (e: MouseEvent) => {
    const root = rootRef.current;
    if (!root || e.button !== 0) return;
    const sel = readSelection(root, model);
    if (!sel) return;
    const [a, b] = sel;
    if (a !== b) {
      if (!createSpan(ctx, a, b, useEditor.getState().activeLabel)) useTagger.getState().setCaret(a, b);
      return;
    }
    // A click: select the innermost span under the pointer, or nothing.
    const ids = (e.target as Element).closest?.('mark[data-ids]')?.getAttribute('data-ids')?.split(' ') ?? [];
    const under = useEditor.getState().payload.spans.filter((s) => ids.includes(s.id));
    under.sort((x, y) => x.end - x.start - (y.end - y.start));
    if (under[0]) selectSpan(ctx, under[0].id);
    else useEditor.getState().select(null);
    useTagger.getState().setCaret(a);
  };
  // A drag may end outside the document: listen for that release on the window.
  const onMouseDown = (e: React.MouseEvent) => {
    if (e.button !== 0) return;
    window.addEventListener('mouseup', onMouseUp, { once: true });
  };
  const onMouseOver = (e: React.MouseEvent) => {
    const ids = (e.target as Element).closest?.('mark[data-ids]')?.getAttribute('data-ids');
    useEditor.getState().setHover(ids ? ids.split(' ').at(-1)! : null);
  };

  return (
    <div className="document-wrap">
      <div
        ref={rootRef}
        role="document"
        aria-label="Document text"
        aria-describedby="tagger-keys-hint"
        tabIndex={0}
        className="document"
        lang="und"
        data-testid="document-text"
        onMouseDown={onMouseDown}
        onMouseOver={onMouseOver}
        onMouseLeave={() => useEditor.getState().setHover(null)}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
      >
        {paragraphs.map((p) => (
          <div className="para" dir="auto" key={p[0]}>
            {p.map((i) => {
              const mine = buckets[i]!;
              const has = (id: string | null) => (id && mine.some((s) => s.id === id) ? id : null);
              return (
                <ChunkView
                  key={i}
                  model={model}
                  chunk={chunks[i]!}
                  spans={mine}
                  rows={rows ? mine.map((s) => rows.get(s.id) ?? 0) : mine.map(() => 0)}
                  looks={looks}
                  selectedId={has(selectedId)}
                  hoverId={has(hoverId)}
                />
              );
            })}
          </div>
        ))}
      </div>
      <Caret ctx={ctx} rootRef={rootRef} focused={focused} />
      <p id="tagger-keys-hint" className="visually-hidden">
        Drag over text to tag it with the active label. Keyboard: arrows move by word, Shift extends, Enter or a label key tags, ? lists every key.
      </p>
    </div>
  );
}

/** Mirrors the keyboard selection into the browser selection and draws the caret when collapsed. */
function Caret({ ctx, rootRef, focused }: { ctx: TaggerContext; rootRef: RefObject<HTMLDivElement | null>; focused: boolean }) {
  const anchor = useTagger((s) => s.anchor);
  const focus = useTagger((s) => s.focus);
  const spans = useEditor((s) => s.payload.spans); // a re-render replaces text nodes: place again
  const [pos, setPos] = useState<{ left: number; top: number; height: number } | null>(null);
  const caretRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const root = rootRef.current;
    if (!root || !focused) return setPos(null);
    const range = writeSelection(root, ctx.model, anchor, focus);
    const rect = range && typeof range.getClientRects === 'function' ? range.getClientRects()[0] : undefined;
    const wrap = root.parentElement?.getBoundingClientRect();
    if (!rect || !wrap || anchor !== focus) return setPos(null);
    setPos({ left: rect.left - wrap.left, top: rect.top - wrap.top, height: rect.height });
  }, [anchor, focus, spans, focused, ctx.model, rootRef]);
  useLayoutEffect(() => {
    caretRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [pos]);
  if (!pos) return null;
  return <div ref={caretRef} className="tagger-caret" aria-hidden="true" style={{ left: pos.left, top: pos.top, height: pos.height }} />;
}
