import { useEffect, useRef, useState } from 'react';
import type { AnnotationPayload } from '../../domain/api/index.ts';
import type { Draft, LocalQueueEntry } from '../local/db.ts';
import type { Pick } from './claims.ts';
import type { NextItem } from './advance.ts';

/**
 * The next item handed to the screen, and the live query's answer it was handed over at.
 * `pending`: shown ahead of the submission's commit (the item read ahead, not yet claimed);
 * `next` null: the submission left nothing to show.
 */
export interface Handoff {
  seen: Pick | undefined;
  next: NextItem | null;
  pending: boolean;
}

/**
 * The item the screen shows: the handed-over one while its submission is pending, and after it
 * until the live query answers anew; then the live query's (this tab's claim). Not "until the
 * live query shows another item than the one submitted": two quick submissions, or going back to
 * the submitted item, would then show the wrong one (the first item again, or the handed-over
 * one forever).
 */
export function shownEntry(pick: Pick | undefined, handoff: Handoff | null): LocalQueueEntry | null {
  if (handoff && (handoff.pending || pick === handoff.seen)) return handoff.next?.entry ?? null;
  return pick?.mine ? pick.entry : null;
}

/** A submission that failed after the screen had gone on: the item to go back to, as it was. */
export interface Restore {
  entry: LocalQueueEntry;
  payload: AnnotationPayload;
  startedAt: string;
  /** Why the submission failed, said on the item once it is back. */
  message: string;
}

/**
 * The screen's side of submit-and-go-on (advance.ts): which item it shows while a submission is
 * pending, after it commits, and after it fails.
 */
export function useHandoff(pick: Pick | undefined) {
  const [handoff, setHandoff] = useState<Handoff | null>(null);
  const [restore, setRestore] = useState<Restore | null>(null);
  // The submission's commit went on to another item than the one shown ahead (another tab took it,
  // or the queue changed): the key of the item it went on to (null: none); undefined: it did not.
  const [movedTo, setMovedTo] = useState<string | null | undefined>(undefined);
  const latestPick = useRef(pick);
  latestPick.current = pick;
  const latestHandoff = useRef(handoff);
  latestHandoff.current = handoff;
  const entry = shownEntry(pick, handoff);
  const moved: 'next' | 'none' | null = movedTo === undefined ? null : movedTo === null ? 'none' : 'next';
  useEffect(() => {
    // The live query answered anew after the commit: the handoff is spent.
    if (handoff && !handoff.pending && pick !== handoff.seen) setHandoff(null);
  }, [handoff, pick]);
  useEffect(() => {
    // Said on the item the commit went on to (or the empty queue), and gone once the screen shows another.
    if (movedTo !== undefined && (entry?.key ?? null) !== movedTo) setMovedTo(undefined);
  }, [entry, movedTo]);
  useEffect(() => {
    // The item to go back to is not the one shown (another tab submitted it): nothing to restore.
    if (restore && entry?.key !== restore.entry.key) setRestore(null);
  }, [restore, entry]);
  return {
    entry,
    restore,
    /** The item shown was read ahead and its submission has not committed: it is not this tab's yet. */
    pending: handoff?.pending ?? false,
    /** The shown item's draft as read ahead or by the submission (null: none); undefined: read it. */
    preparedFor(key: string): Draft | null | undefined {
      return handoff?.next?.entry.key === key ? handoff.next.draft : undefined;
    },
    /** The item shown ahead was taken before the commit, which went on to the item shown ('next') or to none. */
    moved,
    /** Submit pressed with the next item read ahead: show it now. */
    ahead(next: NextItem) {
      setRestore(null);
      setMovedTo(undefined);
      setHandoff({ seen: latestPick.current, next, pending: true });
    },
    /** The submission committed; `next` is the item it claimed for this tab. */
    committed(next: NextItem | null, wentAhead: boolean) {
      const shown = latestHandoff.current;
      const movedOn = !!shown?.pending && !!shown.next && shown.next.entry.key !== next?.entry.key;
      setMovedTo(movedOn ? (next?.entry.key ?? null) : undefined);
      if (next || wentAhead) setHandoff({ seen: latestPick.current, next, pending: false });
    },
    /**
     * The submission failed after the screen had gone on: back to the submitted item, held until
     * the live query answers anew (it may not yet have seen the commit that claimed this item).
     * `back` null: nothing to go back to (another tab submitted it); the live query says what is next.
     */
    failed(back: Restore | null) {
      setMovedTo(undefined);
      setHandoff(back ? { seen: latestPick.current, next: { entry: back.entry, draft: null }, pending: false } : null);
      setRestore(back);
    },
    restored() {
      setRestore(null);
    },
  };
}
