// Per-label accuracy: annotators down, labels across, each cell coloured by accuracy (red below
// the threshold, green well above); cells with too few scores are grey. Hover or focus shows n.
import { accuracyColor, pct, type AnnotatorRef, type HeatCell } from '../model.ts';
import { ChartFigure } from './ChartFigure.tsx';

export function LabelHeatmap({
  annotators,
  labels,
  cells,
  colors,
  threshold,
}: {
  annotators: AnnotatorRef[];
  labels: Array<{ id: string; name: string }>;
  cells: HeatCell[];
  colors: Map<string, string>;
  threshold: number;
}) {
  const at = new Map(cells.map((c) => [`${c.annotatorId}\u0000${c.label}`, c]));
  const labelName = new Map(labels.map((l) => [l.id, l.name]));
  const table = {
    columns: ['Annotator', 'Label', 'Accuracy', 'Interval', 'Gold items'],
    rows: cells.map((c) => [
      annotators.find((a) => a.id === c.annotatorId)?.name ?? c.annotatorId,
      labelName.get(c.label) ?? c.label,
      c.sufficient ? pct(c.accuracy) : 'too few',
      `${pct(c.low)}–${pct(c.high)}`,
      c.n,
    ]),
  };
  return (
    <ChartFigure id="label-heatmap" caption="Accuracy per label and annotator" note="grey: too few gold items to judge" table={table}>
      <div className="heatmap" style={{ gridTemplateColumns: `minmax(7rem, max-content) repeat(${labels.length}, minmax(3.2rem, 1fr))` }}>
        <span />
        {labels.map((l) => (
          <span key={l.id} className="heat-col">
            {l.name}
          </span>
        ))}
        {annotators.map((a) => (
          <HeatRow key={a.id} annotator={a} color={colors.get(a.id)} labels={labels} at={at} threshold={threshold} />
        ))}
      </div>
      <div className="heat-legend">
        <span>0%</span>
        <span
          className="heat-scale"
          style={{
            background: `linear-gradient(90deg, ${accuracyColor(0, threshold)}, ${accuracyColor(threshold, threshold)} ${threshold * 100}%, ${accuracyColor(1, threshold)})`,
          }}
        />
        <span>100%</span>
        <span className="heat-cell insufficient legend-swatch" /> <span>too few</span>
      </div>
    </ChartFigure>
  );
}

function HeatRow({
  annotator,
  color,
  labels,
  at,
  threshold,
}: {
  annotator: AnnotatorRef;
  color: string | undefined;
  labels: Array<{ id: string; name: string }>;
  at: Map<string, HeatCell>;
  threshold: number;
}) {
  return (
    <>
      <span className="heat-row">
        <span className="dot" style={{ background: color }} />
        {annotator.name}
      </span>
      {labels.map((l) => {
        const c = at.get(`${annotator.id}\u0000${l.id}`);
        const ok = c && c.sufficient && c.accuracy !== null;
        const tip = c
          ? `${annotator.name} · ${l.name}: ${ok ? pct(c.accuracy) : 'too few to judge'} (n=${c.n}${ok ? `, ${pct(c.low)}–${pct(c.high)}` : ''})`
          : `${annotator.name} · ${l.name}: no gold yet`;
        return (
          <span
            key={l.id}
            className={`heat-cell ${ok ? '' : 'insufficient'}`}
            style={ok ? { background: accuracyColor(c.accuracy ?? 0, threshold) } : undefined}
            title={tip}
          >
            {ok ? pct(c.accuracy) : c ? `n=${c.n}` : ''}
          </span>
        );
      })}
    </>
  );
}
