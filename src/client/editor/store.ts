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
  /**
   * Whether the person chose the selection (a click, the shapes list, a key). A shape just drawn
   * is selected but not chosen: a label key then sets the label of the NEXT shape, the way every
   * CVAT or Label Studio user works (press the label, then draw), instead of relabelling it.
   */
  selectionChosen: boolean;
  /** The shape whose label a key just changed, shown briefly so the change is seen; seq restarts it. */
  flash: { id: string; seq: number } | null;
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
  /** Selects a shape or span; `drawn` when it is selected because it was just made. */
  select: (id: string | null, how?: 'chosen' | 'drawn') => void;
  /**
   * A label key was pressed: it becomes the active label. Returns the chosen selection, which the
   * caller relabels (one undo step) and flashes; with nothing chosen it returns null and lets go of
   * a just-drawn selection, so the key only sets the label of the next shape.
   */
  labelKey: (label: string) => string | null;
  flashShape: (id: string) => void;
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

export const useEditor = create<EditorState>((set, get) => ({
  itemId: null,
  payload: emptyAnnotation(),
  activeLabel: null,
  selectedId: null,
  selectionChosen: false,
  flash: null,
  hoverId: null,
  hidden: new Set(),
  locked: new Set(),
  past: [],
  future: [],
  load: (itemId, payload) =>
    set({ itemId, payload, selectedId: null, selectionChosen: false, flash: null, hoverId: null, hidden: new Set(), locked: new Set(), past: [], future: [] }),
  unload: () => set({ itemId: null }),
  setActiveLabel: (activeLabel) => set({ activeLabel }),
  select: (selectedId, how = 'chosen') => set({ selectedId, selectionChosen: selectedId !== null && how === 'chosen' }),
  labelKey: (label) => {
    const s = get();
    const id = s.selectionChosen ? s.selectedId : null;
    set(id ? { activeLabel: label } : { activeLabel: label, selectedId: null, selectionChosen: false });
    return id;
  },
  flashShape: (id) => set((s) => ({ flash: { id, seq: (s.flash?.seq ?? 0) + 1 } })),
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
