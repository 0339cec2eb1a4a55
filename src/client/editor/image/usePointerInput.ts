// Pointer input on the canvas, turned into camera moves (wheel, pinch, middle-drag, space-drag)
// and tool events in image pixels. Native listeners on the wrapper, not Konva's event system: the
// layers never listen, which spares Konva its hit canvases (see README.md).
import { useEffect, type RefObject } from 'react';
import type { LabelSchema } from '../../../domain/api/index.ts';
import { hitTest } from '../../../domain/geometry/hit.ts';
import { stagePoint, toImage, type StagePoint } from '../../../domain/geometry/types.ts';
import { wheelZoomFactor } from '../../../domain/geometry/viewport.ts';
import { useEditor } from '../store.ts';
import { useCamera } from './camera.ts';
import { useTools } from './toolStore.ts';
import { GRAB_PX } from './tools/types.ts';

/** Set while the space bar is held: a left-drag then pans (the keyboard hook maintains it). */
export const panKey = { held: false };

export function usePointerInput(ref: RefObject<HTMLElement | null>, schema: LabelSchema): void {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const pointers = new Map<number, StagePoint>();
    let panning = false;
    let pinchDist = 0;
    const local = (e: { clientX: number; clientY: number }): StagePoint => {
      const r = el.getBoundingClientRect();
      return stagePoint(e.clientX - r.left, e.clientY - r.top);
    };
    const imageAt = (p: StagePoint) => toImage(useCamera.getState().viewport, p);
    const dist = () => {
      const [a, b] = [...pointers.values()];
      return a && b ? Math.hypot(a[0] - b[0], a[1] - b[1]) : 0;
    };

    const down = (e: PointerEvent) => {
      el.focus({ preventScroll: true });
      const p = local(e);
      pointers.set(e.pointerId, p);
      el.setPointerCapture?.(e.pointerId);
      if (pointers.size === 2) {
        // A second finger turns a draw into a pinch: cancel what the first one started.
        useTools.getState().dispatch({ type: 'key', key: 'Escape' }, schema);
        panning = true;
        pinchDist = dist();
        return;
      }
      if (e.button === 1 || panKey.held) {
        e.preventDefault();
        panning = true;
        return;
      }
      if (e.button !== 0) return;
      useTools.getState().dispatch({ type: 'down', p: imageAt(p), alt: e.altKey }, schema);
    };
    const move = (e: PointerEvent) => {
      const p = local(e);
      const prev = pointers.get(e.pointerId);
      if (prev) pointers.set(e.pointerId, p);
      if (panning && prev) {
        const cam = useCamera.getState();
        if (pointers.size === 2) {
          const d = dist();
          if (pinchDist > 0 && d > 0) cam.zoomBy(d / pinchDist, p);
          pinchDist = d;
        }
        cam.panBy((p[0] - prev[0]) / Math.max(1, pointers.size), (p[1] - prev[1]) / Math.max(1, pointers.size));
        return;
      }
      const ip = imageAt(p);
      const tools = useTools.getState();
      if (prev || tools.tool === 'polygon') tools.dispatch({ type: 'move', p: ip }, schema);
      if (!prev && tools.tool === 'select') {
        const ed = useEditor.getState();
        const i = hitTest(ed.payload.shapes, ip, GRAB_PX / useCamera.getState().viewport.scale, (s) => ed.hidden.has(s.id));
        ed.setHover(i < 0 ? null : (ed.payload.shapes[i]?.id ?? null));
      }
    };
    const up = (e: PointerEvent) => {
      const had = pointers.delete(e.pointerId);
      if (panning) {
        if (pointers.size === 0) panning = false;
        return;
      }
      if (had && e.button === 0) useTools.getState().dispatch({ type: 'up', p: imageAt(local(e)) }, schema);
    };
    const dbl = (e: MouseEvent) => useTools.getState().dispatch({ type: 'dblclick', p: imageAt(local(e)) }, schema);
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      // Trackpad pinch arrives as ctrl+wheel with small deltas; lines (deltaMode 1) are ~16 px.
      const dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      useCamera.getState().zoomBy(wheelZoomFactor(e.ctrlKey ? dy * 4 : dy), local(e));
    };
    const leave = () => useEditor.getState().setHover(null);
    el.addEventListener('pointerdown', down);
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
    el.addEventListener('pointerleave', leave);
    el.addEventListener('dblclick', dbl);
    el.addEventListener('wheel', wheel, { passive: false });
    return () => {
      el.removeEventListener('pointerdown', down);
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
      el.removeEventListener('pointerleave', leave);
      el.removeEventListener('dblclick', dbl);
      el.removeEventListener('wheel', wheel);
    };
  }, [ref, schema]);
}
