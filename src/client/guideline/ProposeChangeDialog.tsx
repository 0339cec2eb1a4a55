// "Propose guideline change": a lead, looking at one or more escalations, proposes what
// a guideline section should say; it lands in the guideline author's inbox linked to them.
// Self-contained for the lead's escalation screen: give it the project and the escalation ids.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { GuidelineProposal } from '../../domain/api/index.ts';
import { useProject } from '../api/hooks.ts';
import { useModalFocus } from '../components/useModalFocus.ts';
import { createProposal, proposalsKey } from './proposals.ts';
import './proposals.css';

const TEXT_MAX = 4000;

interface Props {
  projectId: string;
  escalationIds: readonly string[];
  /** Called with the new proposal once it is stored, or with null when the lead cancels. */
  onDone: (created: GuidelineProposal | null) => void;
}

/** Modal: focus kept inside (Tab wraps), Escape cancels, focus returns to where it was. */
export function ProposeChangeDialog({ projectId, escalationIds, onDone }: Props) {
  const qc = useQueryClient();
  const project = useProject(projectId);
  const titleId = useId();
  const ids = { section: useId(), text: useId() };
  const { ref, onKeyDown } = useModalFocus(() => onDone(null));
  const [section, setSection] = useState('');
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const trimmed = text.trim();
  const problem =
    trimmed.length === 0
      ? 'Say what the guideline should say.'
      : trimmed.length > TEXT_MAX
        ? `The proposal is ${trimmed.length} characters long; at most ${TEXT_MAX} are allowed.`
        : escalationIds.length === 0
          ? 'Choose at least one escalation to link.'
          : null;

  const submit = async () => {
    setTried(true);
    setFailure(null);
    if (problem || busy) return;
    setBusy(true);
    try {
      const created = await createProposal(projectId, { escalationIds: [...escalationIds], sectionId: section, text: trimmed });
      await qc.invalidateQueries({ queryKey: proposalsKey(projectId) });
      onDone(created);
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  const sections = project.data?.guideline.sections ?? [];
  return (
    <div className="proposal-backdrop">
      <div ref={ref} role="dialog" aria-modal="true" data-own-keys="" aria-labelledby={titleId} className="proposal-dialog" onKeyDown={onKeyDown}>
        <h2 id={titleId}>Propose guideline change</h2>
        <p className="hint">
          Goes to the guideline author’s inbox, linked to {escalationIds.length} {escalationIds.length === 1 ? 'escalation' : 'escalations'} so they see the
          doubts and your rulings.
        </p>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label htmlFor={ids.section}>Guideline section</label>
          <select id={ids.section} value={section} onChange={(e) => setSection(e.target.value)}>
            <option value="">A new section</option>
            {sections.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
          <label htmlFor={ids.text}>What the guideline should say</label>
          <textarea
            id={ids.text}
            rows={6}
            maxLength={TEXT_MAX + 200}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={tried && !!problem}
            aria-describedby={tried && problem ? `${ids.text}-error` : undefined}
          />
          {tried && problem && (
            <p id={`${ids.text}-error`} role="alert" className="error-text">
              {problem}
            </p>
          )}
          {failure && (
            <p role="alert" className="error-text">
              The proposal was not sent: {failure}
            </p>
          )}
          <div className="actions">
            <button type="button" onClick={() => onDone(null)}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy}>
              Send to the guideline author
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
