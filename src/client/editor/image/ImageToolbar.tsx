import { shapeBounds } from '../../../domain/geometry/hit.ts';
import { useEditor } from '../store.ts';
import { useCamera } from './camera.ts';
import { useTools } from './toolStore.ts';
import type { ToolName } from './tools/types.ts';
import { LAYOUT_KEYS, useWorkLayout } from '../../work/layout.ts';

const TOOLS: { name: ToolName; title: string; key: string }[] = [
  { name: 'select', title: 'Select', key: 'V' },
  { name: 'box', title: 'Box', key: 'B' },
  { name: 'polygon', title: 'Polygon', key: 'P' },
];

/** Tools, zoom and help; every button has a name and announces its shortcut. */
export function ImageToolbar() {
  const tool = useTools((s) => s.tool);
  const scale = useCamera((s) => s.viewport.scale);
  const hasSelection = useEditor((s) => s.selectedId !== null);
  const layout = useWorkLayout();
  const zoomToSelection = () => {
    const ed = useEditor.getState();
    const sel = ed.payload.shapes.find((s) => s.id === ed.selectedId);
    if (sel) useCamera.getState().zoomToRegion(shapeBounds(sel));
  };
  return (
    <div className="image-toolbar" role="toolbar" aria-label="Image tools">
      <div role="group" aria-label="Tool">
        {TOOLS.map((t) => (
          <button key={t.name} type="button" aria-pressed={tool === t.name} aria-keyshortcuts={t.key} onClick={() => useTools.getState().setTool(t.name)}>
            {t.title} <kbd aria-hidden="true">{t.key}</kbd>
          </button>
        ))}
      </div>
      <div role="group" aria-label="Zoom">
        <button type="button" aria-label="Zoom out" aria-keyshortcuts="-" onClick={() => useCamera.getState().zoomBy(0.8)}>
          −
        </button>
        <output aria-label="Zoom level" data-testid="zoom-level">
          {Math.round(scale * 100)}%
        </output>
        <button type="button" aria-label="Zoom in" aria-keyshortcuts="+" onClick={() => useCamera.getState().zoomBy(1.25)}>
          +
        </button>
        <button type="button" aria-keyshortcuts="F" onClick={() => useCamera.getState().fit()}>
          Fit
        </button>
        <button type="button" aria-keyshortcuts="Z" disabled={!hasSelection} onClick={zoomToSelection}>
          Zoom to selection
        </button>
      </div>
      <div role="group" aria-label="Image look">
        <label className="look-slider">
          Brightness
          <input type="range" min={0.3} max={2.5} step={0.1} value={layout.brightness} onChange={(e) => layout.setBrightness(Number(e.target.value))} />
        </label>
        <label className="look-slider">
          Contrast
          <input type="range" min={0.3} max={2.5} step={0.1} value={layout.contrast} onChange={(e) => layout.setContrast(Number(e.target.value))} />
        </label>
        <button type="button" disabled={layout.brightness === 1 && layout.contrast === 1} onClick={layout.resetImageLook}>
          Reset look
        </button>
      </div>
      <button
        type="button"
        aria-expanded={layout.shapesOpen}
        aria-controls="shapes-side"
        aria-keyshortcuts={LAYOUT_KEYS.shapes.toUpperCase()}
        onClick={layout.toggleShapes}
      >
        Shapes panel <kbd aria-hidden="true">{LAYOUT_KEYS.shapes.toUpperCase()}</kbd>
      </button>
      <button type="button" aria-keyshortcuts="?" onClick={() => useTools.getState().setHelpOpen(true)}>
        Keyboard shortcuts
      </button>
    </div>
  );
}
