// Gold accuracy per guideline version: did the last update help the team, and whom did it leave
// behind? A real table (not a drawing): it is read cell by cell, with keyboard and screen reader.
import { accuracyColor, pct, type AnnotatorRef, type VersionCell } from '../model.ts';

const TEAM = '';

export function VersionTable({ cells, annotators, threshold }: { cells: VersionCell[]; annotators: AnnotatorRef[]; threshold: number }) {
  const versions: Array<{ id: string; name: string }> = [];
  for (const c of cells) if (!versions.some((v) => v.id === c.versionId)) versions.push({ id: c.versionId, name: c.version });
  const at = new Map(cells.map((c) => [`${c.annotatorId ?? TEAM}\u0000${c.versionId}`, c]));
  const names = new Map(annotators.map((a) => [a.id, a.name]));
  const rows = [
    { id: TEAM, name: 'Whole team' },
    ...[...new Set(cells.flatMap((c) => (c.annotatorId ? [c.annotatorId] : [])))]
      .map((id) => ({ id, name: names.get(id) ?? 'former member' }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  ];
  return (
    <figure className="chart wide versions" aria-labelledby="versions-caption">
      <figcaption id="versions-caption">
        <span className="chart-title">Gold accuracy per guideline version</span>
        <span className="chart-note"> · mean gold score, 95% interval and number of gold items, by the version each label was made under</span>
      </figcaption>
      {versions.length === 0 ? (
        <p className="chart-empty">No gold scored yet.</p>
      ) : (
        <div className="versions-scroll">
          <table className="version-table" aria-labelledby="versions-caption">
            <thead>
              <tr>
                <th scope="col">Annotator</th>
                {versions.map((v) => (
                  <th key={v.id} scope="col">
                    {v.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className={r.id === TEAM ? 'team' : undefined}>
                  <th scope="row">{r.name}</th>
                  {versions.map((v) => {
                    const c = at.get(`${r.id}\u0000${v.id}`);
                    if (!c || c.accuracy === null)
                      return (
                        <td key={v.id} className="none">
                          —
                        </td>
                      );
                    return (
                      <td key={v.id} style={{ borderLeftColor: accuracyColor(c.accuracy, threshold) }}>
                        <strong>{pct(c.accuracy)}</strong>{' '}
                        <span className="muted">
                          {pct(c.low)}–{pct(c.high)} · n {c.n}
                        </span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}
