import type { HotkeyRow } from '../components/HotkeyDialog.tsx';

// The escalate key, as data: useAnnotateHotkeys acts on it and both `?` tables list it.
// A label may claim the letter e as its hotkey; the label then keeps it, and Shift+E escalates.
export const ESCALATE_HOTKEY: HotkeyRow = {
  id: 'escalate',
  keys: 'E',
  what: 'Escalate the item to a lead instead of guessing (while annotating; Shift+E when a label uses E)',
};

export const isEscalateKey = (e: KeyboardEvent, labelUsesE: boolean) =>
  !e.ctrlKey && !e.metaKey && !e.altKey && (e.key === 'E' || (e.key === 'e' && !labelUsesE));
