// The lead queue's filters. Every choice comes from a fixed list (statuses, reasons, the
// project's labels, the annotators who escalated, a few ages), matching the server's allow-list.
import { EscalationReason, EscalationStatus, type LabelSchema } from '../../domain/api/index.ts';
import { AGE_CHOICES } from '../../domain/escalations/queue.ts';
import { REASON_TEXT } from '../../domain/escalations/rules.ts';
import type { Filters } from './api.ts';

export const STATUS_TEXT: Record<EscalationStatus, string> = { open: 'Open', resolved: 'Resolved', returned: 'Returned to the annotator' };

export function EscalationFilters({
  value,
  onChange,
  schema,
  annotators,
}: {
  value: Filters;
  onChange: (f: Filters) => void;
  schema: LabelSchema;
  annotators: ReadonlyArray<{ id: string; name: string }>;
}) {
  const set = (patch: Partial<Filters>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="escalation-filters">
      <legend>Filters</legend>
      <label>
        Status
        <select value={value.status} onChange={(e) => set({ status: e.target.value as EscalationStatus })}>
          {EscalationStatus.options.map((s) => (
            <option key={s} value={s}>
              {STATUS_TEXT[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason
        <select value={value.reason ?? ''} onChange={(e) => set({ reason: (e.target.value || undefined) as EscalationReason | undefined })}>
          <option value="">Any reason</option>
          {EscalationReason.options.map((r) => (
            <option key={r} value={r}>
              {REASON_TEXT[r]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Label
        <select value={value.label ?? ''} onChange={(e) => set({ label: e.target.value || undefined })}>
          <option value="">Any label</option>
          {schema.labels.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Annotator
        <select value={value.annotatorId ?? ''} onChange={(e) => set({ annotatorId: e.target.value || undefined })}>
          <option value="">Anyone</option>
          {annotators.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Age
        <select value={value.olderThanHours ?? ''} onChange={(e) => set({ olderThanHours: e.target.value ? Number(e.target.value) : undefined })}>
          {AGE_CHOICES.map((c) => (
            <option key={c.text} value={c.hours ?? ''}>
              {c.text}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
