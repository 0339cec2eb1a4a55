// Select tool: pick a shape, move it, resize a box by its handles, move a polygon vertex; a
// double-click on a polygon's edge inserts a vertex, Alt+click on a vertex deletes it. While a
// drag is under way the edited shape lives only in this tool's state (drawn on the interaction
// layer); the store gets one 'update' op on release, so a drag is one undo step.
import type { BoxShape, PolygonShape, Shape } from '../../../../domain/api/index.ts';
import type { Op } from '../../../../domain/editor/ops.ts';
import { clampBox, resizeBox, translateBox, type BoxHandle } from '../../../../domain/geometry/box.ts';
import { hitBoxHandle, hitTest, hitVertex, shapeBounds } from '../../../../domain/geometry/hit.ts';
import { clampPolygon, insertVertex, nearestEdge, removeVertex, translatePolygon, validatePolygon } from '../../../../domain/geometry/polygon.ts';
import type { ImageSize, XY } from '../../../../domain/geometry/types.ts';
import { grab, MIN_BOX_SIDE, shapeById, type ToolContext, type ToolEvent, type ToolResult } from './types.ts';

export type SelectToolState =
  | { readonly mode: 'idle' }
  | { readonly mode: 'moving'; readonly start: XY; readonly orig: Shape; readonly current: Shape }
  | { readonly mode: 'resizing'; readonly handle: BoxHandle; readonly orig: BoxShape; readonly current: BoxShape }
  | { readonly mode: 'vertex'; readonly index: number; readonly orig: PolygonShape; readonly current: PolygonShape };
export const SELECT_IDLE: SelectToolState = { mode: 'idle' };

/** The shape as the person currently sees it mid-drag, or null when nothing is being dragged. */
export const draggedShape = (s: SelectToolState): Shape | null => (s.mode === 'idle' ? null : s.current);

/** Moves a shape by (dx, dy) image pixels without letting any part leave the image. */
export function translateWithin(shape: Shape, dx: number, dy: number, image: ImageSize): Shape {
  const b = shapeBounds(shape);
  const cdx = Math.min(Math.max(dx, -b.x), image.width - (b.x + b.w));
  const cdy = Math.min(Math.max(dy, -b.y), image.height - (b.y + b.h));
  if (shape.kind === 'box') return { ...shape, ...translateBox(shape, cdx, cdy) };
  return { ...shape, points: translatePolygon(shape.points, cdx, cdy) };
}

const same = (a: Shape, b: Shape) => JSON.stringify(a) === JSON.stringify(b);
const update = (before: Shape, after: Shape): Op[] => (same(before, after) ? [] : [{ type: 'update', coll: 'shapes', before, after }]);

