import type { LabelSchema } from '../../../domain/api/index.ts';
import { HotkeyDialog } from '../../components/HotkeyDialog.tsx';
import { ESCALATE_HOTKEY } from '../../work/escalateHotkey.ts';
import { NAVIGATION_HOTKEYS } from '../../work/navigationHotkeys.ts';
import { IMAGE_HOTKEYS } from './hotkeys.ts';
import { useTools } from './toolStore.ts';

/** The `?` dialog: every key the image editor answers to, and the label keys of this project. */
export function HotkeyHelp({ schema }: { schema: LabelSchema }) {
  const open = useTools((s) => s.helpOpen);
  const rows = [
    ...IMAGE_HOTKEYS.map((h) => ({ id: h.keys, keys: h.keys, what: h.what })),
    ESCALATE_HOTKEY,
    ...NAVIGATION_HOTKEYS,
    ...schema.labels.filter((l) => l.hotkey).map((l) => ({ id: l.id, keys: l.hotkey as string, what: `Label: ${l.name}` })),
  ];
  return <HotkeyDialog open={open} rows={rows} onClose={() => useTools.getState().setHelpOpen(false)} />;
}
