import type { LabelSchema, QueueItem } from '../../../domain/api/index.ts';
import { labelsForTool } from '../../../domain/api/index.ts';
import { useEditor } from '../store.ts';
import { TextTagger } from './TextTagger.tsx';
import { toggleClass } from './classes.ts';

/** The document with its span tagger, and its class by hotkey or button. */
export function TextItemEditor({ item, schema }: { item: QueueItem; schema: LabelSchema }) {
  const classes = useEditor((s) => s.payload.classes);
  const classLabels = labelsForTool(schema, 'class');
  return (
    <div className="text-item">
      <TextTagger text={item.text ?? ''} schema={schema} />
      {classLabels.length > 0 && (
        <fieldset className="label-picker">
          <legend>Document class{schema.classMode === 'multi' ? 'es' : ''}</legend>
          {classLabels.map((l) => (
            <button
              key={l.id}
              type="button"
              aria-pressed={classes.includes(l.id)}
              aria-keyshortcuts={l.hotkey}
              className="label-chip"
              style={{ borderColor: l.color }}
              onClick={() => toggleClass(schema, l.id)}
            >
              <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
              {l.name}
              {l.hotkey && <kbd aria-hidden="true">{l.hotkey}</kbd>}
            </button>
          ))}
        </fieldset>
      )}
    </div>
  );
}
