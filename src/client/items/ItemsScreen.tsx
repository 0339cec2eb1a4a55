// /projects/:projectId/items — the lead's data manager: every item with where it stands, its
// labels, annotators and guideline versions; filters and pages answered by the server; an item
// opens with its revisions; chosen items' current labels go to review.
import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ITEM_STATUS_NAMES, ItemStatus, type ItemListQuery, type ItemRow, type LabelSchema } from '../../domain/api/index.ts';
import { useProject } from '../api/hooks.ts';
import { useItemList, useSendToReview } from './api.ts';
import { ItemRevisions } from './ItemRevisions.tsx';
import './items.css';

const PAGE_SIZE = 50;
const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

export function ItemsScreen() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  const [params, setParams] = useSearchParams();
  const status = ItemStatus.safeParse(params.get('status')).data;
  const query: Partial<ItemListQuery> = {
    status,
    label: params.get('label') || undefined,
    annotator: params.get('annotator') || undefined,
    page: Number(params.get('page')) || 1,
    pageSize: PAGE_SIZE,
  };
  const list = useItemList(projectId, query);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [open, setOpen] = useState<string | null>(null);
  const send = useSendToReview(projectId);
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  const page = query.page ?? 1;

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next);
  };
  const goPage = (n: number) => n >= 1 && n <= pages && setFilter('page', n === 1 ? '' : String(n));
  const sendChosen = () => {
    if (chosen.size === 0 || send.isPending) return;
    send.mutate([...chosen], { onSuccess: () => setChosen(new Set()) });
  };

  // N / P page through, R sends the chosen items to review, Escape closes the opened item.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'n') goPage(page + 1);
      else if (e.key === 'p') goPage(page - 1);
      else if (e.key === 'r') sendChosen();
      else if (e.key === 'Escape') setOpen(null);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (project.error) return <p role="alert">{project.error.message}</p>;
  if (!project.data) return <p>Loading…</p>;
  const p = project.data;
  if (!p.roles.includes('lead')) return <p role="alert">The data manager needs the lead role in this project.</p>;
  const rows = list.data?.items ?? [];
  const allChosen = rows.length > 0 && rows.every((r) => chosen.has(r.id));
  const toggle = (id: string) => setChosen((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));

  return (
    <main className="items-screen">
      <div className="page-head">
        <h1>Items — {p.name}</h1>
        <span className="muted" aria-live="polite">
          {list.data ? `${list.data.total} item${list.data.total === 1 ? '' : 's'}${status || query.label || query.annotator ? ' match' : ''}` : ''}
        </span>
        <Link to={`/projects/${projectId}/data`}>Import and export</Link>
      </div>
      <form className="items-filters" role="search" aria-label="Filter items" onSubmit={(e) => e.preventDefault()}>
        <label>
          Status
          <select value={status ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">All</option>
            {ItemStatus.options.map((s) => (
              <option key={s} value={s}>
                {ITEM_STATUS_NAMES[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Label
          <select value={query.label ?? ''} onChange={(e) => setFilter('label', e.target.value)}>
            <option value="">All</option>
            {p.labelSchema.labels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Annotator
          <select value={query.annotator ?? ''} onChange={(e) => setFilter('annotator', e.target.value)}>
            <option value="">All</option>
            {(list.data?.annotators ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
      </form>
      <div className="items-actions">
        <button type="button" className="primary" disabled={chosen.size === 0 || send.isPending} onClick={sendChosen} aria-keyshortcuts="R">
          Send {chosen.size} to review <kbd aria-hidden="true">R</kbd>
        </button>
        <p role="status" className="items-sent">
          {send.data
            ? `${send.data.queued} label${send.data.queued === 1 ? '' : 's'} sent to review${send.data.skipped ? `; ${send.data.skipped} item${send.data.skipped === 1 ? '' : 's'} had nothing to review (unlabelled, gold, or already in review)` : ''}.`
            : ''}
        </p>
        {send.error && <p role="alert">{send.error.message}</p>}
      </div>
      {list.error && <p role="alert">{list.error.message}</p>}
      <div className={`items-layout${open ? ' with-detail' : ''}`}>
        <div className="items-table-wrap">
          <table className="items-table" aria-label="Items" aria-busy={list.isFetching}>
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label="Choose every item on this page"
                    checked={allChosen}
                    onChange={() => setChosen(allChosen ? new Set() : new Set([...chosen, ...rows.map((r) => r.id)]))}
                  />
                </th>
                <th scope="col">Item</th>
                <th scope="col">Status</th>
                <th scope="col">Labels</th>
                <th scope="col">Annotators</th>
                <th scope="col">Guideline</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <Row
                  key={r.id}
                  row={r}
                  schema={p.labelSchema}
                  chosen={chosen.has(r.id)}
                  opened={open === r.id}
                  onToggle={() => toggle(r.id)}
                  onOpen={() => setOpen(r.id)}
                />
              ))}
            </tbody>
          </table>
          {list.data && rows.length === 0 && <p className="muted">No items match these filters.</p>}
          <nav className="items-pager" aria-label="Pages">
            <button type="button" disabled={page <= 1} onClick={() => goPage(page - 1)} aria-keyshortcuts="P">
              Previous page
            </button>
            <span>
              Page {page} of {pages}
            </span>
            <button type="button" disabled={page >= pages} onClick={() => goPage(page + 1)} aria-keyshortcuts="N">
              Next page
            </button>
          </nav>
        </div>
        {open && <ItemRevisions projectId={projectId} itemId={open} schema={p.labelSchema} onClose={() => setOpen(null)} />}
      </div>
    </main>
  );
}

function Row({
  row,
  schema,
  chosen,
  opened,
  onToggle,
  onOpen,
}: {
  row: ItemRow;
  schema: LabelSchema;
  chosen: boolean;
  opened: boolean;
  onToggle: () => void;
  onOpen: () => void;
}) {
  const name = (id: string) => schema.labels.find((l) => l.id === id)?.name ?? id;
  return (
    <tr className={opened ? 'opened' : undefined}>
      <td>
        <input type="checkbox" aria-label={`Choose ${row.name}`} checked={chosen} onChange={onToggle} />
      </td>
      <td>
        <button type="button" className="link-button" onClick={onOpen} aria-current={opened ? 'true' : undefined}>
          {row.name}
        </button>
        {row.gold && <span className="muted"> · gold</span>}
      </td>
      <td>
        <span className={`item-status status-${row.status}`}>{ITEM_STATUS_NAMES[row.status]}</span>
      </td>
      <td>{row.labels.map(name).join(', ')}</td>
      <td>{row.annotators.map((a) => a.name).join(', ')}</td>
      <td>{row.guidelineVersions.join(', ')}</td>
    </tr>
  );
}
