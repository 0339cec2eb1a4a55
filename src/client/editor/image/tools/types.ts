// The contract every tool follows: a small state machine fed pointer and key events in IMAGE
// pixels, answering with its next state and, when an edit is complete, the ops to commit. Tools
// never touch the store or Konva, so they are tested as plain functions.
import type { AnnotationPayload, Shape } from '../../../../domain/api/index.ts';
import type { Op } from '../../../../domain/editor/ops.ts';
import type { ImageSize, XY } from '../../../../domain/geometry/types.ts';

export type ToolName = 'select' | 'box' | 'polygon';

export interface ToolContext {
  readonly payload: AnnotationPayload;
  readonly selectedId: string | null;
  readonly activeLabel: string | null;
  readonly image: ImageSize;
  /** Stage pixels per image pixel: grab tolerances are fixed on screen, so they shrink in image pixels as you zoom in. */
  readonly scale: number;
  readonly hidden: ReadonlySet<string>;
  readonly locked: ReadonlySet<string>;
  readonly newId: () => string;
  /** Default attribute values for a new shape of `label`, from the project schema. */
  readonly defaults: (label: string) => Record<string, boolean | string>;
}

export type ToolEvent =
  | { readonly type: 'down'; readonly p: XY; readonly alt?: boolean }
  | { readonly type: 'move'; readonly p: XY }
  | { readonly type: 'up'; readonly p: XY }
  | { readonly type: 'dblclick'; readonly p: XY }
  | { readonly type: 'key'; readonly key: string };

export interface ToolResult<S> {
  readonly state: S;
  /** Ops to commit as one undoable step. */
  readonly ops?: Op[];
  /** A new selection (null clears it); absent leaves it alone. */
  readonly select?: string | null;
  /** A message for the person, e.g. why a polygon was refused; null clears the last one. */
  readonly error?: string | null;
  /** True when the tool used a key event (so nothing else should). */
  readonly handled?: boolean;
}

/** Screen pixels within which a vertex or handle is grabbed. */
export const GRAB_PX = 8;
export const grab = (ctx: ToolContext): number => GRAB_PX / ctx.scale;
/** Boxes smaller than this (image pixels) are stray clicks, not boxes. */
export const MIN_BOX_SIDE = 2;

export const shapeById = (ctx: ToolContext, id: string | null): { shape: Shape; index: number } | null => {
  if (!id) return null;
  const index = ctx.payload.shapes.findIndex((s) => s.id === id);
  return index < 0 ? null : { shape: ctx.payload.shapes[index] as Shape, index };
};
