import type { GuidelineSection, LabelClass, SectionKind } from '../../../domain/api/index.ts';
import { newSectionId } from '../../guideline/authoring.ts';

const KINDS: Array<[SectionKind, string]> = [
  ['definition', 'Definition'],
  ['rule', 'Decision rule'],
  ['example', 'Example'],
  ['counter_example', 'Counter-example'],
  ['edge_case', 'Edge-case default'],
  ['escalation', 'Escalation path'],
];

/** Edits the draft's sections in place: kind, title, markdown body, labels, and the example's item and reason. */
export function DraftEditor({
  sections,
  labels,
  onChange,
}: {
  sections: GuidelineSection[];
  labels: LabelClass[];
  onChange: (next: GuidelineSection[]) => void;
}) {
  const update = (i: number, patch: Partial<GuidelineSection>) => onChange(sections.map((s, k) => (k === i ? { ...s, ...patch } : s)));
  const move = (i: number, d: -1 | 1) => {
    const j = i + d;
    if (j < 0 || j >= sections.length) return;
    const next = [...sections];
    [next[i], next[j]] = [next[j] as GuidelineSection, next[i] as GuidelineSection];
    onChange(next);
  };
  return (
    <div>
      {sections.map((s, i) => {
        const isExample = s.kind === 'example' || s.kind === 'counter_example';
        return (
          <fieldset key={s.id} className="draft-section" aria-label={`Section ${i + 1}: ${s.title}`}>
            <div className="row">
              <label>
                Kind
                <select value={s.kind} onChange={(e) => update(i, { kind: e.target.value as SectionKind })}>
                  {KINDS.map(([k, name]) => (
                    <option key={k} value={k}>
                      {name}
                    </option>
                  ))}
                </select>
              </label>
              <label style={{ flex: 1 }}>
                Title
                <input value={s.title} onChange={(e) => update(i, { title: e.target.value })} />
              </label>
              <button type="button" onClick={() => move(i, -1)} aria-label={`Move "${s.title}" up`}>
                ↑
              </button>
              <button type="button" onClick={() => move(i, 1)} aria-label={`Move "${s.title}" down`}>
                ↓
              </button>
              <button type="button" onClick={() => onChange(sections.filter((_, k) => k !== i))} aria-label={`Remove "${s.title}"`}>
                Remove
              </button>
            </div>
            <label>
              Text (markdown)
              <textarea rows={4} value={s.body} onChange={(e) => update(i, { body: e.target.value })} />
            </label>
            <div className="row" role="group" aria-label="Labels this section is about">
              {labels.map((l) => (
                <label key={l.id} style={{ display: 'flex', gap: '0.2rem' }}>
                  <input
                    type="checkbox"
                    checked={s.labels.includes(l.id)}
                    onChange={(e) => update(i, { labels: e.target.checked ? [...s.labels, l.id] : s.labels.filter((x) => x !== l.id) })}
                  />
                  {l.name}
                </label>
              ))}
            </div>
            {isExample && (
              <div className="row">
                <label style={{ flex: 1 }}>
                  Item id
                  <input
                    value={s.itemId ?? ''}
                    onChange={(e) => update(i, { itemId: e.target.value.trim() || undefined })}
                    placeholder="the id of an item of this project"
                  />
                </label>
                <label style={{ flex: 2 }}>
                  Reason
                  <input value={s.reason ?? ''} onChange={(e) => update(i, { reason: e.target.value || undefined })} />
                </label>
              </div>
            )}
          </fieldset>
        );
      })}
      <button type="button" onClick={() => onChange([...sections, { id: newSectionId(sections), kind: 'rule', title: 'New section', body: '', labels: [] }])}>
        Add section
      </button>
    </div>
  );
}
