// Drift, threshold, systemic and gold-exposure alerts, each with the actions the project's policy
// allows. A large team can raise hundreds: the most severe come first and the rest on request.
import { useState } from 'react';
import type { AlertView, AnnotatorRef } from './model.ts';

const FIRST = 20;
const RANK = { critical: 0, warning: 1, info: 2 } as const;

/**
 * `unjudged`: annotators with too few gold scores for any figure; "no alerts" says nothing about
 * them, so the list names them instead of claiming everyone is above the threshold.
 */
export function AlertList({
  alerts,
  onAction,
  busy,
  error,
  unjudged = [],
}: {
  alerts: AlertView[];
  onAction: (alert: AlertView, actionId: string) => void;
  busy: string | null;
  error: string | null;
  unjudged?: AnnotatorRef[];
}) {
  const [all, setAll] = useState(false);
  const ranked = [...alerts].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  const shown = all ? ranked : ranked.slice(0, FIRST);
  return (
    <section className="alerts" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts {alerts.length > 0 && <span className="count">{alerts.length}</span>}</h2>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {alerts.length === 0 ? (
        <p className="muted">
          {unjudged.length === 0
            ? 'No alerts: everyone is at or above the threshold.'
            : `No alerts among annotators with enough gold scores. Too few scores to judge yet: ${unjudged.map((a) => a.name).join(', ')}.`}
        </p>
      ) : (
        <ul>
          {shown.map((a) => (
            <li key={a.id} className={`alert ${a.severity}`}>
              <div className="alert-text">
                <strong>{a.title}</strong>
                <span>{a.detail}</span>
                {a.at && <time dateTime={a.at}>{new Date(a.at).toLocaleString()}</time>}
              </div>
              <div className="alert-actions">
                {a.actions.map((act) => (
                  <button key={act.id} type="button" disabled={busy === `${a.id}:${act.id}`} onClick={() => onAction(a, act.id)}>
                    {act.title}
                  </button>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
      {alerts.length > FIRST && (
        <button type="button" onClick={() => setAll(!all)}>
          {all ? `Show the first ${FIRST} alerts only` : `Show all ${alerts.length} alerts`}
        </button>
      )}
    </section>
  );
}
