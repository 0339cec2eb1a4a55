// The benchmark scene: n shapes on an 8000×6000 image, half 20-vertex polygons, half boxes (or
// boxes only), from a seeded generator so every run and both renderers draw the same thing.
import type { LabelSchema, Shape } from '../../../src/domain/api/index.ts';

export const IMAGE = { width: 8000, height: 6000 };
const COLOURS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#46f0f0'];

export const benchSchema: LabelSchema = {
  labels: COLOURS.map((color, i) => ({ id: `l${i}`, name: `Label ${i}`, color, hotkey: String(i + 1), tools: ['box', 'polygon'], attributes: [] })),
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: false,
};

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function makeShapes(n: number, boxesOnly = false): Shape[] {
  const r = rng(42);
  const shapes: Shape[] = [];
  for (let i = 0; i < n; i++) {
    const label = `l${i % COLOURS.length}`;
    const cx = 100 + r() * (IMAGE.width - 200);
    const cy = 100 + r() * (IMAGE.height - 200);
    const size = 20 + r() * 70;
    if (i % 2 === 0 && !boxesOnly) {
      // A star-shaped polygon: angles increase monotonically, so it never crosses itself.
      const points: Array<[number, number]> = [];
      for (let k = 0; k < 20; k++) {
        const a = (k / 20) * Math.PI * 2;
        const rad = size * (0.6 + 0.4 * r());
        points.push([cx + Math.cos(a) * rad, cy + Math.sin(a) * rad]);
      }
      shapes.push({ id: `p${i}`, kind: 'polygon', label, points, attributes: {} });
    } else shapes.push({ id: `b${i}`, kind: 'box', label, x: cx - size, y: cy - size * 0.7, w: size * 2, h: size * 1.4, attributes: {} });
  }
  return shapes;
}
