// The guideline author's inbox: guideline changes leads proposed from escalations, each
// with the escalations behind it (the annotator's doubt and the lead's ruling), to accept —
// optionally naming the version that settled it — or decline with a reason.
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { payloadSummary, type GuidelineProposal, type LabelSchema, type ProposalQuery, type VersionSummary } from '../../domain/api/index.ts';
import { REASON_TEXT } from '../../domain/escalations/rules.ts';
import { useProject } from '../api/hooks.ts';
import { useVersions } from './authoring.ts';
import { decideProposal, proposalsKey, useProposals } from './proposals.ts';
import './proposals.css';

type Filter = ProposalQuery['status'];
const FILTERS: Array<{ id: Filter; text: string }> = [
  { id: 'open', text: 'Open' },
  { id: 'accepted', text: 'Accepted' },
  { id: 'declined', text: 'Declined' },
  { id: 'all', text: 'All' },
];
const STATUS_TEXT = { open: 'Open', accepted: 'Accepted', declined: 'Declined' } as const;
const ESCALATION_STATUS = { open: 'waiting for a ruling', resolved: 'ruled', returned: 'returned to the annotator' } as const;

export function ProposalInbox({ projectId }: { projectId: string }) {
  const [filter, setFilter] = useState<Filter>('open');
  const list = useProposals(projectId, filter);
  const project = useProject(projectId);
  const versions = useVersions(projectId);
  const headingId = useId();

  return (
    <section className="proposal-inbox" aria-labelledby={headingId}>
      <h2 id={headingId}>Inbox {list.data && list.data.open > 0 && <span className="count">{list.data.open} open</span>}</h2>
      <p className="hint">Guideline changes proposed by leads from escalations they ruled on.</p>
      <div role="group" aria-label="Show proposals" className="proposal-filter">
        {FILTERS.map((f) => (
          <button key={f.id} type="button" aria-pressed={filter === f.id} onClick={() => setFilter(f.id)}>
            {f.text}
          </button>
        ))}
      </div>
      {list.error && <p role="alert">{list.error.message}</p>}
      {!list.data && !list.error && <p>Loading the inbox…</p>}
      {list.data && list.data.proposals.length === 0 && <p className="muted">{filter === 'open' ? 'No open proposals.' : 'No proposals here.'}</p>}
      {list.data && list.data.proposals.length > 0 && (
        <ul className="proposal-list">
          {list.data.proposals.map((p) => (
            <li key={p.id}>
              <ProposalCard projectId={projectId} proposal={p} schema={project.data?.labelSchema ?? null} versions={versions.data?.versions ?? []} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ProposalCard({
  projectId,
  proposal: p,
  schema,
  versions,
}: {
  projectId: string;
  proposal: GuidelineProposal;
  schema: LabelSchema | null;
  versions: VersionSummary[];
}) {
  const titleId = useId();
  const section = p.sectionId === '' ? 'A new section' : `Section “${p.sectionTitle}”`;
  return (
    <article aria-labelledby={titleId} className={`proposal ${p.status}`}>
      <h3 id={titleId}>
        {section} <span className="proposal-status">· {STATUS_TEXT[p.status]}</span>
      </h3>
      <p className="muted">
        Proposed by {p.proposedBy.name}, <time dateTime={p.createdAt}>{new Date(p.createdAt).toLocaleString()}</time>
      </p>
      <blockquote className="proposal-text">{p.text}</blockquote>
      <h4>Escalations behind it ({p.escalations.length})</h4>
      <ul className="proposal-escalations">
        {p.escalations.map((e) => (
          <li key={e.id}>
            <dl>
              <dt>Reason</dt>
              <dd>
                {REASON_TEXT[e.reason]}
                {e.labels.length > 0 && ` (${e.labels.join(', ')})`} — {e.annotatorName}
              </dd>
              {e.note && (
                <>
                  <dt>Note</dt>
                  <dd>{e.note}</dd>
                </>
              )}
              <dt>Ruling</dt>
              <dd>
                {e.status === 'resolved' && e.ruling
                  ? `${schema ? payloadSummary(e.ruling, schema) : ''} — ${e.explanation}`
                  : e.status === 'returned'
                    ? `Returned: ${e.explanation}`
                    : ESCALATION_STATUS[e.status]}
              </dd>
            </dl>
          </li>
        ))}
      </ul>
      {p.status === 'open' ? (
        <DecisionForm projectId={projectId} proposal={p} versions={versions} />
      ) : (
        <p className="proposal-decision">
          {STATUS_TEXT[p.status]} by {p.decidedBy?.name ?? 'someone'}
          {p.settledByVersion && ` · settled by v${p.settledByVersion.version}`}
          {p.comment && ` · “${p.comment}”`}
        </p>
      )}
    </article>
  );
}

function DecisionForm({ projectId, proposal, versions }: { projectId: string; proposal: GuidelineProposal; versions: VersionSummary[] }) {
  const qc = useQueryClient();
  const ids = { version: useId(), comment: useId() };
  const [versionId, setVersionId] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const decide = async (action: 'accept' | 'decline') => {
    setError(null);
    if (action === 'decline' && comment.trim() === '') {
      setError('Say why the proposal is declined: the lead reads it.');
      return;
    }
    setBusy(true);
    try {
      await decideProposal(
        projectId,
        proposal.id,
        action === 'accept' ? { action, comment: comment.trim(), ...(versionId ? { versionId } : {}) } : { action, comment: comment.trim() },
      );
      await qc.invalidateQueries({ queryKey: proposalsKey(projectId) });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="proposal-decide" onSubmit={(e) => e.preventDefault()}>
      <label htmlFor={ids.version}>Settled by version</label>
      <select id={ids.version} value={versionId} onChange={(e) => setVersionId(e.target.value)}>
        <option value="">None (not yet, or no change needed)</option>
        {versions.map((v) => (
          <option key={v.id} value={v.id}>
            v{v.version}
            {v.changelog ? ` — ${v.changelog.slice(0, 60)}` : ''}
          </option>
        ))}
      </select>
      <label htmlFor={ids.comment}>Comment (required to decline)</label>
      <textarea id={ids.comment} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void decide('accept')}>
          Accept
        </button>
        <button type="button" disabled={busy} onClick={() => void decide('decline')}>
          Decline
        </button>
      </div>
    </form>
  );
}
