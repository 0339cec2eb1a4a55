import { useQuery } from '@tanstack/react-query';
import { ExampleItem } from '../../domain/api/index.ts';
import { api } from '../api/http.ts';

const SNIPPET = 280;

/** The item an example points at: a thumbnail for images, a snippet for text. */
export function ExampleItemView({ projectId, itemId }: { projectId: string; itemId: string }) {
  const item = useQuery({
    queryKey: ['guideline-item', projectId, itemId],
    queryFn: () => api(`/api/projects/${projectId}/guideline/items/${itemId}`, ExampleItem),
    retry: false,
    staleTime: Infinity,
  });
  if (item.isLoading) return <p className="muted">Loading the example…</p>;
  if (!item.data) return <p className="muted">The example item cannot be shown right now.</p>;
  const { image, text } = item.data;
  if (image) return <img className="example-thumb" src={image.url} alt="Example item" width={Math.min(image.width, 280)} loading="lazy" />;
  const t = text ?? '';
  return <blockquote className="example-text">{t.length > SNIPPET ? `${t.slice(0, SNIPPET)}…` : t}</blockquote>;
}
