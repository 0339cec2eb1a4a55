import type { LabelSchema, Shape } from '../../../domain/api/index.ts';
import { useEditor } from '../store.ts';
import { commit, toolContext } from './toolStore.ts';
import { relabelSelected } from './tools/select.ts';

const setAttribute = (shape: Shape, name: string, value: boolean | string) =>
  commit({ state: null, ops: [{ type: 'update', coll: 'shapes', before: shape, after: { ...shape, attributes: { ...shape.attributes, [name]: value } } }] });

/** The selected shape's label and its attributes, as the project's schema defines them for that label. */
export function AttributesPanel({ schema }: { schema: LabelSchema }) {
  const shape = useEditor((s) => s.payload.shapes.find((x) => x.id === s.selectedId) ?? null);
  const locked = useEditor((s) => (shape ? s.locked.has(shape.id) : false));
  if (!shape) {
    return (
      <section className="attributes-panel" aria-label="Selected shape">
        <p>Select a shape to see its label and attributes.</p>
      </section>
    );
  }
  const def = schema.labels.find((l) => l.id === shape.label);
  const choices = schema.labels.filter((l) => l.tools.includes(shape.kind));
  return (
    <section className="attributes-panel" aria-label="Selected shape">
      <label>
        Label of selected shape
        <select value={shape.label} disabled={locked} onChange={(e) => commit({ state: null, ops: relabelSelected(toolContext(schema), e.target.value) })}>
          {choices.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      {(def?.attributes ?? []).map((a) =>
        a.type === 'boolean' ? (
          <label key={a.name} className="attr-boolean">
            <input
              type="checkbox"
              disabled={locked}
              checked={shape.attributes[a.name] === true}
              onChange={(e) => setAttribute(shape, a.name, e.target.checked)}
            />
            {a.title ?? a.name}
          </label>
        ) : a.type === 'text' ? (
          <label key={a.name}>
            {a.title ?? a.name}
            <input
              type="text"
              disabled={locked}
              maxLength={a.maxLength}
              value={String(shape.attributes[a.name] ?? '')}
              onChange={(e) => setAttribute(shape, a.name, e.target.value)}
            />
          </label>
        ) : (
          <label key={a.name}>
            {a.title ?? a.name}
            <select
              disabled={locked}
              value={String(shape.attributes[a.name] ?? a.default ?? a.options[0] ?? '')}
              onChange={(e) => setAttribute(shape, a.name, e.target.value)}
            >
              {a.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </label>
        ),
      )}
    </section>
  );
}
