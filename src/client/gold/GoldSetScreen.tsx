// The project's gold set for leads and authors: each gold item, the guideline version it was
// verified under, whether it is in scoring, and how many annotators have met it.
import { Link, useParams } from 'react-router-dom';
import { useProject } from '../api/hooks.ts';
import { LabelImportPanel } from '../data/LabelImportPanel.tsx';
import { useGoldSet, useToggleQuiz } from './api.ts';
import './gold.css';

export function GoldSetScreen() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  const gold = useGoldSet(projectId);
  const toggleQuiz = useToggleQuiz(projectId);
  const error = project.error ?? gold.error;
  if (error) return <p role="alert">{error.message}</p>;
  if (!project.data || !gold.data) return <p>Loading…</p>;
  const { totals, entries, annotators, currentVersion } = gold.data;
  // The quiz is a queue setting: leads change it, authors see it.
  const isLead = project.data.roles.includes('lead');
  return (
    <main className="gold-set">
      <header className="page-head">
        <h1>Gold set · {project.data.name}</h1>
        <Link to={`/projects/${projectId}/gold`}>Open gold mode</Link>
      </header>
      <p>
        {totals.gold} gold item{totals.gold === 1 ? '' : 's'}: <strong>{totals.active} in scoring</strong>
        {totals.inactive > 0 && <>, {totals.inactive} out of scoring until re-verified</>}. Current guideline {currentVersion}; {annotators} annotator
        {annotators === 1 ? '' : 's'}.
      </p>
      <table className="gold-table">
        <caption className="visually-hidden">Gold items of this project</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Verified under</th>
            <th scope="col">Scoring</th>
            <th scope="col">Labels</th>
            <th scope="col">Exposure</th>
            <th scope="col">Quiz</th>
            <th scope="col">Justification</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.itemId}>
              <td>
                <Link to={`/projects/${projectId}/gold?item=${e.itemId}`}>{e.preview}</Link>
              </td>
              <td>
                {e.guidelineVersion}
                {!e.current && <span className="muted"> (older)</span>}
              </td>
              <td>{e.active ? <span className="gold-chip on">active</span> : <span className="gold-chip off">out of scoring</span>}</td>
              <td>{e.labels}</td>
              <td title="annotators who have been served this item">
                {e.exposure} / {annotators}
              </td>
              <td>
                <input
                  type="checkbox"
                  checked={e.quiz}
                  disabled={!isLead || toggleQuiz.isPending}
                  aria-label={`In the qualification quiz: ${e.preview}`}
                  onChange={(ev) => toggleQuiz.mutate({ itemId: e.itemId, quiz: ev.target.checked })}
                />
              </td>
              <td className="gold-why">
                {e.justification}
                {e.createdBy && <span className="muted"> — {e.createdBy}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {toggleQuiz.error && <p role="alert">{toggleQuiz.error.message}</p>}
      {entries.length === 0 && <p>No gold answers yet: import a file or author them in gold mode.</p>}
      <LabelImportPanel projectId={projectId} kind={project.data.kind} fixedTarget="gold" />
    </main>
  );
}
