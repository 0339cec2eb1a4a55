import { useId, useState } from 'react';
import { EscalationReason, type GuidelineSection, type LabelClass } from '../../domain/api/index.ts';
import { escalationProblems, NOTE_MAX, REASON_TEXT } from '../../domain/escalations/rules.ts';
import { useModalFocus } from '../components/useModalFocus.ts';
import './escalate.css';

/** What the annotator chose; the screen turns it into an 'escalation.create' in the outbox. */
export interface EscalationChoice {
  reason: EscalationReason;
  note: string;
  labels: string[];
  guidelineRef: string;
  includeTentative: boolean;
}

interface Props {
  /** The project's labels: the ones to choose between when the reason is 'ambiguous'. */
  labels: readonly LabelClass[];
  sections: readonly GuidelineSection[];
  /** Whether the editor holds any labels to include as tentative. */
  hasLabels: boolean;
  /** Resolves when the escalation is in the outbox; a thrown error is shown in the dialog. */
  onSubmit: (choice: EscalationChoice) => Promise<void>;
  onClose: () => void;
}

/**
 * The escalate dialog: modal, focus kept inside (Tab wraps), Escape closes, focus goes back to
 * where it was. Mounted only while open, so every opening starts from a blank form.
 */
export function EscalateDialog({ labels, sections, hasLabels, onSubmit, onClose }: Props) {
  const titleId = useId();
  const ids = { reason: useId(), note: useId(), labels: useId(), section: useId() };
  const { ref, onKeyDown } = useModalFocus(onClose);
  const [reason, setReason] = useState<EscalationReason | null>(null);
  const [note, setNote] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [section, setSection] = useState('');
  const [includeTentative, setIncludeTentative] = useState(hasLabels);
  const [shown, setShown] = useState<ReturnType<typeof escalationProblems> | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const problems = escalationProblems(
    { reason, note, labels: picked },
    labels.map((l) => l.id),
  );
  // Problems show after the first attempt to send, then follow the form as it is corrected.
  const errors = shown ? problems : {};

  const submit = async () => {
    setShown(problems);
    setFailure(null);
    if (Object.keys(problems).length > 0 || !reason || busy) return;
    setBusy(true);
    try {
      await onSubmit({
        reason,
        note: note.trim(),
        labels: reason === 'ambiguous_labels' ? picked : [],
        guidelineRef: section,
        includeTentative: includeTentative && hasLabels,
      });
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  const describe = (field: 'reason' | 'note' | 'labels', id: string) => (errors[field] ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {});
  const error = (field: 'reason' | 'note' | 'labels', id: string) =>
    errors[field] ? (
      <p id={`${id}-error`} className="error-text">
        {errors[field]}
      </p>
    ) : null;

  return (
    <div className="escalate-backdrop">
      <div ref={ref} role="dialog" aria-modal="true" data-own-keys="" aria-labelledby={titleId} className="escalate-dialog" onKeyDown={onKeyDown}>
        <h2 id={titleId}>Escalate this item</h2>
        <p className="hint">A lead will rule on it. The item leaves your queue; nothing is submitted as your answer.</p>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <fieldset {...describe('reason', ids.reason)}>
            <legend>Reason</legend>
            {EscalationReason.options.map((r) => (
              <label key={r}>
                <input type="radio" name="escalation-reason" value={r} checked={reason === r} onChange={() => setReason(r)} />
                {REASON_TEXT[r]}
              </label>
            ))}
            {error('reason', ids.reason)}
          </fieldset>
          {reason === 'ambiguous_labels' && (
            <fieldset {...describe('labels', ids.labels)}>
              <legend>Labels you cannot choose between</legend>
              {labels.map((l) => (
                <label key={l.id}>
                  <input
                    type="checkbox"
                    checked={picked.includes(l.id)}
                    onChange={(e) => setPicked((p) => (e.target.checked ? [...p, l.id] : p.filter((x) => x !== l.id)))}
                  />
                  {l.name}
                </label>
              ))}
              {error('labels', ids.labels)}
            </fieldset>
          )}
          <label htmlFor={ids.note}>Note{reason === 'other' ? ' (required)' : ''}</label>
          <textarea id={ids.note} rows={4} maxLength={NOTE_MAX + 200} value={note} onChange={(e) => setNote(e.target.value)} {...describe('note', ids.note)} />
          {error('note', ids.note)}
          <label htmlFor={ids.section}>Guideline section it concerns</label>
          <select id={ids.section} value={section} onChange={(e) => setSection(e.target.value)}>
            <option value="">None in particular</option>
            {sections.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
          <label className="inline">
            <input type="checkbox" checked={includeTentative && hasLabels} disabled={!hasLabels} onChange={(e) => setIncludeTentative(e.target.checked)} />
            Include my current labels as tentative{hasLabels ? '' : ' (you have none on this item)'}
          </label>
          {failure && (
            <p role="alert" className="error-text">
              {failure}
            </p>
          )}
          {shown && Object.keys(problems).length > 0 && (
            <p role="alert" className="error-text">
              The escalation was not sent: {Object.values(problems).join(' ')}
            </p>
          )}
          <div className="actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy}>
              Escalate
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
