import { Link } from 'react-router-dom';
import { useMe, useProjects } from '../api/hooks.ts';

export function ProjectsScreen() {
  const { data, error, isLoading } = useProjects();
  const isAdmin = useMe().data?.isAdmin ?? false;
  if (isLoading) return <p>Loading projects…</p>;
  if (error) return <p role="alert">{error.message}</p>;
  return (
    <main className="projects">
      <h1>Your projects</h1>
      {isAdmin && (
        <Link to="/projects/new" className="button-link">
          New project
        </Link>
      )}
      {data?.projects.length === 0 && <p>{isAdmin ? 'No projects yet: create the first one.' : 'You are not a member of any project yet.'}</p>}
      <ul>
        {data?.projects.map((p) => (
          <li key={p.id}>
            <h2>
              {p.name}
              {p.archived && <span className="muted"> (archived)</span>}
            </h2>
            <p>
              {p.kind === 'image' ? 'Images' : 'Text'} · your roles: {p.roles.join(', ')}
            </p>
            {p.roles.includes('annotator') && (
              <>
                <Link to={`/projects/${p.id}/annotate`} aria-label={`Annotate ${p.name}`}>
                  Annotate
                </Link>{' '}
                <Link to={`/projects/${p.id}/my-escalations`} aria-label={`My escalations in ${p.name}`}>
                  My escalations
                </Link>
              </>
            )}
            {p.roles.includes('author') && (
              <>
                {' '}
                <Link to={`/projects/${p.id}/guideline`} aria-label={`Edit the guideline of ${p.name}`}>
                  Guideline
                </Link>
              </>
            )}
            {p.roles.includes('lead') && (
              <>
                {' '}
                <Link to={`/projects/${p.id}/dashboard`} aria-label={`Dashboard of ${p.name}`}>
                  Dashboard
                </Link>{' '}
                <Link to={`/projects/${p.id}/review`} aria-label={`Review labels of ${p.name}`}>
                  Review
                </Link>{' '}
                <Link to={`/projects/${p.id}/escalations`} aria-label={`Escalations of ${p.name}`}>
                  Escalations
                </Link>{' '}
                <Link to={`/projects/${p.id}/settings`} aria-label={`Settings of ${p.name}`}>
                  Settings
                </Link>
              </>
            )}
            {(p.roles.includes('lead') || p.roles.includes('author')) && (
              <>
                {' '}
                <Link to={`/projects/${p.id}/gold-set`} aria-label={`Gold set of ${p.name}`}>
                  Gold set
                </Link>{' '}
                <Link to={`/projects/${p.id}/gold`} aria-label={`Gold mode of ${p.name}`}>
                  Gold mode
                </Link>{' '}
                <Link to={`/projects/${p.id}/agreement`} aria-label={`Agreement of ${p.name}`}>
                  Agreement
                </Link>{' '}
                <Link to={`/projects/${p.id}/data`} aria-label={`Import and export data of ${p.name}`}>
                  Data
                </Link>
              </>
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}
