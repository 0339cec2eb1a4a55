// One label class of the schema: name, id, colour, hotkey, the tools that draw it, its attributes.
import { useId } from 'react';
import type { ProjectKind, Tool } from '../../domain/api/index.ts';
import { AttributeFields } from './AttributeFields.tsx';
import { FieldIssues, invalidProps } from './FieldIssues.tsx';
import { issuesAt, otherIssuesUnder, removeAt, renameLabel, replaceAt, TOOLS_BY_KIND, type LabelDraft, type SchemaIssues } from './schemaDraft.ts';

interface Props {
  label: LabelDraft;
  index: number;
  count: number;
  kind: ProjectKind;
  issues: SchemaIssues;
  onChange(label: LabelDraft): void;
  onMove(to: number): void;
  onRemove(): void;
}

const SHOWN = ['name', 'id', 'color', 'hotkey', 'tools', 'attributes'];

export function LabelClassFields({ label, index, count, kind, issues, onChange, onMove, onRemove }: Props) {
  const id = useId();
  const path = `labels.${index}`;
  const at = (field: string) => issuesAt(issues, `${path}.${field}`);
  const title = `Label ${index + 1}`;
  const who = label.name.trim() || title;
  const attributes = label.attributes ?? [];
  const toggleTool = (tool: Tool, on: boolean) => onChange({ ...label, tools: on ? [...label.tools, tool] : label.tools.filter((t) => t !== tool) });
  const setHotkey = (key: string) => {
    const { hotkey: _old, ...rest } = label;
    onChange(key === '' ? rest : { ...rest, hotkey: key.toLowerCase() });
  };

  return (
    <fieldset className="label-class-fields" style={{ borderLeftColor: label.color }}>
      <legend>{title}</legend>
      <div className="row">
        <div className="field">
          <label>
            Name
            <input value={label.name} onChange={(e) => onChange(renameLabel(label, e.target.value))} {...invalidProps(`${id}-name`, at('name'))} />
          </label>
          <FieldIssues id={`${id}-name`} messages={at('name')} />
        </div>
        <div className="field">
          <label>
            Id in exports
            <input value={label.id} onChange={(e) => onChange({ ...label, id: e.target.value })} {...invalidProps(`${id}-id`, at('id'))} />
          </label>
          <FieldIssues id={`${id}-id`} messages={at('id')} />
        </div>
        <div className="field">
          <label>
            Colour
            <input
              type="color"
              value={label.color}
              onChange={(e) => onChange({ ...label, color: e.target.value })}
              {...invalidProps(`${id}-color`, at('color'))}
            />
          </label>
          <FieldIssues id={`${id}-color`} messages={at('color')} />
        </div>
        <div className="field">
          <label>
            Hotkey
            <input
              className="hotkey-input"
              maxLength={1}
              value={label.hotkey ?? ''}
              onChange={(e) => setHotkey(e.target.value)}
              {...invalidProps(`${id}-hotkey`, at('hotkey'))}
            />
          </label>
          <FieldIssues id={`${id}-hotkey`} messages={at('hotkey')} />
        </div>
      </div>
      <fieldset className="tools" {...invalidProps(`${id}-tools`, at('tools'))}>
        <legend>Tools</legend>
        {TOOLS_BY_KIND[kind].map(({ tool, name }) => (
          <label key={tool}>
            <input type="checkbox" checked={label.tools.includes(tool)} onChange={(e) => toggleTool(tool, e.target.checked)} /> {name}
          </label>
        ))}
        <FieldIssues id={`${id}-tools`} messages={at('tools')} />
      </fieldset>
      {attributes.map((attr, i) => (
        <AttributeFields
          key={i}
          attr={attr}
          path={`${path}.attributes.${i}`}
          title={`${who} attribute ${i + 1}`}
          issues={issues}
          onChange={(a) => onChange({ ...label, attributes: replaceAt(attributes, i, a) })}
          onRemove={() => onChange({ ...label, attributes: removeAt(attributes, i) })}
        />
      ))}
      <FieldIssues id={`${id}-rest`} messages={[...at('attributes'), ...otherIssuesUnder(issues, path, SHOWN)]} />
      <div className="row">
        <button
          type="button"
          onClick={() => onChange({ ...label, attributes: [...attributes, { type: 'boolean', name: '' }] })}
          aria-label={`Add attribute to ${who}`}
        >
          Add attribute
        </button>
        <button type="button" disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={`Move ${who} up`}>
          Up
        </button>
        <button type="button" disabled={index === count - 1} onClick={() => onMove(index + 1)} aria-label={`Move ${who} down`}>
          Down
        </button>
        <button type="button" onClick={onRemove} aria-label={`Remove ${who}`}>
          Remove
        </button>
      </div>
    </fieldset>
  );
}
