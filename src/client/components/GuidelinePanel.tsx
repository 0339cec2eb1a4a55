import { useState } from 'react';
import { LazyMarkdown } from './LazyMarkdown.tsx';
import type { GuidelineSection, GuidelineVersion } from '../../domain/api/index.ts';
import { ExampleItemView } from './ExampleItemView.tsx';

const KIND_NAMES: Record<GuidelineSection['kind'], string> = {
  definition: 'Definition',
  rule: 'Rule',
  example: 'Example',
  counter_example: 'Counter-example',
  edge_case: 'When unsure',
  escalation: 'Escalation',
};

/**
 * Sections in reading order for the label at hand: the selected label's sections first
 * (definition, then rules, then examples), then everything else in the author's order.
 * The sort is stable, so within each group the author's order stays.
 */
export function orderSections(sections: readonly GuidelineSection[], focusLabel: string | null, query: string): GuidelineSection[] {
  const q = query.trim().toLowerCase();
  const hit = (s: GuidelineSection) => !q || [s.title, s.body, s.reason ?? '', ...s.labels].some((t) => t.toLowerCase().includes(q));
  const rank = (s: GuidelineSection) => (focusLabel && s.labels.includes(focusLabel) ? 0 : 1);
  return sections.filter(hit).sort((a, b) => rank(a) - rank(b));
}

/** The guideline beside the editor: searchable, the selected label's sections first. */
export function GuidelinePanel({
  guideline,
  focusLabel,
  projectId,
  id,
}: {
  guideline: GuidelineVersion;
  focusLabel: string | null;
  projectId?: string;
  id?: string;
}) {
  const [query, setQuery] = useState('');
  const sections = orderSections(guideline.sections, focusLabel, query);
  return (
    <aside id={id} className="guideline" aria-label={`Guideline version ${guideline.version}`}>
      <h2>
        Guideline <small>v{guideline.version}</small>
      </h2>
      <input
        type="search"
        className="guideline-search"
        aria-label="Search the guideline"
        placeholder="Search the guideline"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {sections.length === 0 && <p className="muted">Nothing in the guideline matches “{query}”.</p>}
      {sections.map((s) => (
        <section key={s.id} aria-label={s.title} className={`section section-${s.kind}${focusLabel && s.labels.includes(focusLabel) ? ' focused' : ''}`}>
          <p className="section-kind">{KIND_NAMES[s.kind]}</p>
          <h3>{s.title}</h3>
          <LazyMarkdown>{s.body}</LazyMarkdown>
          {(s.kind === 'example' || s.kind === 'counter_example') && (
            <div className="example">
              {s.itemId && projectId && <ExampleItemView projectId={projectId} itemId={s.itemId} />}
              {s.reason && (
                <p className="reason">
                  <strong>{s.kind === 'example' ? 'Why: ' : 'Why not: '}</strong>
                  {s.reason}
                </p>
              )}
            </div>
          )}
        </section>
      ))}
    </aside>
  );
}
