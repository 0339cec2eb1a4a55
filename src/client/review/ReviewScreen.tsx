// The review stage for leads: sampled live labels one after another in the annotators' own
// editors. Accept (A) keeps the label; edit and save the correction (Ctrl+Enter) to make it the
// annotator's new current revision with you recorded as reviewer. Decided reviews stay listable.
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { payloadSummary, type ProjectDetail, type ReviewStatus, type ReviewTask } from '../../domain/api/index.ts';
import { useProject } from '../api/hooks.ts';
import { StandaloneEditor, useEditorHolds } from '../editor/StandaloneEditor.tsx';
import { useEditor } from '../editor/store.ts';
import { useDecideReview, useReviews } from './api.ts';
import { ReviewRateForm } from './ReviewRateForm.tsx';
import './review.css';

const STATUS_LABEL: Record<ReviewStatus, string> = {
  open: 'Waiting for review',
  accepted: 'Accepted',
  corrected: 'Corrected',
  superseded: 'Superseded by a newer label',
};

export function ReviewScreen() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  const [status, setStatus] = useState<ReviewStatus>('open');
  const reviews = useReviews(projectId, status);
  const [picked, setPicked] = useState<string | null>(null);
  const list = reviews.data?.reviews ?? [];
  const current = list.find((r) => r.id === picked) ?? (status === 'open' ? list[0] : undefined);

  if (project.error) return <p role="alert">{project.error.message}</p>;
  if (!project.data) return <p>Loading…</p>;
  return (
    <main className="review">
      <header className="annotate-bar">
        <h1>{project.data.name}: review</h1>
        <span aria-label="Open reviews">{reviews.data ? `${reviews.data.open} waiting` : ''}</span>
        <Link to={`/projects/${projectId}/dashboard`}>Dashboard</Link>
      </header>
      <ReviewRateForm projectId={projectId} />
      <div className="review-layout">
        <nav className="review-list" aria-label="Sampled labels">
          <label>
            Show{' '}
            <select value={status} onChange={(e) => (setStatus(e.target.value as ReviewStatus), setPicked(null))}>
              {(Object.keys(STATUS_LABEL) as ReviewStatus[]).map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABEL[s].toLowerCase()}
                </option>
              ))}
            </select>
          </label>
          {reviews.error && <p role="alert">{reviews.error.message}</p>}
          {reviews.data && list.length === 0 && <p>{status === 'open' ? 'Nothing waiting for review.' : 'None.'}</p>}
          <ul>
            {list.map((r) => (
              <li key={r.id}>
                <button type="button" aria-current={r.id === current?.id ? 'true' : undefined} onClick={() => setPicked(r.id)}>
                  <span className="review-item-name">{r.item.name ?? `#${r.item.id.slice(-6)}`}</span>
                  <span>
                    {r.annotator.name}: <span className="muted">{payloadSummary(r.payload, project.data!.labelSchema)}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        {current ? (
          current.status === 'open' ? (
            <ReviewWorkspace key={current.id} review={current} project={project.data} onDone={() => setPicked(null)} />
          ) : (
            <DecidedReview review={current} project={project.data} />
          )
        ) : null}
      </div>
    </main>
  );
}

function ReviewWorkspace({ review, project, onDone }: { review: ReviewTask; project: ProjectDetail; onDone: () => void }) {
  const decide = useDecideReview(project.id);
  const [comment, setComment] = useState('');
  const ready = useEditorHolds(review.item.id);
  const send = (action: 'accept' | 'correct') => {
    if (!ready || decide.isPending) return;
    const decision = action === 'accept' ? { action, comment } : { action, comment, payload: useEditor.getState().payload };
    decide.mutate({ reviewId: review.id, decision }, { onSuccess: onDone });
  };
  // A accepts from anywhere but a text field (the editors leave A free).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))))
        return;
      if (e.key === 'a' || e.key === 'A') {
        e.preventDefault();
        send('accept');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  const problems = (decide.error as { details?: { problems?: Array<{ path: string; message: string }> } } | null)?.details?.problems ?? [];
  return (
    <section className="review-work" aria-label="Label under review">
      <p className="review-meta">
        <strong>{review.annotator.name}</strong> · revision {review.revision} · guideline {review.guidelineVersion} · sampled{' '}
        {new Date(review.createdAt).toLocaleString()}
      </p>
      <StandaloneEditor
        item={{ ...review.item, projectId: project.id }}
        schema={project.labelSchema}
        initial={review.payload}
        onSave={() => send('correct')}
        actions={
          <>
            <button type="button" className="primary" onClick={() => send('accept')} aria-keyshortcuts="A" disabled={decide.isPending}>
              Accept
            </button>
            <button type="button" onClick={() => send('correct')} aria-keyshortcuts="Control+Enter" disabled={decide.isPending}>
              Save correction
            </button>
          </>
        }
      />
      <label className="review-comment">
        Comment for the record <span className="muted">(optional)</span>
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} maxLength={2000} />
      </label>
      {decide.error && (
        <div role="alert" className="error-text">
          <p>{decide.error.message}</p>
          {problems.length > 1 && (
            <ul>
              {problems.map((p, i) => (
                <li key={i}>
                  {p.path}: {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

function DecidedReview({ review, project }: { review: ReviewTask; project: ProjectDetail }) {
  const schema = project.labelSchema;
  return (
    <section className="review-work" aria-label="Decided review">
      <h2>{STATUS_LABEL[review.status]}</h2>
      <dl>
        <dt>Annotator</dt>
        <dd>{review.annotator.name}</dd>
        <dt>Their labels</dt>
        <dd>{payloadSummary(review.payload, schema)}</dd>
        {review.correction && (
          <>
            <dt>Correction</dt>
            <dd>{payloadSummary(review.correction, schema)}</dd>
          </>
        )}
        <dt>Reviewer</dt>
        <dd>{review.reviewer ? `${review.reviewer.name}, ${review.decidedAt ? new Date(review.decidedAt).toLocaleString() : ''}` : '—'}</dd>
        {review.comment && (
          <>
            <dt>Comment</dt>
            <dd>{review.comment}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
