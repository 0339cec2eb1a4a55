import { describe, expect, it, vi } from 'vitest';
import { BOX_IDLE, boxPreview, boxTool, type BoxToolState } from '../../src/client/editor/image/tools/box.ts';
import { POLYGON_IDLE, polygonTool, type PolygonToolState } from '../../src/client/editor/image/tools/polygon.ts';
import {
  deleteSelected,
  duplicateSelected,
  nudgeSelected,
  relabelSelected,
  SELECT_IDLE,
  selectTool,
  type SelectToolState,
} from '../../src/client/editor/image/tools/select.ts';
import type { ToolContext, ToolEvent, ToolResult } from '../../src/client/editor/image/tools/types.ts';
import type { AnnotationPayload, BoxShape, PolygonShape } from '../../src/domain/api/index.ts';
import { applyStep } from '../../src/domain/editor/ops.ts';

// The tools are state machines over image pixels; these drive them with event sequences.
const box: BoxShape = { id: 'b1', kind: 'box', label: 'cup', x: 10, y: 10, w: 40, h: 30, attributes: { occluded: false } };
const poly: PolygonShape = {
  id: 'p1',
  kind: 'polygon',
  label: 'cup',
  points: [
    [100, 100],
    [160, 100],
    [160, 160],
    [100, 160],
  ],
  attributes: {},
};

function ctx(over: Partial<ToolContext> = {}): ToolContext {
  let n = 0;
  return {
    payload: { shapes: [box, poly], spans: [], classes: [] },
    selectedId: null,
    activeLabel: 'cup',
    image: { width: 200, height: 200 },
    scale: 1,
    hidden: new Set(),
    locked: new Set(),
    newId: () => `new${++n}`,
    defaults: (label): Record<string, boolean | string> => (label === 'vehicle' ? { type: 'car', occluded: false } : { occluded: false }),
    ...over,
  };
}
function run<S>(tool: (s: S, e: ToolEvent, c: ToolContext) => ToolResult<S>, s0: S, events: ToolEvent[], c: ToolContext) {
  let state = s0;
  const results: ToolResult<S>[] = [];
  for (const e of events) {
    const r = tool(state, e, c);
    state = r.state;
    results.push(r);
  }
  return { state, results, ops: results.flatMap((r) => r.ops ?? []), last: results.at(-1)! };
}
const after = (c: ToolContext, ops: Parameters<typeof applyStep>[1]): AnnotationPayload => applyStep(c.payload, ops);

describe('box tool', () => {
  it('a drag in any direction adds one normalised, clamped box with the label and default attributes, and selects it', () => {
    const c = ctx();
    const r = run<BoxToolState>(
      boxTool,
      BOX_IDLE,
      [
        { type: 'down', p: [150, 120] },
        { type: 'move', p: [90, 60] },
        { type: 'up', p: [-20, 40] },
      ],
      c,
    );
    expect(r.ops).toHaveLength(1);
    expect(after(c, r.ops).shapes[2]).toEqual({ id: 'new1', kind: 'box', label: 'cup', x: 0, y: 40, w: 150, h: 80, attributes: { occluded: false } });
    expect(r.last.select).toBe('new1');
    expect(r.state).toEqual(BOX_IDLE);
  });
  it('shows a preview while dragging; a click or a tiny drag adds nothing; Escape cancels', () => {
    const c = ctx();
    const mid = run<BoxToolState>(
      boxTool,
      BOX_IDLE,
      [
        { type: 'down', p: [10, 10] },
        { type: 'move', p: [30, 40] },
      ],
      c,
    );
    expect(boxPreview(mid.state, c)).toEqual({ x: 10, y: 10, w: 20, h: 30 });
    expect(
      run<BoxToolState>(
        boxTool,
        BOX_IDLE,
        [
          { type: 'down', p: [10, 10] },
          { type: 'up', p: [11, 30] },
        ],
        c,
      ).ops,
    ).toEqual([]);
    const esc = run<BoxToolState>(
      boxTool,
      BOX_IDLE,
      [
        { type: 'down', p: [10, 10] },
        { type: 'key', key: 'Escape' },
        { type: 'up', p: [80, 80] },
      ],
      c,
    );
    expect(esc.ops).toEqual([]);
  });
  it('without a label it explains instead of drawing', () => {
    const r = boxTool(BOX_IDLE, { type: 'down', p: [1, 1] }, ctx({ activeLabel: null }));
    expect(r.state).toEqual(BOX_IDLE);
    expect(r.error).toMatch(/label/i);
  });
});

