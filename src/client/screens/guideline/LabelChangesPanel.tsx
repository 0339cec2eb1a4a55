// The author's label changes, drafted beside the guideline's text and published with it: add,
// rename, recolour or re-key a class, merge, split or retire classes, and add, retire or change an
// attribute. Each change is checked by the domain's rules as it is written (the server checks the
// same rules again at publish), and the list reads as annotators and leads will read it.
import { useId, useState } from 'react';
import type { LabelClass, LabelSchema, SchemaChange, Tool } from '../../../domain/api/index.ts';
import { applySchemaChanges, describeChanges } from '../../../domain/taxonomy/apply.ts';
import { freeColour, newClassId } from '../../../domain/taxonomy/new-class.ts';

type Kind = SchemaChange['op'];
type Disposition = 'send_back' | 'keep';

const KINDS: Array<{ op: Kind; name: string }> = [
  { op: 'add_class', name: 'Add a class' },
  { op: 'rename_class', name: 'Rename a class' },
  { op: 'recolour_class', name: 'Recolour a class' },
  { op: 'rehotkey_class', name: 'Change a hotkey' },
  { op: 'merge_classes', name: 'Merge classes' },
  { op: 'split_class', name: 'Split a class' },
  { op: 'retire_class', name: 'Retire a class' },
  { op: 'add_attribute', name: 'Add an attribute' },
  { op: 'retire_attribute', name: 'Retire an attribute' },
  { op: 'change_options', name: 'Change an attribute’s options' },
];

