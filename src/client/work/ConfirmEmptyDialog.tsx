import { useId } from 'react';
import { useModalFocus } from '../components/useModalFocus.ts';

/**
 * Asked before an empty answer replaces one that had labels (a re-annotated or pre-annotated item
 * emptied by mistake would otherwise store a revision with nothing in it).
 */
export function ConfirmEmptyDialog({ had, onConfirm, onCancel }: { had: number; onConfirm: () => void; onCancel: () => void }) {
  const { ref, onKeyDown } = useModalFocus(onCancel);
  const titleId = useId();
  return (
    <div className="escalate-backdrop">
      <div ref={ref} role="alertdialog" aria-modal="true" data-own-keys="" aria-labelledby={titleId} className="escalate-dialog" onKeyDown={onKeyDown}>
        <h2 id={titleId}>Submit an empty answer?</h2>
        <p>
          This item had {had} {had === 1 ? 'label' : 'labels'} when it opened, and your answer now has none. Submitting stores an answer with no labels.
        </p>
        <button type="button" onClick={onCancel}>
          Keep editing
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          Submit empty
        </button>
      </div>
    </div>
  );
}