describe('polygon tool', () => {
  const clicks = (pts: [number, number][]): ToolEvent[] => pts.map((p) => ({ type: 'down', p }));
  it('clicks then Enter add the polygon; clicking the first vertex also closes it', () => {
    const c = ctx();
    const byEnter = run<PolygonToolState>(
      polygonTool,
      POLYGON_IDLE,
      [
        ...clicks([
          [10, 10],
          [50, 10],
          [50, 50],
        ]),
        { type: 'key', key: 'Enter' },
      ],
      c,
    );
    expect(after(c, byEnter.ops).shapes[2]).toMatchObject({
      kind: 'polygon',
      label: 'cup',
      points: [
        [10, 10],
        [50, 10],
        [50, 50],
      ],
    });
    expect(byEnter.state).toEqual(POLYGON_IDLE);
    const byFirst = run<PolygonToolState>(
      polygonTool,
      POLYGON_IDLE,
      clicks([
        [10, 10],
        [50, 10],
        [50, 50],
        [12, 13],
      ]),
      c,
    );
    expect(byFirst.ops).toHaveLength(1);
    expect(after(c, byFirst.ops).shapes[2]).toMatchObject({
      points: [
        [10, 10],
        [50, 10],
        [50, 50],
      ],
    });
  });
  it('a double-click on the last vertex closes the polygon without a doubled vertex', () => {
    const c = ctx();
    const dbl: ToolEvent[] = [
      { type: 'down', p: [50, 50] },
      { type: 'up', p: [50, 50] },
      { type: 'down', p: [51, 50] },
      { type: 'up', p: [51, 50] },
      { type: 'dblclick', p: [51, 50] },
    ];
    const r = run<PolygonToolState>(
      polygonTool,
      POLYGON_IDLE,
      [
        ...clicks([
          [10, 10],
          [50, 10],
        ]),
        ...dbl,
      ],
      c,
    );
    expect(r.ops).toHaveLength(1);
    expect(after(c, r.ops).shapes[2]).toMatchObject({
      kind: 'polygon',
      points: [
        [10, 10],
        [50, 10],
        [50, 50],
      ],
    });
    expect(r.state).toEqual(POLYGON_IDLE);
    // Too few vertices: refused with the reason, still drawing.
    const short = run<PolygonToolState>(polygonTool, POLYGON_IDLE, [...clicks([[10, 10]]), ...dbl], c);
    expect(short.ops).toEqual([]);
    expect(short.last.error).toMatch(/at least 3 distinct vertices/);
  });
  it('Backspace drops the last vertex, Escape cancels, vertices are clamped to the image', () => {
    const c = ctx();
    const r = run<PolygonToolState>(
      polygonTool,
      POLYGON_IDLE,
      [
        ...clicks([
          [10, 10],
          [250, 10],
          [50, 50],
        ]),
        { type: 'key', key: 'Backspace' },
      ],
      c,
    );
    expect(r.state).toMatchObject({
      mode: 'drawing',
      points: [
        [10, 10],
        [200, 10],
      ],
    });
    expect(r.last.handled).toBe(true);
    expect(run<PolygonToolState>(polygonTool, r.state, [{ type: 'key', key: 'Escape' }], c).state).toEqual(POLYGON_IDLE);
  });
  it('refuses a self-intersecting outline with validatePolygon’s message and keeps drawing', () => {
    const c = ctx();
    const r = run<PolygonToolState>(
      polygonTool,
      POLYGON_IDLE,
      [
        ...clicks([
          [0, 0],
          [100, 100],
          [100, 0],
          [0, 100],
        ]),
        { type: 'key', key: 'Enter' },
      ],
      c,
    );
    expect(r.ops).toEqual([]);
    expect(r.last.error).toMatch(/Polygon not added: edges \d and \d cross/);
    expect(r.state.mode).toBe('drawing');
    const two = run<PolygonToolState>(
      polygonTool,
      POLYGON_IDLE,
      [
        ...clicks([
          [0, 0],
          [100, 100],
        ]),
        { type: 'key', key: 'Enter' },
      ],
      c,
    );
    expect(two.last.error).toMatch(/at least 3 distinct vertices/);
  });
});

