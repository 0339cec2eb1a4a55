// The annotator's own gold accuracy, where the project shows it: whole blocks of checked items at
// least a day old (the server decides what counts), so it never points at the item just done.
import { useQuery } from '@tanstack/react-query';
import { OwnAccuracyView } from '../../domain/api/index.ts';
import { api, retryTransient } from '../api/http.ts';

export function OwnAccuracyNote({ projectId }: { projectId: string }) {
  // Not refetched per submission: the figure only moves once a block is a day old anyway.
  const q = useQuery({
    queryKey: ['my-accuracy', projectId],
    retry: retryTransient,
    refetchInterval: 10 * 60_000,
    queryFn: () => api(`/api/projects/${projectId}/my-accuracy`, OwnAccuracyView),
  });
  const v = q.data;
  if (!v?.enabled) return null;
  const rule = `counted in blocks of ${v.block}, ${v.delayHours} hours late`;
  return (
    <p className="own-accuracy" role="status">
      {v.accuracy === null
        ? `Your accuracy on checked items: not enough yet (${rule}).`
        : `Your accuracy on checked items: ${Math.round(v.accuracy * 100)} % over the last ${v.basedOn} (${rule}).`}
    </p>
  );
}
