import { useEffect, useId, useRef } from 'react';

/** One line of a `?` dialog: the keys, and what they do. */
export interface HotkeyRow {
  id: string;
  keys: string;
  what: string;
}

/** The `?` dialog of an editor: a modal table of keys, focus on Close, a click outside closes it. */
export function HotkeyDialog({ open, rows, onClose }: { open: boolean; rows: readonly HotkeyRow[]; onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (open) closeRef.current?.focus();
  }, [open]);
  if (!open) return null;
  return (
    <div className="hotkey-help-backdrop" onClick={onClose}>
      <div role="dialog" aria-modal="true" aria-labelledby={titleId} className="hotkey-help" onClick={(e) => e.stopPropagation()}>
        <h2 id={titleId}>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <kbd>{r.keys}</kbd>
                </th>
                <td>{r.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" ref={closeRef} onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