/** The form's fields; which of them a change reads depends on its kind. */
interface Fields {
  classId: string;
  name: string;
  color: string;
  hotkey: string;
  merge: string[];
  into: string;
  parts: string;
  attribute: string;
  options: string;
  labels: Disposition;
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** The change the form describes, or null while a required field is empty. */
function changeOf(op: Kind, f: Fields, schema: LabelSchema, tools: Tool[]): SchemaChange | null {
  const taken = new Set(schema.labels.map((l) => l.id));
  const colours = schema.labels.map((l) => l.color);
  const target = (name: string, k = 0) => {
    const existing = schema.labels.find((l) => !l.retired && l.name.toLocaleLowerCase() === name.toLocaleLowerCase());
    if (existing) return { id: existing.id };
    const id = newClassId(name, taken);
    taken.add(id);
    return { id, name, color: freeColour([...colours], k) };
  };
  switch (op) {
    case 'add_class':
      return f.name.trim()
        ? { op, id: newClassId(f.name, taken), name: f.name.trim(), color: f.color, tools, ...(f.hotkey ? { hotkey: f.hotkey } : {}) }
        : null;
    case 'rename_class':
      return f.classId && f.name.trim() ? { op, id: f.classId, name: f.name.trim() } : null;
    case 'recolour_class':
      return f.classId ? { op, id: f.classId, color: f.color } : null;
    case 'rehotkey_class':
      return f.classId ? { op, id: f.classId, hotkey: f.hotkey || null } : null;
    case 'merge_classes':
      return f.merge.length > 0 && f.into.trim() ? { op, from: f.merge, into: target(f.into.trim()) } : null;
    case 'split_class':
      return f.classId && list(f.parts).length > 0 ? { op, id: f.classId, into: list(f.parts).map((p, k) => target(p, k)) } : null;
    case 'retire_class':
      return f.classId ? { op, id: f.classId, labels: f.labels } : null;
    case 'add_attribute': {
      if (!f.classId || !f.attribute.trim()) return null;
      const options = list(f.options);
      const attribute =
        options.length > 0
          ? { type: 'select' as const, name: f.attribute.trim(), options }
          : { type: 'boolean' as const, name: f.attribute.trim(), default: false };
      return { op, id: f.classId, attribute, labels: f.labels };
    }
    case 'retire_attribute':
      return f.classId && f.attribute ? { op, id: f.classId, name: f.attribute, labels: f.labels } : null;
    case 'change_options':
      return f.classId && f.attribute && list(f.options).length > 0
        ? { op, id: f.classId, name: f.attribute, options: list(f.options), labels: f.labels }
        : null;
  }
}

const EMPTY: Fields = { classId: '', name: '', color: '#e6194b', hotkey: '', merge: [], into: '', parts: '', attribute: '', options: '', labels: 'send_back' };

export function LabelChangesPanel({
  schema,
  changes,
  onChange,
  disabled,
}: {
  /** The project's schema as published now. */
  schema: LabelSchema;
  changes: SchemaChange[];
  onChange: (next: SchemaChange[]) => void;
  disabled?: boolean;
}) {
  const [op, setOp] = useState<Kind>('rename_class');
  const [f, setF] = useState<Fields>(EMPTY);
  const problemId = useId();
  const set = (patch: Partial<Fields>) => setF((x) => ({ ...x, ...patch }));
  // The schema the drafted changes leave: what the next change is written against.
  const after = applySchemaChanges(schema, changes, 'next');
  const offered = after.schema.labels.filter((l) => !l.retired);
  const tools = [...new Set(offered.flatMap((l) => l.tools))];
  const candidate = changeOf(op, f, after.schema, tools.length > 0 ? tools : ['class']);
  const problem = candidate ? applySchemaChanges(after.schema, [candidate], 'next').problems[0]?.message.replace(/^Change 1: /, '') : undefined;
  const lines = describeChanges(schema, changes);
  const chosen = offered.find((l) => l.id === f.classId);
  const attributes = (chosen?.attributes ?? []).filter((a) => !a.retired);

  const add = () => {
    if (!candidate || problem) return;
    onChange([...changes, candidate]);
    setF({ ...EMPTY, color: freeColour(after.schema.labels.map((l) => l.color)) });
  };

  return (
    <section className="label-changes" aria-labelledby={`${problemId}-title`}>
      <h2 id={`${problemId}-title`}>Label changes</h2>
      <p>
        Changes to the label set are published with this version, in this order. Renames, colours and hotkeys change no label; a merge maps existing labels to
        the new class; a split sends exactly its class’s labels back; a retirement or an attribute change does what you choose.
      </p>
      {changes.length === 0 ? (
        <p>No label changes in this draft.</p>
      ) : (
        <ol aria-label="Drafted label changes">
          {lines.map((line, i) => (
            <li key={i}>
              {line}{' '}
              <button type="button" disabled={disabled} aria-label={`Remove change ${i + 1}`} onClick={() => onChange(changes.filter((_, k) => k !== i))}>
                Remove
              </button>
            </li>
          ))}
        </ol>
      )}
      {after.problems.length > 0 && (
        <p role="alert" className="error-text">
          {after.problems[0]!.message}
        </p>
      )}
      <form
        aria-label="Add a label change"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <label>
          Kind of change{' '}
          <select value={op} onChange={(e) => setOp(e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k.op} value={k.op}>
                {k.name}
              </option>
            ))}
          </select>
        </label>
        {op !== 'add_class' && op !== 'merge_classes' && (
          <ClassSelect
            label={op === 'split_class' ? 'Class to split' : 'Class'}
            classes={offered}
            value={f.classId}
            onChange={(classId) => set({ classId, attribute: '' })}
          />
        )}
        {(op === 'add_class' || op === 'rename_class') && (
          <label>
            {op === 'add_class' ? 'Name' : 'New name'} <input value={f.name} onChange={(e) => set({ name: e.target.value })} />
          </label>
        )}
        {(op === 'add_class' || op === 'recolour_class') && (
          <label>
            Colour <input type="color" value={f.color} onChange={(e) => set({ color: e.target.value })} />
          </label>
        )}
        {(op === 'add_class' || op === 'rehotkey_class') && (
          <label>
            Hotkey (one digit or letter; empty for none){' '}
            <input value={f.hotkey} maxLength={1} size={2} onChange={(e) => set({ hotkey: e.target.value.toLowerCase() })} />
          </label>
        )}
        {op === 'merge_classes' && (
          <>
            <fieldset>
              <legend>Classes to merge</legend>
              {offered.map((l) => (
                <label key={l.id}>
                  <input
                    type="checkbox"
                    checked={f.merge.includes(l.id)}
                    onChange={(e) => set({ merge: e.target.checked ? [...f.merge, l.id] : f.merge.filter((x) => x !== l.id) })}
                  />{' '}
                  {l.name}
                </label>
              ))}
            </fieldset>
            <label>
              Merge into (an existing class’s name, or a new one) <input value={f.into} onChange={(e) => set({ into: e.target.value })} />
            </label>
          </>
        )}
        {op === 'split_class' && (
          <label>
            Split into (names, separated by commas) <input value={f.parts} onChange={(e) => set({ parts: e.target.value })} />
          </label>
        )}
        {op === 'add_attribute' && (
          <label>
            Attribute name <input value={f.attribute} onChange={(e) => set({ attribute: e.target.value })} />
          </label>
        )}
        {(op === 'retire_attribute' || op === 'change_options') && (
          <label>
            Attribute{' '}
            <select value={f.attribute} onChange={(e) => set({ attribute: e.target.value })}>
              <option value="">(choose)</option>
              {attributes.map((a) => (
                <option key={a.name} value={a.name}>
                  {a.title ?? a.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {(op === 'add_attribute' || op === 'change_options') && (
          <label>
            Options (separated by commas{op === 'add_attribute' ? '; none for a yes/no attribute' : ''}){' '}
            <input value={f.options} onChange={(e) => set({ options: e.target.value })} />
          </label>
        )}
        {(op === 'retire_class' || op === 'add_attribute' || op === 'retire_attribute' || op === 'change_options') && (
          <fieldset>
            <legend>Existing labels of this class</legend>
            <label>
              <input type="radio" name="labels" checked={f.labels === 'send_back'} onChange={() => set({ labels: 'send_back' })} /> Send them back for
              re-annotation
            </label>
            <label>
              <input type="radio" name="labels" checked={f.labels === 'keep'} onChange={() => set({ labels: 'keep' })} /> Keep them as they are
            </label>
          </fieldset>
        )}
        {problem && (
          <p id={problemId} className="error-text">
            {problem}
          </p>
        )}
        <button type="submit" disabled={disabled || !candidate || !!problem} aria-describedby={problem ? problemId : undefined}>
          Add this change
        </button>
      </form>
    </section>
  );
}

function ClassSelect({ label, classes, value, onChange }: { label: string; classes: LabelClass[]; value: string; onChange: (id: string) => void }) {
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">(choose)</option>
        {classes.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
