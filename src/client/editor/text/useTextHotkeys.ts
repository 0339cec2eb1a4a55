// The tagger's keyboard (the table is textHotkeys.ts). Listens in the capture phase and marks
// what it uses as handled, so the screen-wide hotkeys (useAnnotateHotkeys: undo, submit, class
// labels) skip those keys. Caret keys act only while the document has focus.
import { useEffect, type RefObject } from 'react';
import type { LabelSchema } from '../../../domain/api/index.ts';
import { moveCaret, neighbourSpan } from '../../../domain/text/tagger-ops.ts';
import { useEditor } from '../store.ts';
import { adjustSelected, createSpan, deleteSpan, relabelSpan, selectSpan, type TaggerContext } from './actions.ts';
import { useTagger } from './taggerStore.ts';

// A modal that handles its own keys (data-own-keys, e.g. the escalate dialog) counts as typing.
const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || !!t.closest('[data-own-keys]'));
const BRACKETS: Record<string, ['start' | 'end', -1 | 1]> = { '[': ['start', -1], '{': ['start', 1], ']': ['end', 1], '}': ['end', -1] };

/** Whether the paragraph holding the caret reads right to left (then ← moves forward). */
function rtlAt(root: HTMLElement): boolean {
  const node = root.ownerDocument.getSelection()?.focusNode;
  const el = node instanceof Element ? node : node?.parentElement;
  const para = el && root.contains(el) ? el.closest('.para') : null;
  return !!para && root.ownerDocument.defaultView?.getComputedStyle(para).direction === 'rtl';
}

export function useTextHotkeys(ctx: TaggerContext, schema: LabelSchema, rootRef: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || e.defaultPrevented) return;
      const t = useTagger.getState();
      const ed = useEditor.getState();
      const root = rootRef.current;
      const used = () => {
        e.preventDefault();
        e.stopPropagation();
      };
      if (t.helpOpen) {
        if (e.key === 'Escape' || e.key === '?') {
          t.setHelpOpen(false);
          used();
        }
        return;
      }
      if (e.key === '?') return (t.setHelpOpen(true), used());
      const inDoc = !!root && e.target instanceof Node && root.contains(e.target);
      const selected = ed.selectedId ? ed.payload.spans.find((s) => s.id === ed.selectedId) : undefined;
      const mod = e.ctrlKey || e.metaKey;

      if (inDoc && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
        const dir = ((e.key === 'ArrowRight' ? 1 : -1) * (root && rtlAt(root) ? -1 : 1)) as -1 | 1;
        const next = moveCaret(ctx.model, t.focus, dir, mod || e.altKey);
        t.setCaret(e.shiftKey ? t.anchor : next, next);
        return used();
      }
      if (inDoc && (e.key === 'Home' || e.key === 'End')) {
        const next = e.key === 'Home' ? 0 : ctx.model.length;
        t.setCaret(e.shiftKey ? t.anchor : next, next);
        return used();
      }
      // Undo/redo as the screen does it, plus an announcement for screen readers.
      if (mod && !e.altKey && (e.key.toLowerCase() === 'z' || e.key === 'y')) {
        const redo = e.key === 'y' || e.shiftKey;
        const had = redo ? ed.future.length : ed.past.length;
        if (redo) ed.redo();
        else ed.undo();
        t.say(had ? (redo ? 'Redone.' : 'Undone.') : redo ? 'Nothing to redo.' : 'Nothing to undo.');
        return used();
      }
      if (mod || e.altKey) return;
      if (inDoc && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        const s = neighbourSpan(ed.payload.spans, selected ?? null, t.focus, e.key === 'ArrowDown' ? 1 : -1);
        if (s) selectSpan(ctx, s.id);
        return used();
      }
      if (inDoc && e.key === 'Enter') {
        if (t.anchor !== t.focus) createSpan(ctx, t.anchor, t.focus, ed.activeLabel);
        else t.refuse('Select some text first: hold Shift and use the arrow keys.');
        return used();
      }
      if (e.key === 'Escape' && (inDoc || selected || t.anchor !== t.focus)) {
        t.setCaret(t.focus);
        ed.select(null);
        t.refuse(null);
        return used();
      }
      if ((e.key === 'Delete' || e.key === 'Backspace') && selected) {
        deleteSpan(ctx, selected.id);
        return used();
      }
      const bracket = BRACKETS[e.key];
      if (bracket && (inDoc || selected)) {
        adjustSelected(ctx, bracket[0], bracket[1]);
        return used();
      }
      const label = schema.labels.find((l) => l.hotkey === e.key.toLowerCase() && l.tools.includes('span'));
      if (!label) return;
      if (t.anchor !== t.focus && (inDoc || e.target === root?.ownerDocument.body)) {
        ed.setActiveLabel(label.id);
        createSpan(ctx, t.anchor, t.focus, label.id);
        return used();
      }
      if (selected) {
        const target = ed.labelKey(label.id);
        if (target) {
          relabelSpan(ctx, target, label.id);
          ed.flashShape(target);
        } else t.say(`Next span: ${label.name}.`);
        return used();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [ctx, schema, rootRef]);
}
