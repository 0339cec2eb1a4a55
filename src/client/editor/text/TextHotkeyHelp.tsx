import type { LabelSchema } from '../../../domain/api/index.ts';
import { HotkeyDialog } from '../../components/HotkeyDialog.tsx';
import { ESCALATE_HOTKEY } from '../../work/escalateHotkey.ts';
import { NAVIGATION_HOTKEYS } from '../../work/navigationHotkeys.ts';
import { TEXT_HOTKEYS } from './textHotkeys.ts';
import { useTagger } from './taggerStore.ts';

/** The `?` dialog: every key the tagger answers to, and the label keys of this project. */
export function TextHotkeyHelp({ schema }: { schema: LabelSchema }) {
  const open = useTagger((s) => s.helpOpen);
  const rows = [
    ...TEXT_HOTKEYS.map((h) => ({ id: h.keys, keys: h.keys, what: h.what })),
    ESCALATE_HOTKEY,
    ...NAVIGATION_HOTKEYS,
    ...schema.labels
      .filter((l) => l.hotkey)
      .map((l) => ({ id: l.id, keys: l.hotkey as string, what: `${l.tools.includes('class') ? 'Document class' : 'Span label'}: ${l.name}` })),
  ];
  return <HotkeyDialog open={open} rows={rows} onClose={() => useTagger.getState().setHelpOpen(false)} />;
}
