// Benchmark page: ?mode=editor mounts the real ImageItemEditor with n generated shapes;
// ?mode=bare draws the same scene with a bare Konva stage (one node per shape, Konva's own
// advice applied: listening off, perfectDrawEnabled off). window.bench runs scripted pan, zoom
// and vertex-drag and returns frame intervals, and (editor only) click-to-select times. Input to
// the editor goes through real DOM events (wheel, pointer) on its canvas, so the measured path is
// the one a person drives. &boxes=1 makes every shape a box.
import Konva from 'konva';
import { createRoot } from 'react-dom/client';
import { ImageItemEditor } from '../../../src/client/editor/image/ImageItemEditor.tsx';
import { useCamera } from '../../../src/client/editor/image/camera.ts';
import { useTools } from '../../../src/client/editor/image/toolStore.ts';
import { useEditor } from '../../../src/client/editor/store.ts';
import type { PolygonShape, QueueItem } from '../../../src/domain/api/index.ts';
import { measureFrames, panDelta, zoomDelta } from './frames.ts';
import { benchSchema, IMAGE, makeShapes } from './scene.ts';

// Time spent drawing layers, so the report can show the work per frame beside the frame interval
// (which vsync rounds to multiples of 16.7 ms).
export const drawLog: number[] = [];
const originalDraw = Konva.Layer.prototype.drawScene;
Konva.Layer.prototype.drawScene = function (this: Konva.Layer, ...args: Parameters<typeof originalDraw>) {
  const t0 = performance.now();
  const r = originalDraw.apply(this, args);
  drawLog.push(performance.now() - t0);
  return r;
};
(window as unknown as { drawLog: number[] }).drawLog = drawLog;

const params = new URLSearchParams(location.search);
const n = Number(params.get('n') ?? 100);
const mode = params.get('mode') ?? 'editor';
const width = Number(params.get('w') ?? 1100);
const height = Number(params.get('h') ?? 800);
const shapes = makeShapes(n, params.get('boxes') === '1');
const colour = new Map(benchSchema.labels.map((l) => [l.id, l.color]));

interface Bench {
  ready: Promise<void>;
  canvasSize: () => { width: number; height: number };
  pan: (frames: number) => Promise<number[]>;
  zoom: (frames: number) => Promise<number[]>;
  drag: (frames: number) => Promise<number[]>;
  /** ms from a click on a shape to the frame after the one that shows it selected; null: nothing was selected. */
  select?: (clicks: number) => Promise<Array<number | null>>;
}
declare global {
  interface Window {
    bench: Bench;
  }
}

const loadImage = () =>
  new Promise<HTMLImageElement>((resolve, reject) => {
    const img = new Image();
    img.onload = () =>
      img.decode().then(
        () => resolve(img),
        () => resolve(img),
      );
    img.onerror = reject;
    img.src = '/bench.jpg';
  });
const frames = (k: number) =>
  new Promise<void>((r) => {
    let i = 0;
    const f = () => (++i >= k ? r() : requestAnimationFrame(f));
    requestAnimationFrame(f);
  });

/** Resolves after the next frame has been painted (its rAF callbacks ran, then a task after them). */
const painted = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));

function editorBench(): Bench {
  const item: QueueItem = {
    id: 'bench',
    projectId: 'bench',
    kind: 'image',
    image: { url: '/bench.jpg', ...IMAGE },
    text: null,
    position: 0,
    leaseExpiresAt: new Date().toISOString(),
  };
  useEditor.getState().load('bench', { shapes, spans: [], classes: [] });
  useEditor.getState().setActiveLabel('l0');
  const root = document.getElementById('root')!;
  createRoot(root).render(<ImageItemEditor item={item} schema={benchSchema} />);
  const canvas = () => document.querySelector<HTMLElement>('[data-testid="image-canvas"]')!;
  const at = (x: number, y: number) => {
    const r = canvas().getBoundingClientRect();
    return { clientX: r.left + x, clientY: r.top + y, bubbles: true, pointerId: 1, isPrimary: true };
  };
  return {
    ready: loadImage().then(() => frames(30)),
    canvasSize: () => useCamera.getState().stage,
    pan: async (count) => {
      useCamera.getState().fit();
      await frames(5);
      const el = canvas();
      let x = 400;
      let y = 300;
      el.dispatchEvent(new PointerEvent('pointerdown', { ...at(x, y), button: 1, buttons: 4 }));
      const out = await measureFrames(count, (f) => {
        const [dx, dy] = panDelta(f);
        x += dx;
        y += dy;
        el.dispatchEvent(new PointerEvent('pointermove', { ...at(x, y), button: -1, buttons: 4 }));
      });
      el.dispatchEvent(new PointerEvent('pointerup', { ...at(x, y), button: 1, buttons: 0 }));
      return out;
    },
    zoom: async (count) => {
      useCamera.getState().fit();
      await frames(5);
      const el = canvas();
      return measureFrames(count, (f) => el.dispatchEvent(new WheelEvent('wheel', { ...at(500, 400), deltaY: zoomDelta(f), cancelable: true })));
    },
    drag: async (count) => {
      // Select a polygon near the middle, zoom so it fills a good part of the view, drag vertex 0 in a circle.
      const target = shapes
        .filter((s): s is PolygonShape => s.kind === 'polygon')
        .sort((a, b) => Math.hypot(a.points[0]![0] - 4000, a.points[0]![1] - 3000) - Math.hypot(b.points[0]![0] - 4000, b.points[0]![1] - 3000))[0]!;
      useTools.getState().setTool('select');
      useEditor.getState().select(target.id);
      useCamera.getState().fit();
      useCamera.getState().zoomBy(2);
      await frames(5);
      const vp = useCamera.getState().viewport;
      const [vx, vy] = target.points[0]!;
      const sx = vx * vp.scale + vp.offsetX;
      const sy = vy * vp.scale + vp.offsetY;
      const el = canvas();
      el.dispatchEvent(new PointerEvent('pointerdown', { ...at(sx, sy), button: 0, buttons: 1 }));
      const out = await measureFrames(count, (f) => {
        el.dispatchEvent(new PointerEvent('pointermove', { ...at(sx + 30 * Math.sin(f / 10), sy + 30 * (1 - Math.cos(f / 10))), button: -1, buttons: 1 }));
      });
      el.dispatchEvent(new PointerEvent('pointerup', { ...at(sx, sy), button: 0, buttons: 0 }));
      return out;
    },
    select: async (clicks) => {
      // Clicks at the centres of shapes spread over the image, at the fitted zoom, select tool.
      useTools.getState().setTool('select');
      useEditor.getState().select(null);
      useCamera.getState().fit();
      await frames(5);
      const el = canvas();
      const out: Array<number | null> = [];
      for (let k = 0; k < clicks; k++) {
        const s = shapes[Math.floor(((k + 0.5) / clicks) * shapes.length)]!;
        const [cx, cy] = s.kind === 'box' ? [s.x + s.w / 2, s.y + s.h / 2] : s.points[0]!;
        const vp = useCamera.getState().viewport;
        const p = at(cx * vp.scale + vp.offsetX, cy * vp.scale + vp.offsetY);
        const before = useEditor.getState().selectedId;
        await painted();
        const t0 = performance.now();
        el.dispatchEvent(new PointerEvent('pointerdown', { ...p, button: 0, buttons: 1 }));
        el.dispatchEvent(new PointerEvent('pointerup', { ...p, button: 0, buttons: 0 }));
        await painted();
        const now = useEditor.getState().selectedId;
        out.push(now !== null && now !== before ? performance.now() - t0 : null);
        await frames(3);
      }
      return out;
    },
  };
}

