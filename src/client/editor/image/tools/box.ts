// Box tool: press, drag, release. A drag smaller than MIN_BOX_SIDE is a stray click and adds nothing.
import { boxFromCorners, clampBox, meetsMinSize } from '../../../../domain/geometry/box.ts';
import type { Box, XY } from '../../../../domain/geometry/types.ts';
import { MIN_BOX_SIDE, type ToolContext, type ToolEvent, type ToolResult } from './types.ts';

export type BoxToolState = { readonly mode: 'idle' } | { readonly mode: 'drawing'; readonly start: XY; readonly end: XY };
export const BOX_IDLE: BoxToolState = { mode: 'idle' };

/** The box being drawn, clamped to the image, for the preview. */
export function boxPreview(state: BoxToolState, ctx: Pick<ToolContext, 'image'>): Box | null {
  return state.mode === 'drawing' ? clampBox(boxFromCorners(state.start, state.end), ctx.image) : null;
}

export function boxTool(state: BoxToolState, ev: ToolEvent, ctx: ToolContext): ToolResult<BoxToolState> {
  switch (ev.type) {
    case 'down':
      if (!ctx.activeLabel) return { state, error: 'Pick a label first (keys 1–9 or the label list).' };
      return { state: { mode: 'drawing', start: ev.p, end: ev.p }, select: null, error: null };
    case 'move':
      return state.mode === 'drawing' ? { state: { ...state, end: ev.p } } : { state };
    case 'up': {
      if (state.mode !== 'drawing' || !ctx.activeLabel) return { state: BOX_IDLE };
      const box = clampBox(boxFromCorners(state.start, ev.p), ctx.image);
      if (!meetsMinSize(box, MIN_BOX_SIDE)) return { state: BOX_IDLE };
      const id = ctx.newId();
      const item = { id, kind: 'box' as const, label: ctx.activeLabel, ...box, attributes: ctx.defaults(ctx.activeLabel) };
      return { state: BOX_IDLE, ops: [{ type: 'add', coll: 'shapes', item, index: ctx.payload.shapes.length }], select: id };
    }
    case 'key':
      if (ev.key === 'Escape' && state.mode === 'drawing') return { state: BOX_IDLE, handled: true };
      return { state };
    default:
      return { state };
  }
}
