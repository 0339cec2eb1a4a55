import { useEffect, useMemo, useState } from 'react';
import { useDiff, useVersions } from '../../guideline/authoring.ts';

/** Every published version, and a diff between any two of them. */
export function HistoryView({ projectId }: { projectId: string }) {
  const versions = useVersions(projectId);
  const list = useMemo(() => versions.data?.versions ?? [], [versions.data]);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  useEffect(() => {
    if (list.length >= 2 && !from && !to) {
      setFrom(list[list.length - 2]!.id);
      setTo(list[list.length - 1]!.id);
    }
  }, [list, from, to]);
  const diff = useDiff(projectId, from, to);
  if (versions.error) return <p role="alert">{versions.error.message}</p>;
  const pick = (value: string | null, set: (v: string) => void, name: string) => (
    <label>
      {name}
      <select value={value ?? ''} onChange={(e) => set(e.target.value)}>
        <option value="">—</option>
        {list.map((v) => (
          <option key={v.id} value={v.id}>
            {v.version}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section aria-label="History">
      <ol>
        {[...list].reverse().map((v) => (
          <li key={v.id}>
            <strong>v{v.version}</strong> · {v.kind.replace('_', ' ')} · {new Date(v.publishedAt).toLocaleString()}
            {v.affectedLabels.length > 0 && ` · labels: ${v.affectedLabels.join(', ')}`} — {v.changelog}
          </li>
        ))}
      </ol>
      <div className="row">
        {pick(from, setFrom, 'Compare')}
        {pick(to, setTo, 'with')}
      </div>
      {diff.data && (
        <div aria-label="Differences">
          {diff.data.added.length + diff.data.removed.length + diff.data.changed.length === 0 && <p>No differences.</p>}
          {diff.data.added.map((s) => (
            <p key={`a-${s.id}`} className="diff-add">
              Added: {s.title}
            </p>
          ))}
          {diff.data.removed.map((s) => (
            <p key={`r-${s.id}`} className="diff-del">
              Removed: {s.title}
            </p>
          ))}
          {diff.data.changed.map((c) => (
            <div key={`c-${c.id}`}>
              <p>
                Changed: <strong>{c.after.title}</strong> ({c.fields.join(', ')})
              </p>
              {c.fields.includes('body') && (
                <div className="diff-lines">
                  {c.body.map((l, k) => (
                    <div key={k} className={l.op === 'add' ? 'diff-add' : l.op === 'del' ? 'diff-del' : ''}>
                      {l.op === 'add' ? '+ ' : l.op === 'del' ? '− ' : '  '}
                      {l.text}
                    </div>
                  ))}
                </div>
              )}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
