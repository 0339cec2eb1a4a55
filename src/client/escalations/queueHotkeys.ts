// The lead queue's keyboard, as data and a hook: the hook acts on the keys and the help dialog
// lists the same table. Letters a project's labels claim as hotkeys stay with the labels (the
// editor acts on them); keys the editors consume (defaultPrevented) are left alone too.
import { useEffect } from 'react';
import type { LabelSchema } from '../../domain/api/index.ts';
import type { HotkeyRow } from '../components/HotkeyDialog.tsx';

export const QUEUE_HOTKEYS: readonly HotkeyRow[] = [
  { id: 'next', keys: 'J', what: 'Next escalation in the list' },
  { id: 'prev', keys: 'K', what: 'Previous escalation in the list' },
  { id: 'resolve', keys: 'R, Ctrl+Enter', what: 'Resolve: the labels in the editor become the ruling, with the explanation' },
  { id: 'return', keys: 'Shift+R', what: 'Return the item to the annotator with the comment' },
  { id: 'check', keys: 'X', what: 'Check or uncheck this escalation for a bulk decision' },
  { id: 'help', keys: 'H', what: 'Show this list (Escape closes it)' },
  { id: 'editor', keys: '?', what: 'The editor’s own keys (labels, tools, undo)' },
];

export interface QueueKeyActions {
  next(): void;
  prev(): void;
  resolve(): void;
  ret(): void;
  toggleCheck(): void;
  helpOpen: boolean;
  setHelpOpen(open: boolean): void;
}

// Typing in a text field, or inside a modal that handles its own keys. Checkboxes and buttons
// keep the hotkeys working (a lead ticks a few boxes, then presses R).
const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement &&
  (t.isContentEditable ||
    t.tagName === 'TEXTAREA' ||
    t.tagName === 'SELECT' ||
    (t instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(t.type)) ||
    !!t.closest('[data-own-keys]'));

export function useQueueHotkeys(schema: LabelSchema | undefined, a: QueueKeyActions): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (a.helpOpen) {
        if (e.key === 'Escape' || e.key === 'h' || e.key === 'H') {
          e.preventDefault();
          a.setHelpOpen(false);
        }
        return;
      }
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const key = e.key.toLowerCase();
      if (schema?.labels.some((l) => l.hotkey === key)) return;
      const act: Record<string, (() => void) | undefined> = {
        j: a.next,
        k: a.prev,
        r: e.shiftKey ? a.ret : a.resolve,
        x: a.toggleCheck,
        h: () => a.setHelpOpen(true),
      };
      const fn = act[key];
      if (!fn) return;
      e.preventDefault();
      fn();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
}
