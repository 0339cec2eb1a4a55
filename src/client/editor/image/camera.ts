// The camera: how the image sits on the stage (zoom and pan). One editor is on screen at a time,
// so this is a module-level store; the canvas, the keyboard and the toolbar all drive it. All the
// math is in domain/geometry/viewport.ts.
import { create } from 'zustand';
import { fitImage, fitRegion, panBy, zoomBy } from '../../../domain/geometry/viewport.ts';
import { IDENTITY_VIEWPORT, stagePoint, type Box, type ImageSize, type StagePoint, type Viewport } from '../../../domain/geometry/types.ts';

const FIT_PADDING = 16;
const MAX_REGION_ZOOM = 8;

export interface CameraState {
  viewport: Viewport;
  stage: ImageSize;
  image: ImageSize;
  /** True until the person zooms or pans: a resized window then refits. */
  fitted: boolean;
  setStage: (stage: ImageSize) => void;
  setImage: (image: ImageSize) => void;
  fit: () => void;
  zoomBy: (factor: number, anchor?: StagePoint) => void;
  panBy: (dx: number, dy: number) => void;
  zoomToRegion: (box: Box) => void;
}

export const useCamera = create<CameraState>((set, get) => ({
  viewport: IDENTITY_VIEWPORT,
  stage: { width: 800, height: 600 },
  image: { width: 1, height: 1 },
  fitted: true,
  setStage: (stage) =>
    set((s) =>
      s.stage.width === stage.width && s.stage.height === stage.height
        ? s
        : { stage, ...(s.fitted ? { viewport: fitImage(s.image, stage, FIT_PADDING) } : {}) },
    ),
  setImage: (image) => set((s) => ({ image, fitted: true, viewport: fitImage(image, s.stage, FIT_PADDING) })),
  fit: () => set((s) => ({ fitted: true, viewport: fitImage(s.image, s.stage, FIT_PADDING) })),
  zoomBy: (factor, anchor) => {
    const { stage, viewport } = get();
    set({ fitted: false, viewport: zoomBy(viewport, anchor ?? stagePoint(stage.width / 2, stage.height / 2), factor) });
  },
  panBy: (dx, dy) => set((s) => ({ fitted: false, viewport: panBy(s.viewport, dx, dy) })),
  zoomToRegion: (box) => {
    // A little context around the region, and never closer than 8× for a tiny shape.
    const pad = Math.max(box.w, box.h) * 0.15 + 4;
    const { stage } = get();
    const v = fitRegion({ x: box.x - pad, y: box.y - pad, w: box.w + 2 * pad, h: box.h + 2 * pad }, stage, FIT_PADDING);
    const scale = Math.min(v.scale, MAX_REGION_ZOOM);
    const cx = box.x + box.w / 2;
    const cy = box.y + box.h / 2;
    set({ fitted: false, viewport: { scale, offsetX: stage.width / 2 - cx * scale, offsetY: stage.height / 2 - cy * scale } });
  },
}));
