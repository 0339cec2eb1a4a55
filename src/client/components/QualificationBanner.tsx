// The declared qualification quiz, seen from the annotator's side: how far they are, the pass
// mark, and once done their score — never which answers were right. Nothing shows for projects
// without a quiz, or while offline (the server is the one that knows).
import { useQuery } from '@tanstack/react-query';
import { QualificationView } from '../../domain/api/index.ts';
import { api, retryTransient } from '../api/http.ts';

const pct = (x: number) => `${Math.round(x * 100)} %`;

export function QualificationBanner({ projectId, done }: { projectId: string; done: number }) {
  // `done` (items submitted on this device) refetches the stage as the annotator works.
  const q = useQuery({
    queryKey: ['qualification', projectId, done],
    retry: retryTransient,
    queryFn: () => api(`/api/projects/${projectId}/qualification`, QualificationView),
    placeholderData: (prev) => prev,
  });
  const v = q.data;
  if (!v || v.status === 'not_required') return null;
  if (v.status === 'in_progress')
    return (
      <p className="qualification-note" role="status">
        Qualification quiz: {v.answered} of {v.total} answered. Score at least {pct(v.passMark)} to start live work.
      </p>
    );
  if (v.status === 'passed')
    return done <= v.total ? (
      <p className="qualification-note" role="status">
        Quiz passed with {pct(v.score ?? 0)}. Live work follows.
      </p>
    ) : null;
  return (
    <p className="qualification-note" role="alert">
      Quiz not passed ({pct(v.score ?? 0)}, {pct(v.passMark)} needed): no live work is served to you. Talk to your lead.
    </p>
  );
}
