// A lead's project settings in one place: the queue (gold, overlap, quiz), the gold policy and
// the review stage. Annotators never reach this: every route behind it answers them 403.
import { Link, useParams } from 'react-router-dom';
import { useProject } from '../api/hooks.ts';
import { ProjectBasicsForm } from '../projects/ProjectBasicsForm.tsx';
import { ReviewRateForm } from '../review/ReviewRateForm.tsx';
import { GoldPolicyForm } from './GoldPolicyForm.tsx';
import { QueueSettingsForm } from './QueueSettingsForm.tsx';
import './settings.css';

export function SettingsScreen() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  if (project.error) return <p role="alert">{project.error.message}</p>;
  if (!project.data) return <p>Loading…</p>;
  return (
    <main className="settings">
      <header className="annotate-bar">
        <h1>{project.data.name}: settings</h1>
        <Link to={`/projects/${projectId}/dashboard`}>Dashboard</Link>
      </header>
      <ProjectBasicsForm projectId={projectId} />
      <QueueSettingsForm projectId={projectId} />
      <GoldPolicyForm projectId={projectId} />
      <section className="settings-form" aria-labelledby="review-settings-title">
        <h2 id="review-settings-title">Review stage</h2>
        <ReviewRateForm projectId={projectId} />
      </section>
    </main>
  );
}