describe('select tool', () => {
  it('clicking a shape selects it; clicking empty space clears the selection', () => {
    expect(selectTool(SELECT_IDLE, { type: 'down', p: [20, 20] }, ctx()).select).toBe('b1');
    expect(selectTool(SELECT_IDLE, { type: 'down', p: [190, 10] }, ctx()).select).toBeNull();
  });
  it('dragging moves the shape as one update op, never past the image edge', () => {
    const c = ctx();
    const r = run<SelectToolState>(
      selectTool,
      SELECT_IDLE,
      [
        { type: 'down', p: [20, 20] },
        { type: 'move', p: [30, 20] },
        { type: 'up', p: [-100, 25] },
      ],
      c,
    );
    expect(r.ops).toHaveLength(1);
    expect(after(c, r.ops).shapes[0]).toMatchObject({ x: 0, y: 15, w: 40, h: 30 });
  });
  it('a handle of the selected box resizes it', () => {
    const c = ctx({ selectedId: 'b1' });
    const r = run<SelectToolState>(
      selectTool,
      SELECT_IDLE,
      [
        { type: 'down', p: [50, 40] },
        { type: 'move', p: [70, 80] },
        { type: 'up', p: [70, 80] },
      ],
      c,
    );
    expect(after(c, r.ops).shapes[0]).toMatchObject({ x: 10, y: 10, w: 60, h: 70 });
  });
  it('a vertex of the selected polygon moves; a move that makes it cross itself is refused with the reason', () => {
    const c = ctx({ selectedId: 'p1' });
    const ok = run<SelectToolState>(
      selectTool,
      SELECT_IDLE,
      [
        { type: 'down', p: [160, 160] },
        { type: 'move', p: [180, 170] },
        { type: 'up', p: [180, 170] },
      ],
      c,
    );
    expect((after(c, ok.ops).shapes[1] as PolygonShape).points[2]).toEqual([180, 170]);
    const bad = run<SelectToolState>(
      selectTool,
      SELECT_IDLE,
      [
        { type: 'down', p: [160, 160] },
        { type: 'move', p: [130, 40] },
        { type: 'up', p: [130, 40] },
      ],
      c,
    );
    expect(bad.ops).toEqual([]);
    expect(bad.last.error).toMatch(/Vertex not moved: .*cross/);
  });
  it('double-click on an edge inserts a vertex; Alt+click on a vertex deletes it', () => {
    const c = ctx({ selectedId: 'p1' });
    const ins = selectTool(SELECT_IDLE, { type: 'dblclick', p: [130, 101] }, c);
    expect((after(c, ins.ops!).shapes[1] as PolygonShape).points).toEqual([
      [100, 100],
      [130, 100],
      [160, 100],
      [160, 160],
      [100, 160],
    ]);
    const del = selectTool(SELECT_IDLE, { type: 'down', p: [100, 160], alt: true }, c);
    expect((after(c, del.ops!).shapes[1] as PolygonShape).points).toEqual([
      [100, 100],
      [160, 100],
      [160, 160],
    ]);
  });
  it('a locked shape is selected but not moved; hidden shapes are not hit', () => {
    const locked = run<SelectToolState>(
      selectTool,
      SELECT_IDLE,
      [
        { type: 'down', p: [20, 20] },
        { type: 'move', p: [60, 60] },
        { type: 'up', p: [60, 60] },
      ],
      ctx({ locked: new Set(['b1']) }),
    );
    expect(locked.results[0]!.select).toBe('b1');
    expect(locked.ops).toEqual([]);
    expect(selectTool(SELECT_IDLE, { type: 'down', p: [20, 20] }, ctx({ hidden: new Set(['b1']) })).select).toBeNull();
  });
  it('grab tolerance is fixed on screen: 8 px at scale 1, 1 image px at scale 8', () => {
    expect(selectTool(SELECT_IDLE, { type: 'down', p: [55, 40] }, ctx({ selectedId: 'b1' })).state.mode).toBe('resizing');
    expect(selectTool(SELECT_IDLE, { type: 'down', p: [55, 40] }, ctx({ selectedId: 'b1', scale: 8 })).state.mode).toBe('idle');
  });
});

