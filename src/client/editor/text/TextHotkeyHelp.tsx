import { useEffect, useRef } from 'react';
import type { LabelSchema } from '../../../domain/api/index.ts';
import { TEXT_HOTKEYS } from './textHotkeys.ts';
import { useTagger } from './taggerStore.ts';

/** The `?` dialog: every key the tagger answers to, and the label keys of this project. */
export function TextHotkeyHelp({ schema }: { schema: LabelSchema }) {
  const open = useTagger((s) => s.helpOpen);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) closeRef.current?.focus();
  }, [open]);
  if (!open) return null;
  const close = () => useTagger.getState().setHelpOpen(false);
  return (
    <div className="hotkey-help-backdrop" onClick={close}>
      <div role="dialog" aria-modal="true" aria-labelledby="text-help-title" className="hotkey-help" onClick={(e) => e.stopPropagation()}>
        <h2 id="text-help-title">Keyboard shortcuts</h2>
        <table>
          <tbody>
            {TEXT_HOTKEYS.map((h) => (
              <tr key={h.keys}>
                <th scope="row">
                  <kbd>{h.keys}</kbd>
                </th>
                <td>{h.what}</td>
              </tr>
            ))}
            {schema.labels
              .filter((l) => l.hotkey)
              .map((l) => (
                <tr key={l.id}>
                  <th scope="row">
                    <kbd>{l.hotkey}</kbd>
                  </th>
                  <td>
                    {l.tools.includes('class') ? 'Document class' : 'Span label'}: {l.name}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
        <button type="button" ref={closeRef} onClick={close}>
          Close
        </button>
      </div>
    </div>
  );
}
