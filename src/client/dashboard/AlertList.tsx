// Drift, threshold and systemic alerts, each with the actions the project's policy allows.
import type { AlertView } from './model.ts';

export function AlertList({ alerts, onAction, busy, error }: { alerts: AlertView[]; onAction: (alert: AlertView, actionId: string) => void; busy: string | null; error: string | null }) {
  return (
    <section className="alerts" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts {alerts.length > 0 && <span className="count">{alerts.length}</span>}</h2>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      {alerts.length === 0 ? (
        <p className="muted">No alerts: everyone is at or above the threshold.</p>
      ) : (
        <ul>
          {alerts.map((a) => (
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
    </section>
  );
}
