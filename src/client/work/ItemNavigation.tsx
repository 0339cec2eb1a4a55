import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useModalFocus } from '../components/useModalFocus.ts';
import type { TouchstoneDb } from '../local/db.ts';
import { tabId } from './claims.ts';
import { previousItem, reopenItem, SKIP_REASONS, skipItem, submittedItems } from './navigation.ts';
import { NAVIGATION_KEYS, navigationKey } from './navigationHotkeys.ts';
import { useItemChange } from './useItemChange.ts';

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || !!t.closest('[data-own-keys]'));
const shortId = (id: string) => `#${id.slice(-6)}`;

/** Previous item, skip with a reason, and one's submitted items to reopen: buttons and keys. */
export function ItemNavigation({
  db,
  userId,
  projectId,
  itemId,
  enabled,
}: {
  db: TouchstoneDb;
  userId: string;
  projectId: string;
  itemId: string;
  enabled: boolean;
}) {
  const submitted = useLiveQuery(() => submittedItems(db, userId, projectId), [db, userId, projectId]) ?? [];
  const [skipping, setSkipping] = useState(false);
  const [listOpen, setListOpen] = useState(false);
  useItemChange(itemId, () => {
    setSkipping(false);
    setListOpen(false);
  });
  const listId = useId();

  const goBack = () => void previousItem(db, userId, projectId, tabId.current);
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || e.defaultPrevented) return;
      const which = navigationKey(e);
      if (!which) return;
      e.preventDefault();
      if (which === 'previous') goBack();
      else if (which === 'skip') setSkipping(true);
      else setListOpen((o) => !o);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="item-navigation">
      <button type="button" onClick={goBack} disabled={!enabled || submitted.length === 0} aria-keyshortcuts={NAVIGATION_KEYS.previous.keys}>
        Previous item
      </button>
      <button type="button" onClick={() => setSkipping(true)} disabled={!enabled} aria-keyshortcuts={NAVIGATION_KEYS.skip.keys} aria-haspopup="dialog">
        Skip item
      </button>
      <button
        type="button"
        aria-expanded={listOpen}
        aria-controls={listId}
        aria-keyshortcuts={NAVIGATION_KEYS.submitted.keys}
        onClick={() => setListOpen((o) => !o)}
      >
        Finished items ({submitted.length})
      </button>
      {listOpen && (
        <section id={listId} aria-label="Your finished items" className="submitted-items">
          {submitted.length === 0 ? (
            <p>Nothing submitted from this device yet.</p>
          ) : (
            <ul>
              {submitted.map((s) => (
                <li key={s.entry.key}>
                  <button
                    type="button"
                    disabled={!enabled}
                    onClick={() => {
                      setListOpen(false);
                      void reopenItem(db, userId, projectId, s.entry.itemId, tabId.current);
                    }}
                  >
                    Reopen item {shortId(s.entry.itemId)}
                  </button>{' '}
                  {s.submittedAt > 0 && <span className="muted">submitted {new Date(s.submittedAt).toLocaleTimeString()}</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {skipping && (
        <SkipDialog
          onCancel={() => setSkipping(false)}
          onSkip={(reason) => {
            setSkipping(false);
            void skipItem(db, userId, projectId, itemId, reason, tabId.current);
          }}
        />
      )}
    </div>
  );
}

function SkipDialog({ onCancel, onSkip }: { onCancel: () => void; onSkip: (reason: string) => void }) {
  const { ref, onKeyDown } = useModalFocus(onCancel);
  const titleId = useId();
  const [choice, setChoice] = useState<string>(SKIP_REASONS[0]);
  const [other, setOther] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const reason = choice === 'other' ? other.trim() : choice;
    if (!reason) return setError('Write why you skip this item.');
    onSkip(reason);
  };
  return (
    <div className="escalate-backdrop">
      <div ref={ref} role="dialog" aria-modal="true" data-own-keys="" aria-labelledby={titleId} className="escalate-dialog" onKeyDown={onKeyDown}>
        <h2 id={titleId}>Skip this item</h2>
        <p>It waits at the end of your queue, with your draft. The reason is kept on this device.</p>
        <form onSubmit={submit}>
          <fieldset>
            <legend>Why do you skip it?</legend>
            {[...SKIP_REASONS, 'other'].map((r) => (
              <label key={r} className="choice">
                <input type="radio" name="skip-reason" value={r} checked={choice === r} onChange={() => setChoice(r)} />
                {r === 'other' ? 'Another reason' : r}
              </label>
            ))}
          </fieldset>
          {choice === 'other' && (
            <label>
              Your reason
              <input
                value={other}
                onChange={(e) => setOther(e.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? `${titleId}-error` : undefined}
              />
            </label>
          )}
          {error && (
            <p id={`${titleId}-error`} className="error-text">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
            <button type="submit" className="primary">
              Skip item
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
