import type { LabelClass } from '../../domain/api/index.ts';

/** The labels that apply to the current tool, each with its hotkey; the active one is pressed. */
export function LabelPicker({ labels, active, onPick, title }: { labels: LabelClass[]; active: string | null; onPick: (id: string) => void; title: string }) {
  return (
    <fieldset className="label-picker">
      <legend>{title}</legend>
      {labels.map((l) => (
        <button
          key={l.id}
          type="button"
          aria-pressed={active === l.id}
          aria-keyshortcuts={l.hotkey}
          onClick={() => onPick(l.id)}
          className="label-chip"
          style={{ borderColor: l.color }}
        >
          <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
          {l.name}
          {l.hotkey && <kbd aria-hidden="true">{l.hotkey}</kbd>}
        </button>
      ))}
    </fieldset>
  );
}
