import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stagePoint, toImage, toStage, imagePoint } from '../../../src/domain/geometry/types.ts';
import { clampScale, fitImage, fitRegion, MAX_SCALE, MIN_SCALE, panBy, visibleRegion, wheelZoomFactor, zoomBy } from '../../../src/domain/geometry/viewport.ts';

const size = fc.integer({ min: 1, max: 20_000 });
const stageSize = fc.record({ width: fc.integer({ min: 100, max: 4000 }), height: fc.integer({ min: 100, max: 4000 }) });
const close = (a: number, b: number, tol = 1e-6) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

describe('fitImage', () => {
  it('shows the whole image, centred, touching the padded stage on at least one axis', () => {
    fc.assert(
      fc.property(size, size, stageSize, (w, h, stage) => {
        const v = fitImage({ width: w, height: h }, stage, 10);
        const tl = toStage(v, imagePoint(0, 0));
        const br = toStage(v, imagePoint(w, h));
        if (v.scale > MIN_SCALE && v.scale < MAX_SCALE) {
          expect(tl[0]).toBeGreaterThanOrEqual(10 - 1e-6);
          expect(tl[1]).toBeGreaterThanOrEqual(10 - 1e-6);
          expect(br[0]).toBeLessThanOrEqual(stage.width - 10 + 1e-6);
          expect(br[1]).toBeLessThanOrEqual(stage.height - 10 + 1e-6);
          expect(close(tl[0] - 10, 0) || close(tl[1] - 10, 0)).toBe(true);
        }
        expect(close((tl[0] + br[0]) / 2, stage.width / 2)).toBe(true);
        expect(close((tl[1] + br[1]) / 2, stage.height / 2)).toBe(true);
      }),
    );
  });
  it('fits an 8000×6000 image into 1000×750 at 1/8', () => {
    expect(fitImage({ width: 8000, height: 6000 }, { width: 1000, height: 750 }).scale).toBeCloseTo(0.125, 10);
  });
  it('never yields NaN for a zero-size region', () => {
    const v = fitRegion({ x: 5, y: 5, w: 0, h: 0 }, { width: 800, height: 600 });
    expect(Number.isFinite(v.scale) && Number.isFinite(v.offsetX) && Number.isFinite(v.offsetY)).toBe(true);
    expect(v.scale).toBe(MAX_SCALE);
  });
});

describe('zoomBy', () => {
  it('keeps the image point under the anchor where it was, and stays within the scale bounds', () => {
    const vp = fc.record({
      scale: fc.double({ min: MIN_SCALE, max: MAX_SCALE, noNaN: true }),
      offsetX: fc.double({ min: -1e4, max: 1e4, noNaN: true }),
      offsetY: fc.double({ min: -1e4, max: 1e4, noNaN: true }),
    });
    fc.assert(
      fc.property(
        vp,
        fc.double({ min: 0, max: 2000, noNaN: true }),
        fc.double({ min: 0, max: 2000, noNaN: true }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (v, ax, ay, f) => {
          const anchor = stagePoint(ax, ay);
          const next = zoomBy(v, anchor, f);
          expect(next.scale).toBeGreaterThanOrEqual(MIN_SCALE);
          expect(next.scale).toBeLessThanOrEqual(MAX_SCALE);
          const before = toImage(v, anchor);
          const after = toImage(next, anchor);
          expect(Math.abs(before[0] - after[0])).toBeLessThan(1e-6 * Math.max(1, Math.abs(before[0])));
          expect(Math.abs(before[1] - after[1])).toBeLessThan(1e-6 * Math.max(1, Math.abs(before[1])));
        },
      ),
    );
  });
  it('wheel zoom in then out by the same delta returns to the same scale', () => {
    fc.assert(
      fc.property(fc.double({ min: -500, max: 500, noNaN: true }), (d) => {
        expect(wheelZoomFactor(d) * wheelZoomFactor(-d)).toBeCloseTo(1, 12);
      }),
    );
    expect(wheelZoomFactor(-100)).toBeGreaterThan(1);
    expect(wheelZoomFactor(Number.NaN)).toBe(1);
  });
  it('clampScale maps garbage to 1 and bounds the rest', () => {
    expect(clampScale(Number.NaN)).toBe(1);
    expect(clampScale(-3)).toBe(1);
    expect(clampScale(1e9)).toBe(MAX_SCALE);
    expect(clampScale(1e-9)).toBe(MIN_SCALE);
  });
});

describe('visibleRegion and panBy', () => {
  it('the visible region is the stage corners mapped to image pixels, and panning moves it by -d/scale', () => {
    const v = { scale: 0.5, offsetX: 30, offsetY: -20 };
    const r = visibleRegion(v, { width: 800, height: 600 });
    const tl = toImage(v, stagePoint(0, 0));
    expect([r.x, r.y]).toEqual([tl[0], tl[1]]);
    expect([r.w, r.h]).toEqual([1600, 1200]);
    const moved = visibleRegion(panBy(v, 10, 4), { width: 800, height: 600 });
    expect(moved.x).toBeCloseTo(r.x - 20, 10);
    expect(moved.y).toBeCloseTo(r.y - 8, 10);
  });
});
