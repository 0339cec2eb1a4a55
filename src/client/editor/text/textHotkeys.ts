// Every key the text tagger answers to, as data: useTextHotkeys acts on them and the `?` dialog
// lists them, so the two cannot drift apart.
import type { HotkeyDoc } from '../image/hotkeys.ts';

export const TEXT_HOTKEYS: readonly HotkeyDoc[] = [
  { keys: 'Drag', what: 'Tag the dragged text with the active label (snapped to whole words when the project says so)' },
  { keys: 'Click a span', what: 'Select it' },
  { keys: '← / →', what: 'Move the caret to the previous / next word boundary (in right-to-left text, ← moves forward)' },
  { keys: 'Ctrl+← / →, Alt+← / →', what: 'Move the caret by one character (grapheme)' },
  { keys: 'Shift+arrows', what: 'Extend the selection from where it started' },
  { keys: 'Home / End', what: 'Caret to the start / end of the text' },
  { keys: 'Enter', what: 'Tag the selection with the active label' },
  {
    keys: '1–9',
    what: 'With text selected: tag it with that label. With a span selected: relabel it. Otherwise: choose the active label (class labels toggle the document class)',
  },
  { keys: '↓ / ↑', what: 'Select the next / previous span' },
  { keys: '[ / Shift+[', what: 'Move the selected span’s start one word left / right' },
  { keys: '] / Shift+]', what: 'Move the selected span’s end one word right / left' },
  { keys: 'Delete, Backspace', what: 'Delete the selected span' },
  { keys: 'Escape', what: 'Clear the selection' },
  { keys: 'Ctrl+Z', what: 'Undo' },
  { keys: 'Ctrl+Shift+Z, Ctrl+Y', what: 'Redo' },
  { keys: 'Ctrl+Enter', what: 'Submit the item' },
  { keys: '?', what: 'Show this list (Escape closes it)' },
];
