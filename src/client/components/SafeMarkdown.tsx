import type { ReactElement } from 'react';
import Markdown from 'react-markdown';
import { markdownUrl } from './markdown-urls.ts';

// Markdown written by authors renders without raw HTML (skipHtml); links and images only where markdown-urls.ts allows.
// The one place that renders user markdown: load it through LazyMarkdown so the parser stays out of the first load.

/**
 * Rendered texts, most recently used last. The guideline beside the editor is the same text on
 * every item and every label change, and parsing it took about 20 ms of each next item's first
 * render: a rendered element is immutable, so it is parsed once and shown again as it is.
 */
const rendered = new Map<string, ReactElement>();
const KEEP = 200;

export function SafeMarkdown({ children }: { children: string }) {
  let element = rendered.get(children);
  if (element) rendered.delete(children);
  else element = Markdown({ children, skipHtml: true, urlTransform: markdownUrl });
  rendered.set(children, element);
  if (rendered.size > KEEP) rendered.delete(rendered.keys().next().value!);
  return element;
}
