import { useEffect, useRef, useState } from 'react';
import type { AnnotationPayload } from '../../domain/api/index.ts';
import type { Draft } from '../local/db.ts';
import type { Pick } from './claims.ts';
import { shownEntry, type Handoff, type NextItem } from './advance.ts';

/** A submission that failed after the screen had gone on: the item to go back to, as it was. */
export interface Restore {
  itemId: string;
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
  const latestPick = useRef(pick);
  latestPick.current = pick;
  const entry = shownEntry(pick, handoff);
  useEffect(() => {
    // The live query answered anew after the commit: the handoff is spent.
    if (handoff && !handoff.pending && pick !== handoff.seen) setHandoff(null);
  }, [handoff, pick]);
  useEffect(() => {
    // The item to go back to is not the one shown (another tab submitted it): nothing to restore.
    if (restore && entry?.item.id !== restore.itemId) setRestore(null);
  }, [restore, entry]);
  return {
    entry,
    restore,
    /** The shown item's draft as read ahead or by the submission (null: none); undefined: read it. */
    preparedFor(key: string): Draft | null | undefined {
      return handoff?.next?.entry.key === key ? handoff.next.draft : undefined;
    },
    /** Submit pressed with the next item read ahead: show it now. */
    ahead(next: NextItem) {
      setRestore(null);
      setHandoff({ seen: latestPick.current, next, pending: true });
    },
    /** The submission committed; `next` is the item it claimed for this tab. */
    committed(next: NextItem | null, wentAhead: boolean) {
      if (next || wentAhead) setHandoff({ seen: latestPick.current, next, pending: false });
    },
    /** The submission failed after the screen had gone on: back to the submitted item. */
    failed(back: Restore) {
      setHandoff(null);
      setRestore(back);
    },
    restored() {
      setRestore(null);
    },
  };
}