function bareBench(): Bench {
  const root = document.getElementById('root')!;
  root.style.width = `${width}px`;
  root.style.height = `${height}px`;
  const stage = new Konva.Stage({ container: root as HTMLDivElement, width, height });
  const imageLayer = new Konva.Layer({ listening: false });
  const shapeLayer = new Konva.Layer({ listening: false });
  stage.add(imageLayer, shapeLayer);
  const fit = () => {
    const s = Math.min((width - 32) / IMAGE.width, (height - 32) / IMAGE.height);
    stage.scale({ x: s, y: s });
    stage.position({ x: (width - IMAGE.width * s) / 2, y: (height - IMAGE.height * s) / 2 });
  };
  const lines = new Map<string, Konva.Line>();
  for (const s of shapes) {
    const common = {
      stroke: colour.get(s.label)!,
      strokeWidth: 1.5,
      strokeScaleEnabled: false,
      perfectDrawEnabled: false,
      shadowForStrokeEnabled: false,
      listening: false,
    };
    if (s.kind === 'box') shapeLayer.add(new Konva.Rect({ x: s.x, y: s.y, width: s.w, height: s.h, ...common }));
    else {
      const line = new Konva.Line({ points: s.points.flat(), closed: true, ...common });
      lines.set(s.id, line);
      shapeLayer.add(line);
    }
  }
  fit();
  return {
    ready: loadImage().then(async (img) => {
      imageLayer.add(new Konva.Image({ image: img, width: IMAGE.width, height: IMAGE.height, listening: false, perfectDrawEnabled: false }));
      await frames(30);
    }),
    canvasSize: () => ({ width, height }),
    pan: async (count) => {
      fit();
      await frames(5);
      return measureFrames(count, (f) => {
        const [dx, dy] = panDelta(f);
        stage.position({ x: stage.x() + dx, y: stage.y() + dy });
        stage.batchDraw();
      });
    },
    zoom: async (count) => {
      fit();
      await frames(5);
      return measureFrames(count, (f) => {
        const factor = Math.exp(-zoomDelta(f) * 0.0015);
        const old = stage.scaleX();
        const anchor = { x: 500, y: 400 };
        const img = { x: (anchor.x - stage.x()) / old, y: (anchor.y - stage.y()) / old };
        const s = old * factor;
        stage.scale({ x: s, y: s });
        stage.position({ x: anchor.x - img.x * s, y: anchor.y - img.y * s });
        stage.batchDraw();
      });
    },
    drag: async (count) => {
      const [id, line] = [...lines.entries()].sort(
        (a, b) => Math.hypot(a[1].points()[0]! - 4000, a[1].points()[1]! - 3000) - Math.hypot(b[1].points()[0]! - 4000, b[1].points()[1]! - 3000),
      )[0]!;
      void id;
      fit();
      // Same view as the editor's drag: twice the fitted zoom about the centre.
      const s0 = stage.scaleX();
      stage.scale({ x: s0 * 2, y: s0 * 2 });
      stage.position({ x: width / 2 - (width / 2 - stage.x()) * 2, y: height / 2 - (height / 2 - stage.y()) * 2 });
      const base = line.points().slice();
      await frames(5);
      return measureFrames(count, (f) => {
        const p = base.slice();
        p[0] = base[0]! + 30 * Math.sin(f / 10);
        p[1] = base[1]! + 30 * (1 - Math.cos(f / 10));
        line.points(p);
      });
    },
  };
}

window.bench = mode === 'bare' ? bareBench() : editorBench();
