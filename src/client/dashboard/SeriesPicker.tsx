// Whose accuracy line to draw. A thousand lines are unreadable, so the server draws a few (alerts
// first, then the lowest accuracy); the lead may pick others here.
import { useState } from 'react';
import type { AnnotatorRef } from './model.ts';

/** Most lines a lead may ask for at once (the server's limit too). */
const MAX_LINES = 50;

export function SeriesPicker({
  annotators,
  drawn,
  total,
  chosen,
  onChoose,
}: {
  annotators: AnnotatorRef[];
  drawn: string[];
  total: number;
  chosen: string[];
  onChoose: (ids: string[]) => void;
}) {
  const [draft, setDraft] = useState<string[] | null>(null);
  const [filter, setFilter] = useState('');
  const selected = draft ?? drawn;
  const toggle = (id: string) => setDraft(selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id]);
  const shown = annotators.filter((a) => a.name.toLowerCase().includes(filter.trim().toLowerCase()));
  const tooMany = selected.length > MAX_LINES;
  return (
    <details className="series-picker">
      <summary>
        Accuracy lines: {drawn.length} of {total} annotators{chosen.length > 0 ? ' (your choice)' : ' (alerts and lowest accuracy first)'}
      </summary>
      <div className="series-picker-body">
        <label>
          Find annotator <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
        <fieldset>
          <legend>Draw lines for</legend>
          <ul>
            {shown.map((a) => (
              <li key={a.id}>
                <label>
                  <input type="checkbox" checked={selected.includes(a.id)} onChange={() => toggle(a.id)} /> {a.name}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        {tooMany && (
          <p role="alert" className="error-text">
            At most {MAX_LINES} lines at once: {selected.length} are ticked.
          </p>
        )}
        <div className="series-picker-actions">
          <button type="button" disabled={tooMany || selected.length === 0} onClick={() => onChoose(selected)}>
            Draw these lines
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft(null);
              onChoose([]);
            }}
          >
            Let Touchstone choose
          </button>
        </div>
      </div>
    </details>
  );
}
