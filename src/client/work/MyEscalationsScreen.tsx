import { useQuery } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router-dom';
import { EscalationList, payloadSummary, type CreateEscalation, type Escalation, type ProjectDetail } from '../../domain/api/index.ts';
import { REASON_TEXT } from '../../domain/escalations/rules.ts';
import { useMe, useProject } from '../api/hooks.ts';
import { api, retryTransient } from '../api/http.ts';
import { localDb, type OutboxEntry } from '../local/db.ts';
import './escalate.css';

const STATUS_TEXT: Record<Escalation['status'], string> = { open: 'Open — waiting for a lead', resolved: 'Resolved', returned: 'Returned to you' };
const when = (iso: string) => new Date(iso).toLocaleString();

/**
 * The annotator's own escalations and how each was decided. Ones still in this device's outbox
 * (escalated offline) are listed first as "waiting to sync", or as refused with the server's words.
 */
export function MyEscalationsScreen() {
  const { projectId = '' } = useParams();
  const userId = useMe().data?.user.id;
  const project = useProject(projectId);
  const list = useQuery({
    queryKey: ['my-escalations', projectId],
    queryFn: () => api(`/api/projects/${projectId}/my-escalations`, EscalationList),
    retry: retryTransient,
  });
  const local = useLiveQuery(
    async () =>
      userId
        ? (await localDb.outbox.where('[userId+status]').anyOf([userId, 'pending'], [userId, 'rejected']).toArray()).filter(
            (o): o is OutboxEntry & { mutation: CreateEscalation } => o.mutation.type === 'escalation.create' && o.mutation.projectId === projectId,
          )
        : [],
    [userId, projectId],
  );
  // When an outbox entry syncs it leaves the local list: ask the server again so it reappears there.
  const pendingKey = (local ?? []).map((o) => `${o.id}:${o.status}`).join(',');
  const { refetch } = list;
  useEffect(() => {
    void refetch();
  }, [pendingKey, refetch]);

  const schema = project.data?.labelSchema;
  return (
    <main className="my-escalations">
      <h1>My escalations{project.data ? ` — ${project.data.name}` : ''}</h1>
      <p>
        <Link to={`/projects/${projectId}/annotate`}>Back to annotating</Link>
      </p>
      {list.error && (
        <p role="alert" className="error-text">
          {list.error.message}
        </p>
      )}
      {list.isLoading && <p>Loading…</p>}
      {list.data && list.data.escalations.length === 0 && (local ?? []).length === 0 && <p>You have not escalated anything in this project.</p>}
      <ul className="escalation-list" aria-label="My escalations">
        {(local ?? []).map((o) => (
          <li key={o.id}>
            <p className="escalation-status">
              {o.status === 'pending'
                ? 'Waiting to sync'
                : `Refused by the server: ${o.result && 'message' in o.result ? o.result.message : 'no reason given'}`}
            </p>
            <Details
              reason={o.mutation.reason}
              note={o.mutation.note}
              labels={o.mutation.labels ?? []}
              createdAt={o.mutation.createdAt}
              guidelineRef={o.mutation.guidelineRef}
              project={project.data}
            />
          </li>
        ))}
        {list.data?.escalations.map((e) => (
          <li key={e.id}>
            <p className="escalation-status">{STATUS_TEXT[e.status]}</p>
            <Details reason={e.reason} note={e.note} labels={e.labels} createdAt={e.createdAt} guidelineRef={e.guidelineRef} project={project.data} />
            {e.status !== 'open' && (
              <div className="escalation-outcome">
                <p>
                  <strong>{e.status === 'resolved' ? 'Ruling' : 'Lead’s comment'}</strong>
                  {e.decidedAt ? ` (${when(e.decidedAt)})` : ''}: {e.explanation}
                </p>
                {e.ruling && schema && <p>Final labels: {payloadSummary(e.ruling, schema)}</p>}
                {e.status === 'returned' && <p>The item is back in your queue.</p>}
              </div>
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}

function Details(props: {
  reason: Escalation['reason'];
  note: string;
  labels: string[];
  createdAt: string;
  guidelineRef: string;
  project: ProjectDetail | undefined;
}) {
  const name = (id: string) => props.project?.labelSchema.labels.find((l) => l.id === id)?.name ?? id;
  const section = props.project?.guideline.sections.find((s) => s.id === props.guidelineRef)?.title ?? props.guidelineRef;
  return (
    <dl>
      <dt>Reason</dt>
      <dd>
        {REASON_TEXT[props.reason]}
        {props.labels.length > 0 ? `: ${props.labels.map(name).join(' or ')}` : ''}
      </dd>
      {props.note && (
        <>
          <dt>Note</dt>
          <dd>{props.note}</dd>
        </>
      )}
      {section && (
        <>
          <dt>Guideline section</dt>
          <dd>{section}</dd>
        </>
      )}
      <dt>Escalated</dt>
      <dd>{when(props.createdAt)}</dd>
    </dl>
  );
}
