// One attribute of a label: its kind (yes/no, one of a list, free text), name and options.
import { useId } from 'react';
import { FieldIssues, invalidProps } from './FieldIssues.tsx';
import { issuesAt, otherIssuesUnder, type AttributeDraft, type SchemaIssues } from './schemaDraft.ts';

export const ATTRIBUTE_KINDS = [
  { type: 'boolean', name: 'Yes / no' },
  { type: 'select', name: 'One of a list' },
  { type: 'text', name: 'Free text' },
] as const satisfies ReadonlyArray<{ type: AttributeDraft['type']; name: string }>;

export function retype(attr: AttributeDraft, type: AttributeDraft['type']): AttributeDraft {
  const base = { name: attr.name, ...(attr.title ? { title: attr.title } : {}) };
  if (type === 'select') return { ...base, type, options: attr.type === 'select' ? attr.options : [] };
  if (type === 'text') return { ...base, type };
  return { ...base, type };
}

interface Props {
  attr: AttributeDraft;
  /** Where this attribute sits in the schema ("labels.0.attributes.1"), to find its issues. */
  path: string;
  /** How the controls are named for assistive technology ("Car attribute 2"). */
  title: string;
  issues: SchemaIssues;
  onChange(attr: AttributeDraft): void;
  onRemove(): void;
}

export function AttributeFields({ attr, path, title, issues, onChange, onRemove }: Props) {
  const id = useId();
  const nameIssues = issuesAt(issues, `${path}.name`);
  const optionIssues = [...issuesAt(issues, `${path}.options`), ...otherIssuesUnder(issues, `${path}.options`, [])];
  const rest = otherIssuesUnder(issues, path, ['name', 'options']);
  return (
    <fieldset className="attribute-fields">
      <legend>{title}</legend>
      <label>
        Kind
        <select value={attr.type} onChange={(e) => onChange(retype(attr, e.target.value as AttributeDraft['type']))}>
          {ATTRIBUTE_KINDS.map((k) => (
            <option key={k.type} value={k.type}>
              {k.name}
            </option>
          ))}
        </select>
      </label>
      <div className="field">
        <label>
          Attribute name
          <input value={attr.name} onChange={(e) => onChange({ ...attr, name: e.target.value })} {...invalidProps(`${id}-name`, nameIssues)} />
        </label>
        <FieldIssues id={`${id}-name`} messages={nameIssues} />
      </div>
      {attr.type === 'select' && (
        <div className="field">
          <label>
            Options, one per line
            <textarea
              rows={3}
              value={attr.options.join('\n')}
              onChange={(e) => onChange({ ...attr, options: e.target.value.split('\n') })}
              onBlur={() => onChange({ ...attr, options: attr.options.map((o) => o.trim()).filter((o) => o !== '') })}
              {...invalidProps(`${id}-options`, optionIssues)}
            />
          </label>
          <FieldIssues id={`${id}-options`} messages={optionIssues} />
        </div>
      )}
      {rest.length > 0 && <FieldIssues id={`${id}-rest`} messages={rest} />}
      <button type="button" onClick={onRemove} aria-label={`Remove ${title}`}>
        Remove
      </button>
    </fieldset>
  );
}
