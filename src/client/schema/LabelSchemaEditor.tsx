// The label schema editor: a controlled form (value + onChange) over a schema draft. It checks
// the draft with the domain's own LabelSchema and shows each complaint beside its field; it knows
// nothing of where the schema goes (a new project, a taxonomy change), so either can reuse it.
import { useId, useMemo } from 'react';
import type { ProjectKind } from '../../domain/api/index.ts';
import { FieldIssues } from './FieldIssues.tsx';
import { LabelClassFields } from './LabelClassFields.tsx';
import { issuesAt, move, newLabel, removeAt, replaceAt, schemaIssues, type LabelSchemaDraft } from './schemaDraft.ts';
import './schema-editor.css';

interface Props {
  value: LabelSchemaDraft;
  onChange(value: LabelSchemaDraft): void;
  kind: ProjectKind;
  /** The heading's text; the editor is a region named by it. */
  title?: string;
}

export function LabelSchemaEditor({ value, onChange, kind, title = 'Labels' }: Props) {
  const id = useId();
  const issues = useMemo(() => schemaIssues(value), [value]);
  const whole = [...issuesAt(issues, ''), ...issuesAt(issues, 'labels')];
  const hasClassTool = value.labels.some((l) => l.tools.includes('class'));
  return (
    <section className="label-schema-editor" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {whole.length > 0 && (
        <p className="field-issue" id={`${id}-whole`}>
          {whole.join('; ')}
        </p>
      )}
      {value.labels.map((label, i) => (
        <LabelClassFields
          key={i}
          label={label}
          index={i}
          count={value.labels.length}
          kind={kind}
          issues={issues}
          onChange={(l) => onChange({ ...value, labels: replaceAt(value.labels, i, l) })}
          onMove={(to) => onChange({ ...value, labels: move(value.labels, i, to) })}
          onRemove={() => onChange({ ...value, labels: removeAt(value.labels, i) })}
        />
      ))}
      <button type="button" onClick={() => onChange({ ...value, labels: [...value.labels, newLabel(value, kind)] })}>
        Add label
      </button>
      {hasClassTool && (
        <fieldset className="class-mode">
          <legend>{kind === 'text' ? 'Document classes' : 'Image classes'}</legend>
          <label>
            <input
              type="radio"
              name={`${id}-mode`}
              checked={(value.classMode ?? 'single') === 'single'}
              onChange={() => onChange({ ...value, classMode: 'single' })}
            />{' '}
            One class per item
          </label>
          <label>
            <input type="radio" name={`${id}-mode`} checked={value.classMode === 'multi'} onChange={() => onChange({ ...value, classMode: 'multi' })} /> Several
            classes per item
          </label>
        </fieldset>
      )}
      <FieldIssues id={`${id}-mode`} messages={issuesAt(issues, 'classMode')} />
    </section>
  );
}

/** Whether the draft is a schema the server will take (the form's submit uses it). */
export function isValidSchema(value: LabelSchemaDraft): boolean {
  return schemaIssues(value).size === 0;
}
