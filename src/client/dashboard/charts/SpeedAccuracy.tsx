// Throughput beside accuracy: each annotator is a dot at (items per hour, accuracy). Fast and
// below the dashed threshold is the corner to watch: speed bought with quality.
import { CartesianGrid, LabelList, ReferenceArea, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import { pct, type ThroughputPoint } from '../model.ts';
import { ChartFigure } from './ChartFigure.tsx';

const secs = (s: number) => (s >= 90 ? `${(s / 60).toFixed(1)} min` : `${Math.round(s)} s`);

export function SpeedAccuracy({ points, colors, threshold }: { points: ThroughputPoint[]; colors: Map<string, string>; threshold: number }) {
  const maxRate = Math.max(10, ...points.map((p) => p.itemsPerHour));
  const table = {
    columns: ['Annotator', 'Items per hour', 'Time per item', 'Accuracy', 'Gold items'],
    rows: points.map((p) => [p.annotator.name, p.itemsPerHour.toFixed(1), secs(p.secondsPerItem), pct(p.accuracy), p.n]),
  };
  return (
    <ChartFigure id="speed-accuracy" caption="Speed against accuracy, per annotator" note="shaded: fast but below threshold" table={table}>
      <ResponsiveContainer width="100%" height={280}>
        <ScatterChart margin={{ top: 16, right: 28, bottom: 18, left: 0 }}>
          <CartesianGrid stroke="#e5e7eb" />
          <XAxis
            type="number"
            dataKey="x"
            name="Items per hour"
            domain={[0, Math.ceil(maxRate * 1.15)]}
            tick={{ fontSize: 12, fill: '#4b5563' }}
            label={{ value: 'items per hour', position: 'insideBottom', offset: -10, fontSize: 12, fill: '#4b5563' }}
          />
          <YAxis
            type="number"
            dataKey="y"
            name="Accuracy"
            domain={[0, 1]}
            tickFormatter={(v: number) => pct(v)}
            tick={{ fontSize: 12, fill: '#4b5563' }}
            width={48}
          />
          <ZAxis type="number" dataKey="n" range={[80, 320]} name="Gold items" />
          <ReferenceArea x1={maxRate * 0.5} x2={Math.ceil(maxRate * 1.15)} y1={0} y2={threshold} fill="#fee2e2" fillOpacity={0.6} ifOverflow="hidden" />
          <ReferenceLine y={threshold} stroke="#b91c1c" strokeDasharray="6 4" />
          <Tooltip
            cursor={{ strokeDasharray: '3 3' }}
            content={({ payload }) => {
              const p = (payload?.[0]?.payload as { point?: ThroughputPoint } | undefined)?.point;
              if (!p) return null;
              return (
                <div className="chart-tip">
                  <strong>{p.annotator.name}</strong>
                  <div>
                    {p.itemsPerHour.toFixed(1)} items/h · {secs(p.secondsPerItem)} per item
                  </div>
                  <div>
                    accuracy {pct(p.accuracy, 1)} (n={p.n})
                  </div>
                </div>
              );
            }}
          />
          {points
            .filter((p) => p.accuracy !== null)
            .map((p) => (
              <Scatter
                key={p.annotator.id}
                name={p.annotator.name}
                data={[{ x: p.itemsPerHour, y: p.accuracy, n: p.n, name: p.annotator.name, point: p }]}
                fill={colors.get(p.annotator.id)}
                isAnimationActive={false}
              >
                <LabelList dataKey="name" position="right" style={{ fontSize: 12, fill: '#374151' }} />
              </Scatter>
            ))}
        </ScatterChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
