import { useRef, useState } from 'react';
import type { LocalQueueEntry, TouchstoneDb } from '../local/db.ts';
import { isQuotaError, QUOTA_MESSAGE } from '../local/storage.ts';
import { submitAndAdvance, type NextItem } from './advance.ts';
import { AlreadySubmittedError, type SubmitInput } from './submit.ts';
import type { Restore } from './useHandoff.ts';

/** Said with a failed submission when the next item's, made meanwhile, was dropped with it. */
export const DROPPED_NOTE = 'The next item was not submitted either.';
/** Said with a failed submission when what was done meanwhile on the next item was kept. */
export const KEPT_NOTE = 'Your work on the next item is kept for when it opens again.';

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
  /** The submission failed after the screen had gone ahead: go back to the item (null: it was submitted elsewhere). */
  onFailed: (back: Restore | null) => void | Promise<void>;
  /** The submission failed where it was made (nothing was read ahead): why. */
  onRefused: (message: string) => void;
  /** Whether the item is still the one open in the editor. */
  isOpen: (itemId: string) => boolean;
}

/** Reads what Submit would go on to now, for a submission that waited for the one before it. */
export type ReadAheadNow = (itemId: string) => Promise<NextItem | null>;

/**
 * Submit and go on, for one workspace. The next item shows on the key press, so the annotator
 * may submit it before the previous submission has committed: submissions therefore run one after
 * another, and one made on an item the screen went ahead to is dropped when the submission before
 * it failed (the screen is back on that item). The same item is never submitted twice at once.
 */
export function useSubmitItem(
  db: TouchstoneDb,
  tabId: () => string,
  entry: LocalQueueEntry,
  readAhead: ReadAhead | undefined,
  readAheadNow: ReadAheadNow,
  events: SubmitEvents,
) {
  // Read when the submission runs, not when it was asked for: after a wait, this render's values are old.
  const latest = useRef({ readAhead, events });
  latest.current = { readAhead, events };
  // `done`: the item the screen goes on to once the submission has committed (null: it failed).
  const inFlight = useRef<{ itemId: string; done: Promise<string | null> } | null>(null);
  const [submitting, setSubmitting] = useState<string | null>(null);

  const submit = async (input: SubmitInput): Promise<boolean> => {
    if (inFlight.current?.itemId === input.itemId) return false;
    const shown = entry;
    const before = inFlight.current?.done;
    const done = deferred<string | null>();
    inFlight.current = { itemId: input.itemId, done: done.promise };
    setSubmitting(input.itemId);
    let wentOnTo: string | null = null;
    try {
      const on = () => latest.current.events;
      let ahead: NextItem | null;
      if (before) {
        // Made on the item the screen went ahead to: only once the submission before it has gone on
        // to this very item (not failed, and not gone on to another one another tab left free).
        // (Its labels, when dropped after a failure, were kept by the failure's handler: onFailed.)
        if ((await before) !== input.itemId || !on().isOpen(input.itemId)) return false;
        // What was read ahead for this item may predate that commit: read it again, after it.
        ahead = await readAheadNow(input.itemId);
      } else {
        const read = latest.current.readAhead;
        ahead = read?.after === input.itemId ? read.next : null;
      }
      if (ahead) on().onAhead(ahead);
      try {
        const { next } = await submitAndAdvance(db, input, tabId());
        on().onSubmitted(next, ahead !== null);
        wentOnTo = next?.entry.itemId ?? null;
        return true;
      } catch (e) {
        // A full disk: the labels stay (in the editor, or brought back to it), and we say so.
        const reason = isQuotaError(e) ? QUOTA_MESSAGE : e instanceof Error ? e.message : String(e);
        // A submission made meanwhile on the item shown ahead waits behind this one, and is dropped.
        const waiting = inFlight.current !== null && inFlight.current.done !== done.promise;
        const message = waiting ? `${reason} ${DROPPED_NOTE}` : reason;
        if (!ahead) on().onRefused(message);
        // Awaited while this submission is still in flight: a submission made meanwhile waits behind it.
        else await on().onFailed(e instanceof AlreadySubmittedError ? null : { entry: shown, payload: input.payload, startedAt: input.startedAt, message });
        return false;
      }
    } finally {
      done.resolve(wentOnTo);
      if (inFlight.current?.done === done.promise) {
        inFlight.current = null;
        setSubmitting(null);
      }
    }
  };
  return {
    /** The open item's submission is under way. */
    submitting: submitting === entry.item.id,
    /** True once submitted; false when it failed (said through the events) or was dropped. */
    submit,
  };
}

function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
