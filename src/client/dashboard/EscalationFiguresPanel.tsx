// Escalation figures on the lead dashboard: who escalates unusually little (guessing?)
// or much (unclear guideline?), which labels draw escalations, how long rulings take, the open
// backlog by age — and, first, the open escalations past the project's alert age.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { EscalationAlertSetting, EscalationFigures, type EscalationRateRow } from '../../domain/api/index.ts';
import { REASON_TEXT } from '../../domain/escalations/rules.ts';
import { api, retryTransient } from '../api/http.ts';
import { checkNumber, NumberField } from '../settings/fields.tsx';
import { pct } from './model.ts';
import './escalation-figures.css';

const FLAG_TEXT = { high: 'High — the guideline may be unclear here', low: 'Low — possibly guessing instead of asking' } as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const hours = (h: number | null) => (h === null ? '—' : h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} days`);

export function useEscalationFigures(projectId: string) {
  return useQuery({
    queryKey: ['escalation-figures', projectId],
    retry: retryTransient,
    refetchInterval: 60_000,
    queryFn: () => api(`/api/projects/${projectId}/escalation-figures`, EscalationFigures),
  });
}

export function EscalationFiguresPanel({ projectId }: { projectId: string }) {
  const figures = useEscalationFigures(projectId);
  if (figures.error) return <p role="alert">Escalation figures: {figures.error.message}</p>;
  if (!figures.data) return <p>Loading the escalation figures…</p>;
  const f = figures.data;
  return (
    <section className="escalation-figures" aria-labelledby="esc-fig-title">
      <h2 id="esc-fig-title">Escalation figures</h2>
      <OverdueAlert f={f} />
      <p className="dash-summary">
        {plural(f.team.escalations, 'escalation')} of {plural(f.team.worked, 'item')} worked (team rate {pct(f.team.rate, 1)}) · time to resolution: median{' '}
        {hours(f.resolution.medianHours)}, 90th percentile {hours(f.resolution.p90Hours)} over {f.resolution.n} resolved
      </p>
      <div className="chart-grid">
        <RateTable id="esc-by-annotator" title="Escalation rate per annotator" head="Annotator" rows={f.byAnnotator} minWorked={f.minWorked} />
        <RateTable id="esc-by-label" title="Escalation rate per label" head="Label" rows={f.byLabel} minWorked={f.minWorked} />
        <figure aria-labelledby="esc-age-caption">
          <figcaption id="esc-age-caption" className="chart-title">
            Open escalations by age ({f.openTotal} open)
          </figcaption>
          <table className="version-table" aria-labelledby="esc-age-caption">
            <thead>
              <tr>
                <th scope="col">Age</th>
                <th scope="col">Open</th>
              </tr>
            </thead>
            <tbody>
              {f.openByAge.map((b) => (
                <tr key={b.label}>
                  <th scope="row">{b.label}</th>
                  <td>{b.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <AlertAgeForm projectId={projectId} current={f.alertHours} />
        </figure>
      </div>
    </section>
  );
}

function OverdueAlert({ f }: { f: EscalationFigures }) {
  if (f.overdue.count === 0) return <p className="muted">No open escalation is older than {f.alertHours} h.</p>;
  return (
    <div className="alerts" role="alert" aria-labelledby="esc-overdue-title">
      <p id="esc-overdue-title">
        <strong>
          {f.overdue.count} open {f.overdue.count === 1 ? 'escalation is' : 'escalations are'} older than {f.alertHours} h
        </strong>
        {f.overdue.count > f.overdue.escalations.length && <span className="muted"> (the {f.overdue.escalations.length} oldest listed)</span>}
      </p>
      <table className="version-table" aria-label="Overdue escalations">
        <thead>
          <tr>
            <th scope="col">Annotator</th>
            <th scope="col">Reason</th>
            <th scope="col">Waiting</th>
            <th scope="col">Received</th>
          </tr>
        </thead>
        <tbody>
          {f.overdue.escalations.map((e) => (
            <tr key={e.escalationId}>
              <th scope="row">{e.annotatorName}</th>
              <td>{REASON_TEXT[e.reason]}</td>
              <td>{hours(e.ageHours)}</td>
              <td>
                <time dateTime={e.receivedAt}>{new Date(e.receivedAt).toLocaleString()}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RateTable({ id, title, head, rows, minWorked }: { id: string; title: string; head: string; rows: EscalationRateRow[]; minWorked: number }) {
  return (
    <figure className="wide" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>
        <span className="chart-title">{title}</span>
        <span className="chart-note"> · escalations ÷ items worked, 95% interval; flagged against everyone else once {minWorked} items are worked</span>
      </figcaption>
      {rows.length === 0 ? (
        <p className="chart-empty">Nothing worked yet.</p>
      ) : (
        <table className="version-table" aria-labelledby={`${id}-caption`}>
          <thead>
            <tr>
              <th scope="col">{head}</th>
              <th scope="col">Escalations</th>
              <th scope="col">Items worked</th>
              <th scope="col">Rate</th>
              <th scope="col">Others</th>
              <th scope="col">Flag</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} className={r.flag ? `flag-${r.flag}` : undefined}>
                <th scope="row">{r.name}</th>
                <td>{r.escalations}</td>
                <td>{r.worked}</td>
                <td>
                  <strong>{pct(r.rate, 1)}</strong>{' '}
                  {r.rate !== null && (
                    <span className="muted">
                      {pct(r.lower, 1)}–{pct(r.upper, 1)}
                    </span>
                  )}
                </td>
                <td>{pct(r.othersRate, 1)}</td>
                <td>{r.flag ? FLAG_TEXT[r.flag] : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}

function AlertAgeForm({ projectId, current }: { projectId: string; current: number }) {
  const qc = useQueryClient();
  const [value, setValue] = useState(String(current));
  const save = useMutation({
    mutationFn: (alertHours: number) => api(`/api/projects/${projectId}/escalation-settings`, EscalationAlertSetting, { method: 'PUT', body: { alertHours } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['escalation-figures', projectId] }),
  });
  const problem = checkNumber(value, 1, 720, 'the alert age', true);
  return (
    <form
      className="esc-alert-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!problem) save.mutate(Number(value));
      }}
    >
      <NumberField
        label="Alert when an escalation is open longer than"
        help="Hours, 1 to 720."
        value={value}
        onChange={setValue}
        error={problem ?? (save.error ? save.error.message : null)}
        unit="h"
        min={1}
        max={720}
        step={1}
      />
      <button type="submit" disabled={!!problem || save.isPending || Number(value) === current}>
        Save alert age
      </button>
    </form>
  );
}
