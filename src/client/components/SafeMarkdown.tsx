import Markdown from 'react-markdown';
import { markdownUrl } from './markdown-urls.ts';

// Markdown written by authors renders without raw HTML (skipHtml); links and images only where markdown-urls.ts allows.
// The one place that renders user markdown: load it through LazyMarkdown so the parser stays out of the first load.
export function SafeMarkdown({ children }: { children: string }) {
  return (
    <Markdown skipHtml urlTransform={markdownUrl}>
      {children}
    </Markdown>
  );
}
