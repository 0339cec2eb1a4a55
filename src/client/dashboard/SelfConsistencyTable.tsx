// Hidden repeats: how consistently each annotator answers an item they already did, when
// it comes back unannounced — their repeat answer scored against their own first answer with the
// gold matching rules. A table people and screen readers read cell by cell; too few repeats say so.
import { pct, type SelfConsistencyRow } from './model.ts';

export function SelfConsistencyTable({ rows }: { rows: SelfConsistencyRow[] }) {
  return (
    <figure className="chart wide" aria-labelledby="self-consistency-caption">
      <figcaption id="self-consistency-caption">
        <span className="chart-title">Self-consistency on hidden repeats</span>
        <span className="chart-note"> · each annotator's repeat answers against their own first answers (1 = the same answer again)</span>
      </figcaption>
      {rows.length === 0 ? (
        <p className="chart-empty">No hidden repeats answered yet (turn them on in the project's queue settings).</p>
      ) : (
        <table className="version-table" aria-labelledby="self-consistency-caption">
          <thead>
            <tr>
              <th scope="col">Annotator</th>
              <th scope="col">Repeats answered</th>
              <th scope="col">Mean self-consistency</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.annotator.id}>
                <th scope="row">{r.annotator.name}</th>
                <td>{r.answered}</td>
                <td>{r.mean === null ? <span className="muted">too few repeats (needs {r.minN})</span> : <strong>{pct(r.mean)}</strong>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
