// Polygon tool: click vertices; close by clicking the first vertex, double-clicking the last one
// or pressing Enter; Backspace drops the last vertex; Escape cancels. A polygon that validatePolygon refuses (too few
// vertices, self-intersecting, …) is not added and the reason is shown; drawing goes on.
import { clampPolygon, validatePolygon } from '../../../../domain/geometry/polygon.ts';
import type { XY } from '../../../../domain/geometry/types.ts';
import { grab, type ToolContext, type ToolEvent, type ToolResult } from './types.ts';

export type PolygonToolState = { readonly mode: 'idle' } | { readonly mode: 'drawing'; readonly points: readonly XY[]; readonly cursor: XY };
export const POLYGON_IDLE: PolygonToolState = { mode: 'idle' };

const clampPoint = (p: XY, ctx: ToolContext): XY => clampPolygon([p], ctx.image)[0] as XY;

function close(state: Extract<PolygonToolState, { mode: 'drawing' }>, ctx: ToolContext): ToolResult<PolygonToolState> {
  if (!ctx.activeLabel) return { state, error: 'Pick a label first (keys 1–9 or the label list).' };
  const points = state.points.map(([x, y]): [number, number] => [x, y]);
  const problems = validatePolygon(points, ctx.image);
  if (problems.length > 0) return { state, error: `Polygon not added: ${problems.join('; ')}.`, handled: true };
  const id = ctx.newId();
  const item = { id, kind: 'polygon' as const, label: ctx.activeLabel, points, attributes: ctx.defaults(ctx.activeLabel) };
  return { state: POLYGON_IDLE, ops: [{ type: 'add', coll: 'shapes', item, index: ctx.payload.shapes.length }], select: id, error: null, handled: true };
}

export function polygonTool(state: PolygonToolState, ev: ToolEvent, ctx: ToolContext): ToolResult<PolygonToolState> {
  switch (ev.type) {
    case 'down': {
      if (!ctx.activeLabel) return { state, error: 'Pick a label first (keys 1–9 or the label list).' };
      const p = clampPoint(ev.p, ctx);
      if (state.mode === 'idle') return { state: { mode: 'drawing', points: [p], cursor: p }, select: null, error: null };
      const first = state.points[0] as XY;
      if (state.points.length >= 3 && Math.hypot(p[0] - first[0], p[1] - first[1]) <= grab(ctx)) return close(state, ctx);
      return { state: { mode: 'drawing', points: [...state.points, p], cursor: p } };
    }
    case 'dblclick': {
      if (state.mode !== 'drawing') return { state };
      // The double-click's second press already added a vertex on top of the first: drop it.
      const [a, b] = state.points.slice(-2);
      const points = a && b && Math.hypot(a[0] - b[0], a[1] - b[1]) <= grab(ctx) ? state.points.slice(0, -1) : state.points;
      return close({ ...state, points }, ctx);
    }
    case 'move':
      return state.mode === 'drawing' ? { state: { ...state, cursor: clampPoint(ev.p, ctx) } } : { state };
    case 'key':
      if (state.mode !== 'drawing') return { state };
      if (ev.key === 'Enter') return close(state, ctx);
      if (ev.key === 'Escape') return { state: POLYGON_IDLE, error: null, handled: true };
      if (ev.key === 'Backspace') {
        const points = state.points.slice(0, -1);
        return { state: points.length === 0 ? POLYGON_IDLE : { ...state, points }, handled: true };
      }
      return { state };
    default:
      return { state };
  }
}
