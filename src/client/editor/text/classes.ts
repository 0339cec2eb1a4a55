import type { LabelSchema } from '../../../domain/api/index.ts';
import { useEditor } from '../store.ts';

/** Sets or clears a document class (single mode keeps one); a hotkey or a button calls it, outside the lazily loaded tagger. */
export function toggleClass(schema: LabelSchema, id: string): void {
  useEditor.getState().edit((p) => {
    const has = p.classes.includes(id);
    const classes = has ? p.classes.filter((c) => c !== id) : schema.classMode === 'single' ? [id] : [...p.classes, id];
    return { ...p, classes };
  });
}
