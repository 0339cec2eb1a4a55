// "g then a letter" opens a page of the project, GitHub style; `?` opens the list. Typing in a
// field never triggers them, and a modifier key cancels the sequence.
import { useEffect } from 'react';
import type { ProjectPage } from './projectNav.ts';

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || !!t.closest('[data-own-keys]'));

/** How long after `g` the second key still counts. */
const SEQUENCE_MS = 1500;

export function useGoToHotkeys(
  pages: readonly ProjectPage[],
  enabled: boolean,
  go: (page: ProjectPage) => void,
  help: { open: boolean; setOpen: (open: boolean) => void },
): void {
  const { open: helpOpen, setOpen: setHelpOpen } = help;
  useEffect(() => {
    if (!enabled) return;
    let pendingSince: number | null = null;
    const onKey = (e: KeyboardEvent) => {
      if (helpOpen) {
        if (e.key === 'Escape' || e.key === '?') {
          e.preventDefault();
          setHelpOpen(false);
        }
        return;
      }
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) {
        pendingSince = null;
        return;
      }
      if (pendingSince !== null && e.timeStamp - pendingSince <= SEQUENCE_MS) {
        pendingSince = null;
        const page = pages.find((p) => p.key === e.key.toLowerCase());
        if (!page) return;
        e.preventDefault();
        go(page);
        return;
      }
      pendingSince = null;
      if (e.key === 'g') pendingSince = e.timeStamp;
      else if (e.key === '?') {
        e.preventDefault();
        setHelpOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pages, enabled, go, helpOpen, setHelpOpen]);
}
