import type { LabelSchema, ReannotationNote } from '../../domain/api/index.ts';
import { useEditor } from '../editor/store.ts';

/**
 * What an item is back for: each shape, span or document class of the previous answer that the
 * guideline change concerns, with the rule that changed. Everything not listed stays as it was.
 * A part the annotator has since removed or relabelled drops off the list.
 */
export function ReannotationList({ note, schema }: { note: ReannotationNote; schema: LabelSchema }) {
  const payload = useEditor((s) => s.payload);
  const name = (id: string) => schema.labels.find((l) => l.id === id)?.name ?? id;
  const still = (a: { id: string; label: string }) =>
    a.id.startsWith('class:') ? payload.classes.includes(a.label) : [...payload.shapes, ...payload.spans].some((p) => p.id === a.id && p.label === a.label);
  const open = (note.affected ?? []).filter(still);
  if (open.length === 0) return null;
  return (
    <section className="reannotation-list" aria-labelledby="reannotation-list-title">
      <h2 id="reannotation-list-title">To redo ({open.length})</h2>
      <ul aria-label="To redo">
        {open.map((a) => (
          <li key={a.id} data-affected-id={a.id}>
            {a.id.startsWith('class:') ? (
              `${name(a.label)} — ${a.rule}`
            ) : (
              <button type="button" aria-label={`Select ${name(a.label)} to redo`} onClick={() => useEditor.getState().select(a.id)}>
                {`${name(a.label)} — ${a.rule}`}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
