// Confusion matrix of gold truth (rows) against what annotators answered (columns), with a
// "missed" column and an "extra" row for unmatched shapes or spans. Correct answers sit on the
// diagonal in green; confusions in blue, darker when more frequent.
import type { ConfusionCell } from '../model.ts';
import { ChartFigure } from './ChartFigure.tsx';

export const NONE = '∅';

export function ConfusionMatrix({ labels, cells }: { labels: Array<{ id: string; name: string }>; cells: ConfusionCell[] }) {
  const used = new Set(cells.flatMap((c) => [c.truth, c.answer]));
  const shown = labels.filter((l) => used.has(l.id));
  const rows = [...shown.map((l) => ({ id: l.id, name: l.name })), ...(used.has(NONE) ? [{ id: NONE, name: 'extra (no gold)' }] : [])];
  const cols = [...shown.map((l) => ({ id: l.id, name: l.name })), ...(used.has(NONE) ? [{ id: NONE, name: 'missed' }] : [])];
  const count = new Map(cells.map((c) => [`${c.truth}\u0000${c.answer}`, c.count]));
  const maxOff = Math.max(1, ...cells.filter((c) => c.truth !== c.answer).map((c) => c.count));
  const rowTotal = (id: string) => cells.filter((c) => c.truth === id).reduce((s, c) => s + c.count, 0);
  const name = new Map([...rows, ...cols].map((r) => [r.id, r.name]));
  const table = {
    columns: ['Gold label', 'Answered', 'Count'],
    rows: cells.filter((c) => c.count > 0).map((c) => [name.get(c.truth) ?? c.truth, name.get(c.answer) ?? c.answer, c.count]),
  };
  return (
    <ChartFigure id="confusion" caption="Confusion matrix: gold label × answered label" note="rows: gold · columns: answered" table={table}>
      <div
        className="confusion"
        style={{
          display: 'grid',
          gridTemplateColumns: `minmax(6rem, max-content) repeat(${cols.length}, minmax(2.8rem, 4.5rem))`,
          gridAutoRows: 'minmax(1.9rem, auto)',
        }}
      >
        <span className="corner">gold ↓ · answer →</span>
        {cols.map((c) => (
          <span key={c.id} className="heat-col">
            {c.name}
          </span>
        ))}
        {rows.map((r) => (
          <ConfusionRow key={r.id} row={r} cols={cols} count={count} maxOff={maxOff} total={rowTotal(r.id)} />
        ))}
      </div>
    </ChartFigure>
  );
}

function ConfusionRow({
  row,
  cols,
  count,
  maxOff,
  total,
}: {
  row: { id: string; name: string };
  cols: Array<{ id: string; name: string }>;
  count: Map<string, number>;
  maxOff: number;
  total: number;
}) {
  return (
    <>
      <span className="heat-row">{row.name}</span>
      {cols.map((c) => {
        const n = count.get(`${row.id}\u0000${c.id}`) ?? 0;
        const diagonal = row.id === c.id;
        const strength = diagonal ? (total > 0 ? n / total : 0) : n / maxOff;
        const bg = n === 0 ? '#f9fafb' : diagonal ? `rgb(21 128 61 / ${0.15 + 0.75 * strength})` : `rgb(29 78 216 / ${0.12 + 0.78 * strength})`;
        const share = total > 0 ? ` (${Math.round((n / total) * 100)}% of ${row.name})` : '';
        return (
          <span
            key={c.id}
            className={`heat-cell ${strength > 0.55 ? 'dark' : ''}`}
            style={{ background: bg }}
            title={`gold ${row.name} → answered ${c.name}: ${n}${share}`}
          >
            {n > 0 ? n : ''}
          </span>
        );
      })}
    </>
  );
}
