// The spans list: label and surface text of every span in text order; select or delete from
// here; hovering a row highlights its span in the text and vice versa. The list is windowed
// (useWindowedRows), so a document with 2,000 spans adds a span without re-laying out 2,000 rows.
import { memo, useMemo } from 'react';
import { useWindowedRows } from '../../components/useWindowedRows.ts';
import type { TextSpan } from '../../../domain/api/index.ts';
import { useEditor } from '../store.ts';
import { deleteSpan, selectSpan, type TaggerContext } from './actions.ts';
import type { LabelLook } from './ChunkView.tsx';

const ROW = 30; // px; .span-row has this height

export function SpansPanel({ ctx, looks }: { ctx: TaggerContext; looks: ReadonlyMap<string, LabelLook> }) {
  const spans = useEditor((s) => s.payload.spans);
  const selectedId = useEditor((s) => s.selectedId);
  const hoverId = useEditor((s) => s.hoverId);
  const sorted = useMemo(() => [...spans].sort((a, b) => a.start - b.start || a.end - b.end), [spans]);
  // The selected span's row stays in view (selection may come from the document or ↑/↓).
  const selectedIndex = useMemo(() => sorted.findIndex((s) => s.id === selectedId), [sorted, selectedId]);
  const { scrollRef, onScroll, first, last, height } = useWindowedRows<HTMLDivElement>(sorted.length, ROW, selectedIndex);
  return (
    <section className="spans-panel" aria-labelledby="spans-panel-title">
      <h2 id="spans-panel-title">
        Spans <span className="count">({spans.length})</span>
      </h2>
      {sorted.length === 0 ? (
        <p className="hint">No spans yet. Drag over the text, or use Shift+arrows then Enter.</p>
      ) : (
        <div className="spans-scroll" ref={scrollRef} onScroll={onScroll}>
          <ul style={{ height }}>
            {sorted.slice(first, last).map((s, i) => (
              <SpanRow
                key={s.id}
                ctx={ctx}
                span={s}
                look={looks.get(s.label)}
                selected={s.id === selectedId}
                hovered={s.id === hoverId}
                index={first + i}
                count={sorted.length}
              />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

interface RowProps {
  ctx: TaggerContext;
  span: TextSpan;
  look: LabelLook | undefined;
  selected: boolean;
  hovered: boolean;
  index: number;
  count: number;
}

const SpanRow = memo(function SpanRow({ ctx, span, look, selected, hovered, index, count }: RowProps) {
  const surface = ctx.model.slice(span.start, span.end);
  const name = look?.name ?? span.label;
  const showInText = () => {
    const el = document.querySelector(`.document mark[data-ids~="${span.id.replace(/["\\]/g, '\\$&')}"]`);
    el?.scrollIntoView?.({ block: 'nearest' });
  };
  return (
    <li
      className={`span-row${selected ? ' selected' : ''}${hovered ? ' hovered' : ''}`}
      style={{ top: index * ROW }}
      aria-posinset={index + 1}
      aria-setsize={count}
      onMouseEnter={() => useEditor.getState().setHover(span.id)}
      onMouseLeave={() => useEditor.getState().setHover(null)}
    >
      <button
        type="button"
        className="span-name"
        aria-pressed={selected}
        aria-label={`${name}: ${surface}, characters ${span.start} to ${span.end}`}
        onClick={() => {
          selectSpan(ctx, span.id);
          showInText();
        }}
      >
        <span className="swatch" style={{ background: look?.color }} aria-hidden="true" />
        <span className="span-label">{name}</span> <bdi className="span-surface">{surface}</bdi>
      </button>
      <button type="button" className="span-delete" aria-label={`Delete ${name}: ${surface}`} onClick={() => deleteSpan(ctx, span.id)}>
        ×
      </button>
    </li>
  );
});
