// Gold mode: a lead or author opens any item of the project, labels it with the same editors
// annotators use, says why the answer is right, and saves it as the item's gold answer (tied to
// the current guideline version). Nothing here is reachable by annotators: the server answers 403.
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { emptyAnnotation, type GoldItemDetail, type ProjectDetail } from '../../domain/api/index.ts';
import { useProject } from '../api/hooks.ts';
import { ApiError } from '../api/http.ts';
import { StandaloneEditor, useEditorHolds } from '../editor/StandaloneEditor.tsx';
import { useEditor } from '../editor/store.ts';
import { useGoldItem, useGoldModeItems, useSaveGold, type GoldFilter } from './api.ts';
import './gold.css';

export function GoldModeScreen() {
  const { projectId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const itemId = params.get('item');
  const [filter, setFilter] = useState<GoldFilter>('all');
  const project = useProject(projectId);
  const list = useGoldModeItems(projectId, filter);
  const detail = useGoldItem(projectId, itemId);

  if (project.error) return <p role="alert">{project.error.message}</p>;
  if (!project.data) return <p>Loading…</p>;
  return (
    <main className="gold-mode">
      <header className="annotate-bar">
        <h1>{project.data.name}</h1>
        <span className="gold-badge">Gold mode</span>
        <span className="gold-version">answers are verified under guideline {project.data.guideline.version}</span>
        <Link to={`/projects/${projectId}/gold-set`}>Gold set</Link>
      </header>
      <div className="gold-layout">
        <nav className="gold-items" aria-label="Items of the project">
          <label>
            Show{' '}
            <select value={filter} onChange={(e) => setFilter(e.target.value as GoldFilter)}>
              <option value="all">all items</option>
              <option value="gold">items with gold</option>
              <option value="not_gold">items without gold</option>
            </select>
          </label>
          {list.error && <p role="alert">{list.error.message}</p>}
          <ul>
            {list.data?.items.map((i) => (
              <li key={i.id}>
                <button type="button" aria-current={i.id === itemId ? 'true' : undefined} onClick={() => setParams({ item: i.id })}>
                  <span className="gold-item-name">{i.preview}</span>
                  <GoldStatus hasGold={i.hasGold} active={i.goldActive} />
                </button>
              </li>
            ))}
          </ul>
          {list.data?.next !== null && list.data?.next !== undefined && <p className="muted">Showing the first 200 items.</p>}
        </nav>
        {itemId === null ? (
          <section className="gold-empty">
            <h2>Pick an item</h2>
            <p>Open an item on the left, label it, say why that is the right answer, and save it as gold.</p>
          </section>
        ) : detail.error ? (
          <p role="alert">{detail.error.message}</p>
        ) : detail.data ? (
          <GoldWorkspace key={detail.data.item.id} detail={detail.data} project={project.data} />
        ) : (
          <p>Loading item…</p>
        )}
      </div>
    </main>
  );
}

function GoldStatus({ hasGold, active }: { hasGold: boolean; active: boolean | null }) {
  if (!hasGold) return <span className="gold-chip none">no gold</span>;
  return active ? <span className="gold-chip on">gold</span> : <span className="gold-chip off">out of scoring</span>;
}

function GoldWorkspace({ detail, project }: { detail: GoldItemDetail; project: ProjectDetail }) {
  const save = useSaveGold(project.id);
  const [justification, setJustification] = useState(detail.gold?.justification ?? '');
  const ready = useEditorHolds(detail.item.id);

  const onSave = () => {
    if (!ready || justification.trim() === '') return;
    save.mutate({ itemId: detail.item.id, answer: useEditor.getState().payload, justification });
  };
  const problems =
    save.error instanceof ApiError ? ((save.error.details as { problems?: Array<{ path: string; message: string }> } | undefined)?.problems ?? []) : [];
  const gold = save.data?.gold ?? detail.gold;

  return (
    <section className="gold-work" aria-label="Gold answer">
      <StandaloneEditor
        item={{ ...detail.item, projectId: project.id }}
        schema={project.labelSchema}
        initial={detail.gold?.answer ?? emptyAnnotation()}
        onSave={onSave}
      />
      <p className="gold-meta">
        <strong>{detail.preview}</strong>{' '}
        {gold ? (
          <>
            · gold verified under {gold.guidelineVersion}
            {gold.createdBy ? ` by ${gold.createdBy}` : ''}
            {!gold.active && <span className="gold-chip off">out of scoring until re-verified</span>}
          </>
        ) : (
          '· no gold answer yet'
        )}
      </p>
      <form
        className="gold-save"
        onSubmit={(e) => {
          e.preventDefault();
          onSave();
        }}
      >
        <label>
          Justification <span className="muted">(why this is the right answer; leads see it, annotators never do)</span>
          <textarea value={justification} onChange={(e) => setJustification(e.target.value)} rows={2} maxLength={2000} required />
        </label>
        <button type="submit" className="primary" disabled={save.isPending || justification.trim() === ''}>
          {save.isPending ? 'Saving…' : gold ? 'Save gold answer' : 'Save as gold'}
        </button>
        <p role="status" aria-live="polite" className="gold-saved">
          {save.isSuccess && !save.isPending ? `Saved as gold under guideline ${save.data.gold.guidelineVersion}.` : ''}
        </p>
      </form>
      {save.error && (
        <div role="alert" className="error-text">
          <p>{save.error.message}</p>
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
