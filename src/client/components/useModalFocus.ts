import { useEffect, useRef, type KeyboardEvent } from 'react';

const FOCUSABLE = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])';

/**
 * What makes a form dialog modal for the keyboard: focus moves into it when it mounts and goes back
 * where it was when it unmounts, Tab and Shift+Tab wrap inside it, Escape cancels, and no key typed
 * in it reaches the editor or screen behind (their hotkeys listen on window). Spread `onKeyDown` and
 * `ref` on the dialog element.
 */
export function useModalFocus(onCancel: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    return () => before?.focus();
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'Tab') {
      const all = [...(ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
      const first = all[0];
      const last = all[all.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    }
    e.stopPropagation();
  };
  return { ref, onKeyDown };
}
