// One chunk of the document (see chunkText): its text cut at span edges, each piece one element
// with its code-point range in data-s/data-e (domSelection.ts relies on that). Memoized on the
// identity of the spans touching it, so an edit re-renders only the chunks it touches.
import { memo, type CSSProperties } from 'react';
import type { TextSpan } from '../../../domain/api/index.ts';
import { segmentsIn, type Chunk, type TextModel } from '../../../domain/text/tagger-ops.ts';

export interface LabelLook {
  readonly name: string;
  readonly color: string;
}

export interface ChunkProps {
  readonly model: TextModel;
  readonly chunk: Chunk;
  /** Spans touching this chunk, in start order, and (parallel) the stacking row of each. */
  readonly spans: readonly TextSpan[];
  readonly rows: readonly number[];
  readonly looks: ReadonlyMap<string, LabelLook>;
  /** The selected / hovered span id, only when it is one of `spans` (else null, to keep memo hits). */
  readonly selectedId: string | null;
  readonly hoverId: string | null;
}

const ROW_STEP = 4; // px between stacked underlines of overlapping spans

function markStyle(covering: { span: TextSpan; row: number }[], looks: ReadonlyMap<string, LabelLook>): CSSProperties {
  const colors = covering.map((c) => looks.get(c.span.label)?.color ?? '#888888');
  // The innermost (shortest) span tints the background; every span draws its own underline row.
  let inner = 0;
  covering.forEach((c, i) => {
    const best = covering[inner]!.span;
    if (c.span.end - c.span.start < best.end - best.start) inner = i;
  });
  const maxRow = Math.max(...covering.map((c) => c.row));
  return {
    backgroundColor: `${colors[inner]}33`,
    backgroundImage: colors.map((c) => `linear-gradient(${c},${c})`).join(','),
    backgroundSize: colors.map(() => '100% 3px').join(','),
    backgroundPosition: covering.map((c) => `0 calc(100% - ${c.row * ROW_STEP}px)`).join(','),
    backgroundRepeat: 'no-repeat',
    paddingBottom: maxRow > 0 ? `${maxRow * ROW_STEP}px` : undefined,
  };
}

function ChunkViewImpl({ model, chunk, spans, rows, looks, selectedId, hoverId }: ChunkProps) {
  const segs = segmentsIn(chunk.start, chunk.end, spans);
  const byId = new Map(spans.map((s, i) => [s.id, { span: s, row: rows[i] ?? 0 }] as const));
  return (
    <span className="chunk" data-chunk="" data-cs={chunk.start} data-ce={chunk.end}>
      {segs.map((seg) => {
        const str = model.text.slice(model.toUtf16(seg.start), model.toUtf16(seg.end));
        if (seg.ids.length === 0) {
          return (
            <span key={seg.start} data-s={seg.start} data-e={seg.end}>
              {str}
            </span>
          );
        }
        const covering = seg.ids.map((id) => byId.get(id)!);
        const starting = covering.filter((c) => c.span.start === seg.start).map((c) => looks.get(c.span.label)?.name ?? c.span.label);
        const names = covering.map((c) => looks.get(c.span.label)?.name ?? c.span.label).join(' + ');
        const cls = ['seg', seg.ids.includes(selectedId ?? '') ? 'sel' : '', seg.ids.includes(hoverId ?? '') ? 'hov' : ''].filter(Boolean).join(' ');
        return (
          <mark
            key={seg.start}
            className={cls}
            data-s={seg.start}
            data-e={seg.end}
            data-ids={seg.ids.join(' ')}
            data-tag={starting.length ? starting.join(' · ') : undefined}
            title={names}
            style={markStyle(covering, looks)}
          >
            {str}
          </mark>
        );
      })}
    </span>
  );
}

const same = (a: ChunkProps, b: ChunkProps) =>
  a.model === b.model &&
  a.chunk === b.chunk &&
  a.looks === b.looks &&
  a.selectedId === b.selectedId &&
  a.hoverId === b.hoverId &&
  a.spans.length === b.spans.length &&
  a.spans.every((s, i) => s === b.spans[i] && a.rows[i] === b.rows[i]);

export const ChunkView = memo(ChunkViewImpl, same);
