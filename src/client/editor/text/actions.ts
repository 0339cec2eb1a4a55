// What the tagger's keys, mouse and buttons do to the annotation. Every change goes through the
// editor store as invertible ops (one undo step each); every refusal is a message, never a write.
import type { TextSpan } from '../../../domain/api/index.ts';
import { checkSpan, describeSpan, moveEdge, rangeFromSelection, type SpanRules, type TextModel } from '../../../domain/text/tagger-ops.ts';
import { useEditor } from '../store.ts';
import { useTagger } from './taggerStore.ts';

export interface TaggerContext {
  readonly model: TextModel;
  readonly rules: SpanRules;
}

let counter = 0;
/** Ids only need to be unique within one annotation. */
const newSpanId = () => `t${Date.now().toString(36)}${(counter++).toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

const spanById = (id: string | null): TextSpan | undefined => (id ? useEditor.getState().payload.spans.find((s) => s.id === id) : undefined);

/** Tags the code-point range a–b (either order) with `label`; returns the new span's id. */
export function createSpan(ctx: TaggerContext, a: number, b: number, label: string | null): string | null {
  const tagger = useTagger.getState();
  if (!label) {
    tagger.refuse('Choose a span label first (keys 1–9 or the label buttons).');
    return null;
  }
  const range = rangeFromSelection(ctx.model, a, b, ctx.rules.snapToTokens);
  if (!range) {
    tagger.refuse('Select some text first: drag over it, or move with the arrow keys holding Shift.');
    return null;
  }
  const ed = useEditor.getState();
  const verdict = checkSpan(ctx.model, ctx.rules, ed.payload.spans, { id: newSpanId(), label, start: range.start, end: range.end });
  if (!verdict.ok) {
    tagger.refuse(verdict.message);
    return null;
  }
  ed.apply([{ type: 'add', coll: 'spans', item: verdict.span, index: ed.payload.spans.length }]);
  ed.select(verdict.span.id, 'drawn');
  tagger.setCaret(range.end);
  tagger.say(`Tagged ${describeSpan(ctx.model, ctx.rules, verdict.span)}.`);
  return verdict.span.id;
}

export function relabelSpan(ctx: TaggerContext, id: string, label: string): void {
  const before = spanById(id);
  if (!before || before.label === label) return;
  const after = { ...before, label };
  const verdict = checkSpan(ctx.model, ctx.rules, useEditor.getState().payload.spans, after);
  if (!verdict.ok) return useTagger.getState().refuse(verdict.message);
  useEditor.getState().apply([{ type: 'update', coll: 'spans', before, after }]);
  useTagger.getState().say(`Relabelled as ${describeSpan(ctx.model, ctx.rules, after)}.`);
}

export function deleteSpan(ctx: TaggerContext, id: string): void {
  const ed = useEditor.getState();
  const index = ed.payload.spans.findIndex((s) => s.id === id);
  const item = ed.payload.spans[index];
  if (!item) return;
  ed.apply([{ type: 'remove', coll: 'spans', item, index }]);
  if (ed.selectedId === id) ed.select(null);
  useTagger.getState().say(`Deleted ${describeSpan(ctx.model, ctx.rules, item)}.`);
}

/** Moves one boundary of the selected span by a token (see moveEdge). */
export function adjustSelected(ctx: TaggerContext, edge: 'start' | 'end', dir: -1 | 1): void {
  const tagger = useTagger.getState();
  const before = spanById(useEditor.getState().selectedId);
  if (!before) return tagger.refuse('Select a span first (click it, or ↑/↓ in the document) to move its boundaries.');
  const moved = moveEdge(ctx.model, before, edge, dir);
  if (typeof moved === 'string') return tagger.refuse(moved);
  const range = ctx.rules.snapToTokens ? ctx.model.snapTokens(moved.start, moved.end) : ctx.model.snapGraphemes(moved.start, moved.end);
  const after = { ...before, ...range };
  const verdict = checkSpan(ctx.model, ctx.rules, useEditor.getState().payload.spans, after);
  if (!verdict.ok) return tagger.refuse(verdict.message);
  useEditor.getState().apply([{ type: 'update', coll: 'spans', before, after }]);
  tagger.setCaret(edge === 'start' ? after.start : after.end);
  tagger.say(`Now ${describeSpan(ctx.model, ctx.rules, after)}.`);
}

/** Selects a span (or nothing) and puts the caret at its start. */
export function selectSpan(ctx: TaggerContext, id: string | null): void {
  useEditor.getState().select(id);
  const s = spanById(id);
  if (!s) return;
  useTagger.getState().setCaret(s.start);
  useTagger.getState().say(`Selected ${describeSpan(ctx.model, ctx.rules, s)}, characters ${s.start}–${s.end}.`);
}
