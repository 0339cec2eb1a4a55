// Accuracy over time per annotator: the mean as a line, its confidence interval as a faint band
// in the same colour, and the project's threshold as a dashed rule.
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { pct, type AccuracySeries } from '../model.ts';
import { ChartFigure } from './ChartFigure.tsx';

const day = (t: number) => new Date(t).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
const stamp = (t: number) => new Date(t).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export function AccuracyOverTime({ series, colors, threshold }: { series: AccuracySeries[]; colors: Map<string, string>; threshold: number }) {
  // Recharts wants one row per x value with a column per series; a range [low, high] draws a band.
  const rows = new Map<number, Record<string, number | [number, number] | null>>();
  const n = new Map<string, number>();
  for (const s of series) {
    for (const p of s.points) {
      const row = rows.get(p.t) ?? { t: p.t };
      row[`m:${s.annotator.id}`] = p.mean;
      row[`b:${s.annotator.id}`] = p.low !== null && p.high !== null ? [p.low, p.high] : null;
      rows.set(p.t, row);
      n.set(`${s.annotator.id}:${p.t}`, p.n);
    }
  }
  const data = [...rows.values()].sort((a, b) => Number(a.t) - Number(b.t));
  const names = new Map(series.map((s) => [`m:${s.annotator.id}`, s.annotator.name]));
  const table = {
    columns: ['Annotator', 'Time', 'Accuracy', 'Interval', 'Gold items'],
    rows: series.flatMap((s) => s.points.map((p) => [s.annotator.name, stamp(p.t), pct(p.mean), `${pct(p.low)}–${pct(p.high)}`, p.n])),
  };
  return (
    <ChartFigure
      id="accuracy-over-time"
      caption="Accuracy over time, per annotator"
      note={`shaded: 95% interval · dashed: threshold ${pct(threshold)}`}
      table={table}
      className="wide"
    >
      <ResponsiveContainer width="100%" height={300}>
        <ComposedChart data={data} margin={{ top: 10, right: 24, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#e5e7eb" vertical={false} />
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={day} tick={{ fontSize: 12, fill: '#4b5563' }} />
          <YAxis domain={[0, 1]} tickFormatter={(v: number) => pct(v)} tick={{ fontSize: 12, fill: '#4b5563' }} width={48} />
          <ReferenceLine y={threshold} stroke="#b91c1c" strokeDasharray="6 4" ifOverflow="extendDomain" />
          {series.map((s) => (
            <Area
              key={`b${s.annotator.id}`}
              dataKey={`b:${s.annotator.id}`}
              stroke="none"
              fill={colors.get(s.annotator.id)}
              fillOpacity={0.14}
              isAnimationActive={false}
              connectNulls
              legendType="none"
              tooltipType="none"
            />
          ))}
          {series.map((s) => (
            <Line
              key={`m${s.annotator.id}`}
              dataKey={`m:${s.annotator.id}`}
              name={s.annotator.name}
              stroke={colors.get(s.annotator.id)}
              strokeWidth={2.5}
              dot={{ r: 3 }}
              activeDot={{ r: 5 }}
              connectNulls
              isAnimationActive={false}
            />
          ))}
          <Tooltip
            labelFormatter={(t) => stamp(Number(t))}
            formatter={(v, name, item) => {
              const t = Number((item.payload as { t: number }).t);
              const key = String(item.dataKey);
              return [`${pct(Number(v), 1)} (n=${n.get(`${key.slice(2)}:${t}`) ?? 0})`, names.get(key) ?? String(name)];
            }}
          />
          <Legend wrapperStyle={{ fontSize: 13 }} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
