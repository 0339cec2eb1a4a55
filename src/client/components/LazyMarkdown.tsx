import { lazy, Suspense } from 'react';

// The markdown parser (micromark, mdast, hast) is a third of the annotator's first load: it arrives
// on the first guideline or escalation text shown, and the service worker keeps it for offline use.
const SafeMarkdown = lazy(() => import('./SafeMarkdown.tsx').then((m) => ({ default: m.SafeMarkdown })));

/** User markdown, rendered without raw HTML once the renderer has loaded; a polite status until then. */
export function LazyMarkdown({ children }: { children: string }) {
  return (
    <Suspense
      fallback={
        <p role="status" className="muted">
          Loading text…
        </p>
      }
    >
      <SafeMarkdown>{children}</SafeMarkdown>
    </Suspense>
  );
}
