import { payloadSummary, type LabelSchema } from '../../domain/api/index.ts';
import { ITEM_STATUS_NAMES } from '../../domain/api/index.ts';
import { useItemDetail } from './api.ts';

/** One item opened from the list: what it is, where it stands, and every revision, newest first. */
export function ItemRevisions({ projectId, itemId, schema, onClose }: { projectId: string; itemId: string; schema: LabelSchema; onClose: () => void }) {
  const detail = useItemDetail(projectId, itemId);
  if (detail.error) return <p role="alert">{detail.error.message}</p>;
  if (!detail.data) return <p role="status">Opening the item…</p>;
  const { row, content, revisions } = detail.data;
  return (
    <section className="item-detail" aria-label={`Item ${row.name}`}>
      <div className="item-detail-head">
        <h2>{row.name}</h2>
        <span className={`item-status status-${row.status}`}>{ITEM_STATUS_NAMES[row.status]}</span>
        {row.gold && <span className="muted">gold</span>}
        <button type="button" onClick={onClose} aria-keyshortcuts="Escape">
          Close
        </button>
      </div>
      {content.image && (
        <img className="item-preview" src={content.image.url} alt={`Item ${row.name}`} width={content.image.width} height={content.image.height} />
      )}
      {content.text !== null && <p className="item-preview-text">{content.text}</p>}
      <h3>Revisions ({revisions.length})</h3>
      {revisions.length === 0 ? (
        <p className="muted">Nobody has labelled this item yet.</p>
      ) : (
        <ol className="item-revisions">
          {revisions.map((r) => (
            <li key={r.id}>
              <strong>{r.annotator.name}</strong> · revision {r.revision} · guideline {r.guidelineVersion} · {new Date(r.submittedAt).toLocaleString()}
              {r.reviewer !== null && <> · corrected by {r.reviewer}</>}
              <div className="muted">{payloadSummary(r.payload, schema)}</div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
