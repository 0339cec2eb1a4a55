import type { ReactNode } from 'react';

export interface FigureTable {
  columns: string[];
  rows: Array<Array<string | number>>;
}

/**
 * A chart with a caption people read first, and the same figures as a table for screen readers
 * (the drawing itself is hidden from them: an SVG of dots says nothing aloud).
 */
export function ChartFigure({
  id,
  caption,
  note,
  table,
  children,
  className,
}: {
  id: string;
  caption: string;
  note?: ReactNode;
  table: FigureTable;
  children: ReactNode;
  className?: string;
}) {
  return (
    <figure className={`chart ${className ?? ''}`} aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>
        <span className="chart-title">{caption}</span>
        {note && <span className="chart-note">{note}</span>}
      </figcaption>
      {/* inert as well as hidden: the chart library makes its drawing focusable, and a hidden
          element must hold nothing the keyboard can reach (the table says it all). */}
      <div className="chart-body" aria-hidden="true" inert>
        {children}
      </div>
      <table className="visually-hidden">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={i}>
              {r.map((v, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {v}
                  </th>
                ) : (
                  <td key={j}>{v}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {table.rows.length === 0 && <p className="chart-empty">No data yet.</p>}
    </figure>
  );
}