export function selectTool(state: SelectToolState, ev: ToolEvent, ctx: ToolContext): ToolResult<SelectToolState> {
  const tol = grab(ctx);
  switch (ev.type) {
    case 'down': {
      const sel = shapeById(ctx, ctx.selectedId);
      if (sel && !ctx.locked.has(sel.shape.id) && !ctx.hidden.has(sel.shape.id)) {
        const s = sel.shape;
        if (s.kind === 'box') {
          const handle = hitBoxHandle(s, ev.p, tol);
          if (handle) return { state: { mode: 'resizing', handle, orig: s, current: s }, error: null };
        } else {
          const v = hitVertex(s.points, ev.p, tol);
          if (v >= 0 && ev.alt) {
            if (s.points.length <= 3) return { state, error: 'A polygon needs at least 3 vertices; delete the shape instead.' };
            return { state, ops: update(s, { ...s, points: removeVertex(s.points, v) }), error: null };
          }
          if (v >= 0) return { state: { mode: 'vertex', index: v, orig: s, current: s }, error: null };
        }
      }
      const i = hitTest(ctx.payload.shapes, ev.p, tol, (s) => ctx.hidden.has(s.id));
      if (i < 0) return { state: SELECT_IDLE, select: null, error: null };
      const hit = ctx.payload.shapes[i] as Shape;
      if (ctx.locked.has(hit.id)) return { state: SELECT_IDLE, select: hit.id, error: null };
      return { state: { mode: 'moving', start: ev.p, orig: hit, current: hit }, select: hit.id, error: null };
    }
    case 'move': {
      if (state.mode === 'moving')
        return { state: { ...state, current: translateWithin(state.orig, ev.p[0] - state.start[0], ev.p[1] - state.start[1], ctx.image) } };
      if (state.mode === 'resizing')
        return { state: { ...state, current: { ...state.orig, ...clampBox(resizeBox(state.orig, state.handle, ev.p), ctx.image) } } };
      if (state.mode === 'vertex') {
        const points = state.orig.points.map(([x, y]): [number, number] => [x, y]);
        points[state.index] = clampPolygon([ev.p], ctx.image)[0] as [number, number];
        return { state: { ...state, current: { ...state.orig, points } } };
      }
      return { state };
    }
    case 'up': {
      if (state.mode === 'idle') return { state };
      // The release point is where the drag ends, even if no move event reported it.
      state = selectTool(state, { type: 'move', p: ev.p }, ctx).state;
      if (state.mode === 'idle') return { state };
      if (state.mode === 'resizing' && (state.current.w < MIN_BOX_SIDE || state.current.h < MIN_BOX_SIDE))
        return { state: SELECT_IDLE, error: `A box must be at least ${MIN_BOX_SIDE} pixels on each side.` };
      if (state.mode === 'vertex') {
        const problems = validatePolygon(state.current.points, ctx.image);
        if (problems.length > 0) return { state: SELECT_IDLE, error: `Vertex not moved: ${problems.join('; ')}.` };
      }
      return { state: SELECT_IDLE, ops: update(state.orig, state.current) };
    }
    case 'dblclick': {
      const sel = shapeById(ctx, ctx.selectedId);
      if (!sel || sel.shape.kind !== 'polygon' || ctx.locked.has(sel.shape.id)) return { state };
      const s = sel.shape;
      const e = nearestEdge(s.points, ev.p);
      if (!e || e.distance > tol || hitVertex(s.points, ev.p, tol) >= 0) return { state };
      return { state, ops: update(s, { ...s, points: insertVertex(s.points, e.edge, e.point) }) };
    }
    case 'key':
      if (ev.key === 'Escape' && state.mode !== 'idle') return { state: SELECT_IDLE, handled: true };
      return { state };
  }
}

/** Ops that delete the selected shape (nothing when locked). */
export function deleteSelected(ctx: Pick<ToolContext, 'payload' | 'selectedId' | 'locked'>): Op[] {
  const index = ctx.payload.shapes.findIndex((s) => s.id === ctx.selectedId);
  const item = ctx.payload.shapes[index];
  if (!item || ctx.locked.has(item.id)) return [];
  return [{ type: 'remove', coll: 'shapes', item, index }];
}

/** Ops that add a copy of the selected shape, offset so it is visible, and the copy's id. */
export function duplicateSelected(ctx: ToolContext): { ops: Op[]; id: string | null } {
  const sel = shapeById(ctx, ctx.selectedId);
  if (!sel) return { ops: [], id: null };
  const id = ctx.newId();
  const offset = 10 / ctx.scale;
  const copy = { ...translateWithin(sel.shape, offset, offset, ctx.image), id };
  return { ops: [{ type: 'add', coll: 'shapes', item: copy, index: ctx.payload.shapes.length }], id };
}

/** Ops that move the selected shape by whole image pixels (arrow keys). */
export function nudgeSelected(ctx: ToolContext, dx: number, dy: number): Op[] {
  const sel = shapeById(ctx, ctx.selectedId);
  if (!sel || ctx.locked.has(sel.shape.id)) return [];
  return update(sel.shape, translateWithin(sel.shape, dx, dy, ctx.image));
}

/** Ops that give the selected shape another label, keeping the attributes the new label also has. */
export function relabelSelected(ctx: ToolContext, label: string): Op[] {
  const sel = shapeById(ctx, ctx.selectedId);
  if (!sel || sel.shape.label === label) return [];
  const defaults = ctx.defaults(label);
  const attributes = Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, sel.shape.attributes[k] ?? v]));
  return update(sel.shape, { ...sel.shape, label, attributes });
}
