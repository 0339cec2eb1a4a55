import type { HotkeyRow } from '../components/HotkeyDialog.tsx';

// The queue-navigation keys, as data: ItemNavigation acts on them and both `?` tables list them.
// Alt+Shift with an arrow: no label, tool or browser shortcut uses it (Alt+← alone is the browser's Back).
export const NAVIGATION_KEYS = {
  previous: { code: 'ArrowLeft', keys: 'Alt+Shift+ArrowLeft', label: 'Alt+Shift+←' },
  skip: { code: 'ArrowRight', keys: 'Alt+Shift+ArrowRight', label: 'Alt+Shift+→' },
  submitted: { code: 'ArrowDown', keys: 'Alt+Shift+ArrowDown', label: 'Alt+Shift+↓' },
} as const;

export const NAVIGATION_HOTKEYS: HotkeyRow[] = [
  { id: 'previous-item', keys: NAVIGATION_KEYS.previous.label, what: 'Previous item: reopen the item you submitted last' },
  { id: 'skip-item', keys: NAVIGATION_KEYS.skip.label, what: 'Skip the item, with a reason (it waits at the end of your queue)' },
  { id: 'submitted-items', keys: NAVIGATION_KEYS.submitted.label, what: 'Show the items you finished (submitted), to reopen one' },
];

/** Which navigation key this is, if any. */
export function navigationKey(e: KeyboardEvent): keyof typeof NAVIGATION_KEYS | null {
  if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey) return null;
  for (const [name, k] of Object.entries(NAVIGATION_KEYS)) if (e.key === k.code) return name as keyof typeof NAVIGATION_KEYS;
  return null;
}
