// One escalation in front of the lead: the item in the annotators' own editor with the
// annotator's tentative labels loaded, what they said, and the two ways to answer — resolve with
// a ruling (the labels in the editor + an explanation, optionally into the gold set) or return
// it with a comment. With escalations checked in the list, the same ruling or comment goes to all
// of them at once (all or nothing: the server refuses the lot if one was decided meanwhile).
import { forwardRef, useImperativeHandle, useRef, useState } from 'react';
import { emptyAnnotation, payloadSummary, type LeadEscalation, type ProjectDetail } from '../../domain/api/index.ts';
import { ApiError } from '../api/http.ts';
import { StandaloneEditor, useEditorHolds } from '../editor/StandaloneEditor.tsx';
import { useEditor } from '../editor/store.ts';
import { useDecideEscalations, useEscalationDetail } from './api.ts';
import { EscalationFacts } from './EscalationFacts.tsx';
import { STATUS_TEXT } from './EscalationFilters.tsx';

export interface WorkspaceHandle {
  resolve(): void;
  ret(): void;
}

interface Props {
  escalation: LeadEscalation;
  project: ProjectDetail;
  /** Checked in the list for a bulk decision (may or may not include this one). */
  checked: readonly string[];
  nameOf: (id: string) => string;
  onDecided: (ids: string[]) => void;
}

export const EscalationWorkspace = forwardRef<WorkspaceHandle, Props>(function EscalationWorkspace({ escalation, project, checked, nameOf, onDecided }, ref) {
  const detail = useEscalationDetail(project.id, escalation.id);
  const decide = useDecideEscalations(project.id);
  const [explanation, setExplanation] = useState('');
  const [comment, setComment] = useState('');
  const [toGold, setToGold] = useState(false);
  const [missing, setMissing] = useState<string | null>(null);
  const explanationRef = useRef<HTMLTextAreaElement>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const ready = useEditorHolds(detail.data?.item.id ?? '');
  const open = escalation.status === 'open';

  const send = (action: 'resolve' | 'return', ids: string[]) => {
    if (!open || decide.isPending) return;
    const text = (action === 'resolve' ? explanation : comment).trim();
    if (!text) {
      setMissing(
        action === 'resolve'
          ? 'Write an explanation of the ruling: the annotator reads it, and the gold set keeps it as the justification.'
          : 'Write a comment: say what the annotator should do with the item.',
      );
      (action === 'resolve' ? explanationRef : commentRef).current?.focus();
      return;
    }
    if (action === 'resolve' && !ready) return;
    setMissing(null);
    const decision =
      action === 'resolve' ? { action, ruling: useEditor.getState().payload, explanation: text, promoteToGold: toGold } : { action, explanation: text };
    decide.mutate({ ids, decision, bulk: ids.length > 1 || ids[0] !== escalation.id }, { onSuccess: () => onDecided(ids) });
  };
  useImperativeHandle(ref, () => ({ resolve: () => send('resolve', [escalation.id]), ret: () => send('return', [escalation.id]) }));

  if (!open) return <DecidedEscalation e={escalation} project={project} />;
  const err = decide.error;
  const alreadyDecided =
    err instanceof ApiError ? ((err.details as { alreadyDecided?: Array<{ id: string; status: string }> } | undefined)?.alreadyDecided ?? []) : [];
  return (
    <section className="escalation-work" aria-label="Escalation">
      <EscalationFacts e={escalation} schema={project.labelSchema} />
      {detail.error && <p role="alert">{detail.error.message}</p>}
      {!detail.data && !detail.error && <p role="status">Loading the item…</p>}
      {detail.data && (
        <StandaloneEditor
          item={{ ...detail.data.item, projectId: project.id }}
          schema={project.labelSchema}
          initial={detail.data.tentative ?? emptyAnnotation()}
          onSave={() => send('resolve', [escalation.id])}
        />
      )}
      <div className="escalation-answers">
        <form className="escalation-answer" aria-label="Resolve" onSubmit={(e) => (e.preventDefault(), send('resolve', [escalation.id]))}>
          <label>
            Explanation of the ruling
            <textarea
              ref={explanationRef}
              value={explanation}
              onChange={(e) => setExplanation(e.target.value)}
              onKeyDown={(e) => (e.ctrlKey || e.metaKey) && e.key === 'Enter' && (e.preventDefault(), send('resolve', [escalation.id]))}
              rows={3}
              maxLength={4000}
            />
          </label>
          <label className="inline">
            <input type="checkbox" checked={toGold} onChange={(e) => setToGold(e.target.checked)} /> Add to gold set
          </label>
          <p className="muted">The ruling is the labels in the editor above.</p>
          <div className="actions">
            <button type="submit" className="primary" aria-keyshortcuts="R Control+Enter" disabled={decide.isPending || !ready}>
              Resolve
            </button>
            {checked.length > 0 && (
              <button type="button" onClick={() => send('resolve', [...checked])} disabled={decide.isPending || !ready}>
                Resolve {checked.length} checked
              </button>
            )}
          </div>
        </form>
        <form className="escalation-answer" aria-label="Return" onSubmit={(e) => (e.preventDefault(), send('return', [escalation.id]))}>
          <label>
            Comment for the annotator
            <textarea ref={commentRef} value={comment} onChange={(e) => setComment(e.target.value)} rows={3} maxLength={4000} />
          </label>
          <div className="actions">
            <button type="submit" aria-keyshortcuts="Shift+R" disabled={decide.isPending}>
              Return to annotator
            </button>
            {checked.length > 0 && (
              <button type="button" onClick={() => send('return', [...checked])} disabled={decide.isPending}>
                Return {checked.length} checked
              </button>
            )}
          </div>
        </form>
      </div>
      {missing && (
        <p role="alert" className="error-text">
          {missing}
        </p>
      )}
      {err && (
        <div role="alert" className="error-text">
          <p>{err.message}</p>
          {alreadyDecided.length > 0 && (
            <ul aria-label="Already decided">
              {alreadyDecided.map((d) => (
                <li key={d.id}>
                  {nameOf(d.id)}: {STATUS_TEXT[d.status as LeadEscalation['status']] ?? d.status}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
});

function DecidedEscalation({ e, project }: { e: LeadEscalation; project: ProjectDetail }) {
  return (
    <section className="escalation-work" aria-label="Decided escalation">
      <h2>{STATUS_TEXT[e.status]}</h2>
      <EscalationFacts e={e} schema={project.labelSchema} />
      <dl className="escalation-facts">
        {e.ruling && (
          <>
            <dt>Ruling</dt>
            <dd>{payloadSummary(e.ruling, project.labelSchema)}</dd>
          </>
        )}
        <dt>{e.status === 'resolved' ? 'Explanation' : 'Comment'}</dt>
        <dd>{e.explanation}</dd>
        <dt>Decided by</dt>
        <dd>
          {e.decidedBy?.name ?? '—'}
          {e.decidedAt ? `, ${new Date(e.decidedAt).toLocaleString()}` : ''}
        </dd>
      </dl>
    </section>
  );
}
