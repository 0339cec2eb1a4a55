import type Konva from 'konva';
import { useEffect, useRef, useState } from 'react';
import { Image as KImage, Layer, Rect, Stage } from 'react-konva';
import type { LabelSchema, QueueItem } from '../../../domain/api/index.ts';
import { boxFromCorners, clampBox } from '../../../domain/geometry/box.ts';
import { useEditor } from '../store.ts';
import { useHtmlImage } from './useHtmlImage.ts';

const MIN_SIDE = 2;

/** Draws the item's image fitted to the available space; a drag with the box tool adds a box. */
export function ImageItemEditor({ item, schema }: { item: QueueItem; schema: LabelSchema }) {
  const image = item.image;
  const containerRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 800, height: 600 });
  const { image: html, error } = useHtmlImage(image?.url ?? null);
  const payload = useEditor((s) => s.payload);
  const selectedId = useEditor((s) => s.selectedId);
  const activeLabel = useEditor((s) => s.activeLabel);
  const [drag, setDrag] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);

  useEffect(() => {
    const el = containerRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: Math.max(200, entry.contentRect.width), height: Math.max(200, entry.contentRect.height) });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  if (!image) return null;
  const scale = Math.min(size.width / image.width, size.height / image.height);
  const offsetX = (size.width - image.width * scale) / 2;
  const offsetY = (size.height - image.height * scale) / 2;
  const toImage = (stage: Konva.Stage) => {
    const p = stage.getPointerPosition() ?? { x: 0, y: 0 };
    return { x: (p.x - offsetX) / scale, y: (p.y - offsetY) / scale };
  };
  const colour = (label: string) => schema.labels.find((l) => l.id === label)?.color ?? '#ffffff';

  const onDown = (e: Konva.KonvaEventObject<MouseEvent>) => {
    const stage = e.target.getStage();
    if (!stage || e.evt.button !== 0) return;
    if (e.target.name() === 'shape') return;
    useEditor.getState().select(null);
    if (!activeLabel) return;
    const p = toImage(stage);
    setDrag({ x0: p.x, y0: p.y, x1: p.x, y1: p.y });
  };
  const onMove = (e: Konva.KonvaEventObject<MouseEvent>) => {
    const stage = e.target.getStage();
    if (!drag || !stage) return;
    const p = toImage(stage);
    setDrag({ ...drag, x1: p.x, y1: p.y });
  };
  const onUp = () => {
    if (!drag || !activeLabel) return setDrag(null);
    const box = clampBox(boxFromCorners([drag.x0, drag.y0], [drag.x1, drag.y1]), image);
    setDrag(null);
    if (box.w < MIN_SIDE || box.h < MIN_SIDE) return;
    const id = `s${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
    useEditor.getState().edit((p) => ({ ...p, shapes: [...p.shapes, { id, kind: 'box', label: activeLabel, ...box, attributes: {} }] }));
    useEditor.getState().select(id);
  };

  const preview = drag ? clampBox(boxFromCorners([drag.x0, drag.y0], [drag.x1, drag.y1]), image) : null;
  return (
    <div ref={containerRef} className="canvas-wrap" role="application" aria-label={`Image ${image.width} by ${image.height} pixels; drag to draw a box`} data-testid="image-canvas">
      {error && <p role="alert">The image could not be loaded.</p>}
      <Stage width={size.width} height={size.height} onMouseDown={onDown} onMouseMove={onMove} onMouseUp={onUp}>
        <Layer x={offsetX} y={offsetY} scaleX={scale} scaleY={scale}>
          {html && <KImage image={html} width={image.width} height={image.height} listening={false} />}
          {payload.shapes.map((s) =>
            s.kind === 'box' ? (
              <Rect
                key={s.id}
                name="shape"
                x={s.x}
                y={s.y}
                width={s.w}
                height={s.h}
                stroke={colour(s.label)}
                strokeWidth={(selectedId === s.id ? 3 : 2) / scale}
                fill={selectedId === s.id ? `${colour(s.label)}33` : undefined}
                onMouseDown={() => useEditor.getState().select(s.id)}
                perfectDrawEnabled={false}
              />
            ) : null,
          )}
          {preview && activeLabel && <Rect {...{ x: preview.x, y: preview.y, width: preview.w, height: preview.h }} stroke={colour(activeLabel)} dash={[6 / scale, 4 / scale]} strokeWidth={2 / scale} listening={false} />}
        </Layer>
      </Stage>
    </div>
  );
}
