// What the annotator said and under which rule: shown beside the item while the lead rules.
import { LazyMarkdown } from '../components/LazyMarkdown.tsx';
import { payloadSummary, type LabelSchema, type LeadEscalation } from '../../domain/api/index.ts';
import { ageText } from '../../domain/escalations/queue.ts';
import { REASON_TEXT } from '../../domain/escalations/rules.ts';

export function EscalationFacts({ e, schema }: { e: LeadEscalation; schema: LabelSchema }) {
  const name = (id: string) => schema.labels.find((l) => l.id === id)?.name ?? id;
  return (
    <dl className="escalation-facts">
      <dt>Annotator</dt>
      <dd>{e.annotator.name}</dd>
      <dt>Reason</dt>
      <dd>
        {REASON_TEXT[e.reason]}
        {e.labels.length > 0 ? `: ${e.labels.map(name).join(' or ')}` : ''}
      </dd>
      <dt>Note</dt>
      <dd className="escalation-note">{e.note || '—'}</dd>
      <dt>Tentative labels</dt>
      <dd>{e.tentative ? payloadSummary(e.tentative, schema) : 'none given'}</dd>
      <dt>Guideline</dt>
      <dd>
        version {e.guidelineVersion}
        {e.guidelineSection ? (
          <>
            {', section '}
            <strong>{e.guidelineSection.title}</strong>
            <div className="escalation-section-body">
              <LazyMarkdown>{e.guidelineSection.body}</LazyMarkdown>
            </div>
          </>
        ) : e.guidelineRef ? (
          `, section “${e.guidelineRef}” (not in that version)`
        ) : (
          ', no section named'
        )}
      </dd>
      <dt>{e.status === 'open' ? 'Waiting' : 'Escalated'}</dt>
      <dd>
        {e.status === 'open' ? `${ageText(e.ageHours)} ` : ''}
        <span className="muted">{e.status === 'open' ? `(escalated ${new Date(e.createdAt).toLocaleString()})` : new Date(e.createdAt).toLocaleString()}</span>
      </dd>
    </dl>
  );
}
