// Editor state for the item in hand: the annotation being built, the active label, the
// selection, and undo/redo. Components render from it and dispatch to it; loading a draft or a
// new item resets history, so a reload or sync never enters the undo stack.
import { create } from 'zustand';
import { emptyAnnotation, type AnnotationPayload } from '../../domain/api/index.ts';

export interface EditorState {
  itemId: string | null;
  payload: AnnotationPayload;
  activeLabel: string | null;
  selectedId: string | null;
  past: AnnotationPayload[];
  future: AnnotationPayload[];
  load: (itemId: string, payload: AnnotationPayload) => void;
  setActiveLabel: (label: string | null) => void;
  select: (id: string | null) => void;
  /** Applies an edit as one undoable step. */
  edit: (change: (p: AnnotationPayload) => AnnotationPayload) => void;
  undo: () => void;
  redo: () => void;
}

const HISTORY_LIMIT = 500;

export const useEditor = create<EditorState>((set) => ({
  itemId: null,
  payload: emptyAnnotation(),
  activeLabel: null,
  selectedId: null,
  past: [],
  future: [],
  load: (itemId, payload) => set({ itemId, payload, selectedId: null, past: [], future: [] }),
  setActiveLabel: (activeLabel) => set({ activeLabel }),
  select: (selectedId) => set({ selectedId }),
  edit: (change) =>
    set((s) => {
      const next = change(s.payload);
      if (next === s.payload) return s;
      return { payload: next, past: [...s.past, s.payload].slice(-HISTORY_LIMIT), future: [] };
    }),
  undo: () =>
    set((s) => {
      const prev = s.past.at(-1);
      if (!prev) return s;
      return { payload: prev, past: s.past.slice(0, -1), future: [s.payload, ...s.future] };
    }),
  redo: () =>
    set((s) => {
      const next = s.future[0];
      if (!next) return s;
      return { payload: next, past: [...s.past, s.payload], future: s.future.slice(1) };
    }),
}));
