// A project's name and whether it is archived (read-only, hidden from annotators' lists).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ProjectDetail } from '../../domain/api/index.ts';
import { useProject, useProjects } from '../api/hooks.ts';
import { api, ApiError } from '../api/http.ts';

export function ProjectBasicsForm({ projectId }: { projectId: string }) {
  const project = useProject(projectId);
  const archived = useProjects().data?.projects.find((p) => p.id === projectId)?.archived ?? project.data?.archived ?? false;
  const qc = useQueryClient();
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ['project', projectId] }), qc.invalidateQueries({ queryKey: ['projects'] })]);
  const rename = useMutation({
    mutationFn: (n: string) => api(`/api/projects/${projectId}`, ProjectDetail, { method: 'PUT', body: { name: n } }),
    onSuccess: refresh,
  });
  const archive = useMutation({
    mutationFn: (on: boolean) => api(`/api/projects/${projectId}/${on ? 'archive' : 'unarchive'}`, ProjectDetail, { method: 'POST' }),
    onSuccess: refresh,
  });
  const onError = (e: Error) => setError(e instanceof ApiError ? e.message : 'That did not work.');
  if (!project.data) return null;
  const shown = name ?? project.data.name;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    rename.mutate(shown, { onSuccess: () => (setSaved('Name saved.'), setName(null)), onError });
  };
  return (
    <section className="settings-form" aria-labelledby="project-basics-title">
      <h2 id="project-basics-title">Project</h2>
      <form onSubmit={submit} aria-label="Rename the project">
        <label>
          Project name
          <input value={shown} onChange={(e) => setName(e.target.value)} required maxLength={120} />
        </label>
        <button type="submit" disabled={rename.isPending}>
          Rename
        </button>
      </form>
      <p>
        {archived ? 'Archived: read-only, and hidden from annotators.' : 'Open for work.'}{' '}
        <button
          type="button"
          disabled={archive.isPending}
          onClick={() => (
            setError(null),
            archive.mutate(!archived, { onSuccess: () => setSaved(archived ? 'Project reopened.' : 'Project archived.'), onError })
          )}
        >
          {archived ? 'Unarchive project' : 'Archive project'}
        </button>
      </p>
      {saved && <p role="status">{saved}</p>}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </section>
  );
}
