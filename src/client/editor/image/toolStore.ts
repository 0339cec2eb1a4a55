// Which tool is active, each tool's state machine, and the last message for the person. dispatch()
// feeds an event to the active tool and carries out its answer on the editor store (ops as one
// undo step, selection). Shared by the canvas, the toolbar and the keyboard.
import { create } from 'zustand';
import type { LabelSchema } from '../../../domain/api/index.ts';
import { useEditor } from '../store.ts';
import { useCamera } from './camera.ts';
import { BOX_IDLE, boxTool, type BoxToolState } from './tools/box.ts';
import { POLYGON_IDLE, polygonTool, type PolygonToolState } from './tools/polygon.ts';
import { SELECT_IDLE, selectTool, type SelectToolState } from './tools/select.ts';
import type { ToolContext, ToolEvent, ToolName, ToolResult } from './tools/types.ts';

export interface ToolStore {
  tool: ToolName;
  select: SelectToolState;
  box: BoxToolState;
  polygon: PolygonToolState;
  message: string | null;
  helpOpen: boolean;
  setTool: (tool: ToolName) => void;
  setMessage: (message: string | null) => void;
  setHelpOpen: (open: boolean) => void;
  /** Feeds an event to the active tool; true when the tool used it. */
  dispatch: (ev: ToolEvent, schema: LabelSchema) => boolean;
  reset: () => void;
}

const newId = () => `s${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

/** Default attribute values for a new shape, from the label's definition in the schema. */
export function attributeDefaults(schema: LabelSchema, label: string): Record<string, boolean | string> {
  const def = schema.labels.find((l) => l.id === label);
  // A free-text attribute starts empty and is left out until the annotator types something.
  return Object.fromEntries(
    (def?.attributes ?? []).flatMap((a) => (a.type === 'text' ? [] : [[a.name, a.type === 'boolean' ? a.default : (a.default ?? a.options[0] ?? '')]])),
  );
}

/** A snapshot of everything a tool may read. */
export function toolContext(schema: LabelSchema): ToolContext {
  const ed = useEditor.getState();
  const cam = useCamera.getState();
  return {
    payload: ed.payload,
    selectedId: ed.selectedId,
    activeLabel: ed.activeLabel,
    image: cam.image,
    scale: cam.viewport.scale,
    hidden: ed.hidden,
    locked: ed.locked,
    newId,
    defaults: (label) => attributeDefaults(schema, label),
  };
}

/** Carries out a tool's answer on the editor store. */
export function commit(result: ToolResult<unknown>, how: 'chosen' | 'drawn' = 'chosen'): void {
  const ed = useEditor.getState();
  if (result.ops && result.ops.length > 0) ed.apply(result.ops);
  if (result.select !== undefined) ed.select(result.select, how);
}

export const useTools = create<ToolStore>((set, get) => ({
  tool: 'box',
  select: SELECT_IDLE,
  box: BOX_IDLE,
  polygon: POLYGON_IDLE,
  message: null,
  helpOpen: false,
  setTool: (tool) => set({ tool, select: SELECT_IDLE, box: BOX_IDLE, polygon: POLYGON_IDLE, message: null }),
  setMessage: (message) => set({ message }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  reset: () => set({ select: SELECT_IDLE, box: BOX_IDLE, polygon: POLYGON_IDLE, message: null }),
  dispatch: (ev, schema) => {
    const s = get();
    const ctx = toolContext(schema);
    let result: ToolResult<unknown>;
    if (s.tool === 'select') {
      const r = selectTool(s.select, ev, ctx);
      if (r.state !== s.select) set({ select: r.state });
      result = r;
    } else if (s.tool === 'box') {
      const r = boxTool(s.box, ev, ctx);
      if (r.state !== s.box) set({ box: r.state });
      result = r;
    } else {
      const r = polygonTool(s.polygon, ev, ctx);
      if (r.state !== s.polygon) set({ polygon: r.state });
      result = r;
    }
    if (result.error !== undefined) set({ message: result.error });
    // What the drawing tools select is the shape just drawn, not a choice of the person.
    commit(result, s.tool === 'select' ? 'chosen' : 'drawn');
    return result.handled === true;
  },
}));
