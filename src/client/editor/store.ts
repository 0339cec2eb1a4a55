// Editor state for the item in hand: the annotation being built, the active label, the
// selection, view flags (hidden, locked, hover) and op-based undo/redo. Components render from it
// and dispatch to it. Loading a draft or a new item clears history, so a reload or sync never
// enters the undo stack. Hidden/locked/hover are view state: not saved, not undoable.
import { create } from 'zustand';
import { emptyAnnotation, type AnnotationPayload } from '../../domain/api/index.ts';
import { applyStep, diffPayload, invertStep, type Op } from '../../domain/editor/ops.ts';

export type { Op } from '../../domain/editor/ops.ts';

export interface EditorState {
  itemId: string | null;
  payload: AnnotationPayload;
  activeLabel: string | null;
  selectedId: string | null;
  hoverId: string | null;
  hidden: ReadonlySet<string>;
  locked: ReadonlySet<string>;
  /** Undo steps, oldest first; each step is a list of ops. */
  past: Op[][];
  future: Op[][];
  load: (itemId: string, payload: AnnotationPayload) => void;
  /** Forget which item is loaded (the workspace closed): nothing acts on it until the next load. */
  unload: () => void;
  setActiveLabel: (label: string | null) => void;
  select: (id: string | null) => void;
  setHover: (id: string | null) => void;
  toggleHidden: (id: string) => void;
  toggleLocked: (id: string) => void;
  /** Applies ops as one undoable step. */
  apply: (ops: readonly Op[]) => void;
  /** Applies an edit given as a new payload (diffed into ops) as one undoable step. */
  edit: (change: (p: AnnotationPayload) => AnnotationPayload) => void;
  undo: () => void;
  redo: () => void;
}

const HISTORY_LIMIT = 1000;
const toggle = (set: ReadonlySet<string>, id: string): ReadonlySet<string> => {
  const next = new Set(set);
  if (!next.delete(id)) next.add(id);
  return next;
};

/** After an undo/redo the selection may point at a shape that no longer exists. */
const keepSelection = (payload: AnnotationPayload, id: string | null): string | null =>
  id && (payload.shapes.some((s) => s.id === id) || payload.spans.some((s) => s.id === id)) ? id : null;

export const useEditor = create<EditorState>((set) => ({
  itemId: null,
  payload: emptyAnnotation(),
  activeLabel: null,
  selectedId: null,
  hoverId: null,
  hidden: new Set(),
  locked: new Set(),
  past: [],
  future: [],
  load: (itemId, payload) => set({ itemId, payload, selectedId: null, hoverId: null, hidden: new Set(), locked: new Set(), past: [], future: [] }),
  unload: () => set({ itemId: null }),
  setActiveLabel: (activeLabel) => set({ activeLabel }),
  select: (selectedId) => set({ selectedId }),
  setHover: (hoverId) => set((s) => (s.hoverId === hoverId ? s : { hoverId })),
  toggleHidden: (id) => set((s) => ({ hidden: toggle(s.hidden, id) })),
  toggleLocked: (id) => set((s) => ({ locked: toggle(s.locked, id) })),
  apply: (ops) =>
    set((s) => {
      if (ops.length === 0) return s;
      const step = [...ops];
      return { payload: applyStep(s.payload, step), past: [...s.past, step].slice(-HISTORY_LIMIT), future: [] };
    }),
  edit: (change) =>
    set((s) => {
      const next = change(s.payload);
      if (next === s.payload) return s;
      const ops = diffPayload(s.payload, next);
      if (ops.length === 0) return s;
      return { payload: applyStep(s.payload, ops), past: [...s.past, ops].slice(-HISTORY_LIMIT), future: [] };
    }),
  undo: () =>
    set((s) => {
      const step = s.past.at(-1);
      if (!step) return s;
      const payload = applyStep(s.payload, invertStep(step));
      return { payload, selectedId: keepSelection(payload, s.selectedId), past: s.past.slice(0, -1), future: [step, ...s.future] };
    }),
  redo: () =>
    set((s) => {
      const step = s.future[0];
      if (!step) return s;
      const payload = applyStep(s.payload, step);
      return { payload, selectedId: keepSelection(payload, s.selectedId), past: [...s.past, step], future: s.future.slice(1) };
    }),
}));