describe('selection commands', () => {
  it('delete, duplicate, nudge and relabel produce the right ops; locked shapes are not deleted or nudged', () => {
    const c = ctx({ selectedId: 'b1' });
    expect(after(c, deleteSelected(c)).shapes.map((s) => s.id)).toEqual(['p1']);
    expect(deleteSelected({ ...c, locked: new Set(['b1']) })).toEqual([]);
    const dup = duplicateSelected(c);
    expect(after(c, dup.ops).shapes[2]).toMatchObject({ id: dup.id, x: 20, y: 20, w: 40, h: 30 });
    expect(after(c, nudgeSelected(c, -1, 10)).shapes[0]).toMatchObject({ x: 9, y: 20 });
    expect(nudgeSelected({ ...c, locked: new Set(['b1']) }, 1, 0)).toEqual([]);
    expect(after(c, relabelSelected(c, 'vehicle')).shapes[0]).toMatchObject({ label: 'vehicle', attributes: { type: 'car', occluded: false } });
  });
});

describe('mipmap level choice', () => {
  it('uses the coarsest copy that still has a source pixel per screen pixel', async () => {
    const { mipLevel } = await import('../../src/client/editor/image/layers/mipmaps.ts');
    expect(mipLevel(2)).toBe(0);
    expect(mipLevel(1)).toBe(0);
    expect(mipLevel(0.5)).toBe(1);
    expect(mipLevel(0.125)).toBe(3);
    expect(mipLevel(0.13)).toBe(2);
    expect(mipLevel(1 / 1000)).toBe(6);
    expect(mipLevel(Number.NaN)).toBe(0);
  });
});

describe('pixels decoded ahead', () => {
  const bitmap = (width: number, height: number) => ({ width, height, close: vi.fn() }) as unknown as ImageBitmap & { close: ReturnType<typeof vi.fn> };
  const element = (width: number, height: number) => Object.assign(new Image(), { width, height });

  it('are drawn in the image’s place, and closed when let go, but never while on screen', async () => {
    const { setDecodedPixels, keepOnly, mipmap, releaseDecodedPixels } = await import('../../src/client/editor/image/layers/mipmaps.ts');
    const [a, b, c] = [element(40, 30), element(40, 30), element(40, 30)];
    const [pa, pb, pc] = [bitmap(40, 30), bitmap(40, 30), bitmap(40, 30)];
    setDecodedPixels(a, pa);
    setDecodedPixels(b, pb);
    setDecodedPixels(c, pc);
    expect(mipmap(a, 0).source).toBe(pa);
    // Let go while it is the image on screen: kept until another one is drawn.
    releaseDecodedPixels(a);
    expect(pa.close).not.toHaveBeenCalled();
    expect(mipmap(a, 0).source).toBe(pa);
    expect(mipmap(b, 0).source).toBe(pb);
    expect(pa.close).toHaveBeenCalledOnce();
    // Let go before it was ever drawn: closed at once, and the element is drawn if it ever is.
    releaseDecodedPixels(c);
    expect(pc.close).toHaveBeenCalledOnce();
    expect(mipmap(c, 0).source).toBe(c);
    keepOnly(null);
    expect(pb.close).not.toHaveBeenCalled();
  });
});
