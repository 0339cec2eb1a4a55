import { useRef, useState } from 'react';
import type { TouchstoneDb } from '../local/db.ts';
import { isQuotaError, QUOTA_MESSAGE } from '../local/storage.ts';
import { submitAndAdvance, type NextItem } from './advance.ts';
import type { SubmitInput } from './submit.ts';
import type { Restore } from './useHandoff.ts';

/** What the workspace read ahead for an item: the next item Submit goes on to (advance.ts). */
export interface ReadAhead {
  after: string;
  next: NextItem | null;
}

export interface SubmitEvents {
  /** The next item, read ahead, is shown now: before the submission commits. */
  onAhead: (next: NextItem) => void;
  /** The submission committed; `next` is the item it claimed for this tab. */
  onSubmitted: (next: NextItem | null, wentAhead: boolean) => void;
  /** The submission failed after the screen had gone ahead: go back to the submitted item. */
  onFailed: (back: Restore) => void;
  /** The submission failed where it was made (nothing read ahead), or an earlier failure is over. */
  onError: (message: string | null) => void;
  /** Whether the item is still the one open in the editor. */
  isOpen: (itemId: string) => boolean;
}

/**
 * Submit and go on, for one workspace. The next item shows on the key press, so the annotator
 * may submit it before the previous submission has committed: submissions therefore run one after
 * another, and one made on an item the screen went ahead to is dropped when the submission before
 * it failed (the screen is back on that item). The same item is never submitted twice at once.
 */
export function useSubmitItem(db: TouchstoneDb, tabId: () => string, itemId: string, readAhead: ReadAhead | undefined, events: SubmitEvents) {
  // Read when the submission runs, not when it was asked for: after a wait, this render's values are old.
  const latest = useRef({ readAhead, events });
  latest.current = { readAhead, events };
  // `done`: the item the screen goes on to once the submission has committed (null: it failed).
  const inFlight = useRef<{ itemId: string; done: Promise<string | null> } | null>(null);
  const [submitting, setSubmitting] = useState<string | null>(null);

  const submit = async (input: SubmitInput): Promise<boolean> => {
    if (inFlight.current?.itemId === input.itemId) return false;
    const before = inFlight.current?.done;
    let wentOnTo: string | null = null;
    let finish = (_: string | null) => {};
    const done = new Promise<string | null>((resolve) => (finish = resolve));
    inFlight.current = { itemId: input.itemId, done };
    setSubmitting(input.itemId);
    try {
      // Made on the item the screen went ahead to: only once the submission before it has gone on
      // to this very item (not failed, and not gone on to another one another tab left free).
      if (before && ((await before) !== input.itemId || !latest.current.events.isOpen(input.itemId))) return false;
      const on = () => latest.current.events;
      const read = latest.current.readAhead;
      const ahead = read?.after === input.itemId ? read.next : null;
      if (ahead) on().onAhead(ahead);
      try {
        const { next } = await submitAndAdvance(db, input, tabId());
        if (!ahead) on().onError(null);
        on().onSubmitted(next, ahead !== null);
        wentOnTo = next?.entry.itemId ?? null;
        return true;
      } catch (e) {
        // A full disk: the labels stay (in the editor, or brought back to it), and we say so.
        const message = isQuotaError(e) ? QUOTA_MESSAGE : e instanceof Error ? e.message : String(e);
        if (ahead) on().onFailed({ itemId: input.itemId, payload: input.payload, startedAt: input.startedAt, message });
        else on().onError(message);
        return false;
      }
    } finally {
      finish(wentOnTo);
      if (inFlight.current?.done === done) {
        inFlight.current = null;
        setSubmitting(null);
      }
    }
  };
  return {
    /** The open item's submission is under way. */
    submitting: submitting === itemId,
    /** True once submitted; false when it failed (said through the events) or was dropped. */
    submit,
  };
}
