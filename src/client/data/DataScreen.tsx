// /projects/:projectId/data — export labels, import items and labels (pre-annotations, gold, starting
// labels); leads and authors only.
import { Link, useParams } from 'react-router-dom';
import { useProject } from '../api/hooks.ts';
import '../gold/gold.css';
import { ExportPanel } from './ExportPanel.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { LabelImportPanel } from './LabelImportPanel.tsx';
import './data.css';

export function DataScreen() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  if (project.isLoading) return <p>Loading…</p>;
  if (project.error || !project.data) return <p role="alert">{project.error?.message ?? 'That project was not found.'}</p>;
  const p = project.data;
  if (!p.roles.includes('lead') && !p.roles.includes('author')) {
    return (
      <main className="gold-set">
        <p role="alert">Import and export need the lead or author role in this project.</p>
        <Link to="/">Back to projects</Link>
      </main>
    );
  }
  return (
    <main className="gold-set">
      <div className="page-head">
        <h1>Data — {p.name}</h1>
        <span className="muted">{p.kind === 'image' ? 'Image project' : 'Text project'}</span>
        {p.roles.includes('lead') && <Link to={`/projects/${p.id}/items`}>Browse items (data manager)</Link>}
      </div>
      <ExportPanel projectId={p.id} kind={p.kind} />
      <ImportPanel projectId={p.id} kind={p.kind} />
      <LabelImportPanel projectId={p.id} kind={p.kind} />
    </main>
  );
}
