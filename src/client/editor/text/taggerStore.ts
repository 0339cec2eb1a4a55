// The tagger's view state: the keyboard caret/selection (code points), the refusal message, the
// screen-reader announcement and the help dialog. Not saved, not undoable — the annotation itself
// lives in the editor store (../store.ts). Kept apart so a caret move never re-renders the text.
import { create } from 'zustand';

export interface TaggerState {
  /** Where a keyboard selection started and where the caret is now; equal when collapsed. */
  anchor: number;
  focus: number;
  /** Why the last action was refused (shown with role=alert), or null. */
  message: string | null;
  /** A short description of what just happened, for the polite live region. */
  announce: string;
  helpOpen: boolean;
  setCaret: (anchor: number, focus?: number) => void;
  /** Shows why an action was refused; null clears it. */
  refuse: (message: string | null) => void;
  say: (announce: string) => void;
  setHelpOpen: (open: boolean) => void;
  reset: () => void;
}

export const useTagger = create<TaggerState>((set) => ({
  anchor: 0,
  focus: 0,
  message: null,
  announce: '',
  helpOpen: false,
  setCaret: (anchor, focus = anchor) => set({ anchor, focus }),
  refuse: (message) => set({ message }),
  say: (announce) => set({ announce, message: null }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  reset: () => set({ anchor: 0, focus: 0, message: null, announce: '', helpOpen: false }),
}));
