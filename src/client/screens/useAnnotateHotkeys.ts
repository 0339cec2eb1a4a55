import { useEffect } from 'react';
import type { LabelSchema, ProjectKind } from '../../domain/api/index.ts';
import { useEditor } from '../editor/store.ts';
import { toggleClass } from '../editor/text/classes.ts';
import { isEscalateKey } from '../work/escalateHotkey.ts';
import { layoutKey } from '../work/layout.ts';

// A modal that handles its own keys (data-own-keys, e.g. the escalate dialog) counts as typing.
const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || !!t.closest('[data-own-keys]'));

/** The annotator's keyboard: label hotkeys, undo/redo, delete, submit, escalate (when given). */
export function useAnnotateHotkeys(schema: LabelSchema, kind: ProjectKind, submit: () => void, enabled = true, escalate?: () => void): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      // The image editor consumes its own keys first (capture phase) and marks them handled.
      if (typing(e.target) || e.defaultPrevented) return;
      const ed = useEditor.getState();
      const mod = e.ctrlKey || e.metaKey;
      if (
        escalate &&
        isEscalateKey(
          e,
          schema.labels.some((l) => l.hotkey === 'e'),
        )
      ) {
        e.preventDefault();
        escalate();
      } else if (mod && e.key === 'Enter') {
        e.preventDefault();
        // A held Ctrl+Enter repeats: the next item opens at once, and must not be submitted by it.
        if (!e.repeat) submit();
      } else if (mod && (e.key === 'z' || e.key === 'Z')) {
        e.preventDefault();
        if (e.shiftKey) ed.redo();
        else ed.undo();
      } else if (mod && e.key === 'y') {
        e.preventDefault();
        ed.redo();
      } else if ((e.key === 'Delete' || e.key === 'Backspace') && ed.selectedId) {
        const id = ed.selectedId;
        ed.edit((p) => ({ ...p, shapes: p.shapes.filter((s) => s.id !== id), spans: p.spans.filter((s) => s.id !== id) }));
        ed.select(null);
      } else if (!mod && !e.altKey) {
        const label = schema.labels.find((l) => l.hotkey === e.key.toLowerCase());
        if (!label) {
          if (!e.shiftKey && layoutKey(e.key)) e.preventDefault();
          return;
        }
        if (label.tools.includes('class')) toggleClass(schema, label.id);
        else {
          const sel = ed.labelKey(label.id);
          if (sel) {
            ed.edit((p) => ({
              ...p,
              shapes: p.shapes.map((s) => (s.id === sel ? { ...s, label: label.id } : s)),
              spans: p.spans.map((s) => (s.id === sel ? { ...s, label: label.id } : s)),
            }));
            ed.flashShape(sel);
          }
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [schema, kind, submit, enabled, escalate]);
}
