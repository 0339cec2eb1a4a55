// The image editor's keyboard. Listens in the capture phase so that keys the editor uses (e.g.
// Backspace dropping a polygon vertex) are consumed before the screen-wide hotkeys
// (useAnnotateHotkeys), which skip events whose default was prevented.
import { useEffect } from 'react';
import type { LabelSchema } from '../../../domain/api/index.ts';
import { shapeBounds } from '../../../domain/geometry/hit.ts';
import { useEditor } from '../store.ts';
import { useCamera } from './camera.ts';
import { commit, toolContext, useTools } from './toolStore.ts';
import { deleteSelected, duplicateSelected, nudgeSelected, relabelSelected } from './tools/select.ts';
import type { ToolName } from './tools/types.ts';
import { panKey } from './usePointerInput.ts';

// A modal that handles its own keys (data-own-keys, e.g. the escalate dialog) counts as typing.
const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || !!t.closest('[data-own-keys]'));
const TOOL_KEYS: Record<string, ToolName> = { v: 'select', b: 'box', p: 'polygon' };
const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

export function useImageHotkeys(schema: LabelSchema): void {
  useEffect(() => {
    const labelKeys = new Set(schema.labels.map((l) => l.hotkey).filter(Boolean));
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || e.defaultPrevented) return;
      const tools = useTools.getState();
      const ed = useEditor.getState();
      const cam = useCamera.getState();
      const mod = e.ctrlKey || e.metaKey;
      const used = () => {
        e.preventDefault();
        e.stopPropagation();
      };
      if (e.key === ' ' && !(e.target instanceof HTMLButtonElement)) {
        panKey.held = true;
        return used();
      }
      if (tools.helpOpen) {
        if (e.key === 'Escape' || e.key === '?') {
          tools.setHelpOpen(false);
          used();
        }
        return;
      }
      if (e.key === '?') return (tools.setHelpOpen(true), used());
      if (!mod && ['Enter', 'Escape', 'Backspace'].includes(e.key) && tools.dispatch({ type: 'key', key: e.key }, schema)) return used();
      const ctx = toolContext(schema);
      if (mod && e.key.toLowerCase() === 'd') {
        const dup = duplicateSelected(ctx);
        commit({ state: null, ops: dup.ops, ...(dup.id ? { select: dup.id } : {}) });
        return used();
      }
      if (mod || e.altKey) return;
      if (e.key === 'Escape' && ed.selectedId) return (ed.select(null), used());
      if ((e.key === 'Delete' || e.key === 'Backspace') && ed.selectedId) {
        commit({ state: null, ops: deleteSelected(ctx), select: null });
        return used();
      }
      const arrow = ARROWS[e.key];
      if (arrow && ed.selectedId) {
        const step = e.shiftKey ? 10 : 1;
        commit({ state: null, ops: nudgeSelected(ctx, arrow[0] * step, arrow[1] * step) });
        return used();
      }
      const key = e.key.toLowerCase();
      const label = schema.labels.find((l) => l.hotkey === key && (l.tools.includes('box') || l.tools.includes('polygon')));
      if (label) {
        const target = ed.labelKey(label.id);
        if (target) {
          const ops = relabelSelected(ctx, label.id);
          commit({ state: null, ops });
          if (ops.length > 0) {
            ed.flashShape(target);
            tools.setMessage(`Selected shape relabelled as ${label.name} (Ctrl+Z undoes).`);
          }
        } else tools.setMessage(`Next shape: ${label.name}.`);
        return used();
      }
      if (labelKeys.has(key)) return;
      if (TOOL_KEYS[key]) return (tools.setTool(TOOL_KEYS[key]), used());
      if (e.key === '+' || e.key === '=') return (cam.zoomBy(1.25), used());
      if (e.key === '-' || e.key === '−') return (cam.zoomBy(0.8), used());
      if (key === 'f') return (cam.fit(), used());
      if (key === 'z') {
        const sel = ed.payload.shapes.find((s) => s.id === ed.selectedId);
        if (sel) cam.zoomToRegion(shapeBounds(sel));
        return used();
      }
    };
    const onUp = (e: KeyboardEvent) => {
      if (e.key === ' ') panKey.held = false;
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('keyup', onUp, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('keyup', onUp, true);
      panKey.held = false;
    };
  }, [schema]);
}
