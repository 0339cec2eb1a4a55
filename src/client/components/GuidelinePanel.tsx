import Markdown from 'react-markdown';
import type { GuidelineVersion } from '../../domain/api/index.ts';

// Markdown written by authors renders without raw HTML (skipHtml), and links never run script.
const safeUrl = (url: string) => (/^(https?:|mailto:|#|\/)/i.test(url) ? url : '');

export function GuidelinePanel({ guideline, focusLabel }: { guideline: GuidelineVersion; focusLabel: string | null }) {
  const sections = [...guideline.sections].sort((a, b) => Number(focusLabel ? b.labels.includes(focusLabel) : 0) - Number(focusLabel ? a.labels.includes(focusLabel) : 0));
  return (
    <aside className="guideline" aria-label={`Guideline version ${guideline.version}`}>
      <h2>
        Guideline <small>v{guideline.version}</small>
      </h2>
      {sections.map((s) => (
        <section key={s.id} aria-label={s.title} className={`section section-${s.kind}`}>
          <h3>{s.title}</h3>
          <Markdown skipHtml urlTransform={safeUrl}>
            {s.body}
          </Markdown>
        </section>
      ))}
    </aside>
  );
}
