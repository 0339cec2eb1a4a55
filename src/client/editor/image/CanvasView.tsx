import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Stage } from 'react-konva';
import type { LabelSchema, QueueItem } from '../../../domain/api/index.ts';

type ImageRef = NonNullable<QueueItem['image']>;
import { useEditor } from '../store.ts';
import { useCamera } from './camera.ts';
import { ImageLayer } from './layers/ImageLayer.tsx';
import { InteractionLayer } from './layers/InteractionLayer.tsx';
import { ShapesLayer } from './layers/ShapesLayer.tsx';
import { useTools } from './toolStore.ts';
import { boxPreview } from './tools/box.ts';
import { draggedShape } from './tools/select.ts';
import { usePointerInput } from './usePointerInput.ts';
import { useHtmlImage } from './useHtmlImage.ts';
import { useAssetUrl } from '../../local/assets.ts';
import { useWorkLayout } from '../../work/layout.ts';
import { usePreloadedImage } from '../../work/imagePreload.ts';

/** The Konva stage: three layers (image, shapes, interaction), none listening; input comes from usePointerInput. */
export function CanvasView({ image, schema }: { image: ImageRef; schema: LabelSchema }) {
  const ref = useRef<HTMLDivElement>(null);
  // Decoded ahead while the previous item was worked (work/imagePreload.ts); else loaded now.
  const preloaded = usePreloadedImage(image.url);
  const loaded = useHtmlImage(useAssetUrl(preloaded ? null : image.url));
  const html = preloaded ?? loaded.image;
  const error = !preloaded && loaded.error;
  const viewport = useCamera((s) => s.viewport);
  const stage = useCamera((s) => s.stage);
  const shapes = useEditor((s) => s.payload.shapes);
  const selectedId = useEditor((s) => s.selectedId);
  const hoverId = useEditor((s) => s.hoverId);
  const hidden = useEditor((s) => s.hidden);
  const locked = useEditor((s) => s.locked);
  const activeLabel = useEditor((s) => s.activeLabel);
  const flash = useEditor((s) => s.flash);
  const [flashOn, setFlashOn] = useState(false);
  useEffect(() => {
    if (!flash) return;
    setFlashOn(true);
    const t = setTimeout(() => setFlashOn(false), 450);
    return () => clearTimeout(t);
  }, [flash]);
  const tool = useTools((s) => s.tool);
  const brightness = useWorkLayout((s) => s.brightness);
  const contrast = useWorkLayout((s) => s.contrast);
  const selectState = useTools((s) => s.select);
  const boxState = useTools((s) => s.box);
  const polygonState = useTools((s) => s.polygon);
  const colours = useMemo(() => new Map(schema.labels.map((l) => [l.id, l.color])), [schema]);
  const colour = (label: string) => colours.get(label) ?? '#ffffff';

  // Before the first paint of a new image: the canvas stays from one item to the next, and a frame
  // drawn with the last image's fit (or a half-drawn polygon of it) would be wrong.
  useLayoutEffect(() => {
    useCamera.getState().setImage({ width: image.width, height: image.height });
    useTools.getState().reset();
  }, [image.url, image.width, image.height]);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => {
      if (entry)
        useCamera
          .getState()
          .setStage({ width: Math.max(200, Math.floor(entry.contentRect.width)), height: Math.max(200, Math.floor(entry.contentRect.height)) });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  usePointerInput(ref, schema);

  const dragged = draggedShape(selectState);
  const selected = shapes.find((s) => s.id === selectedId) ?? null;
  const active = dragged ?? (selected && !hidden.has(selected.id) ? selected : null);
  const drawColour = activeLabel ? colour(activeLabel) : '#ffffff';
  const toolHelp =
    tool === 'box'
      ? 'drag to draw a box'
      : tool === 'polygon'
        ? 'click to add polygon vertices, Enter or click the first vertex to close'
        : 'click a shape to select it, drag to move it';
  return (
    <div
      ref={ref}
      className="canvas-wrap"
      role="application"
      aria-label={`Image ${image.width} by ${image.height} pixels; ${toolHelp}`}
      aria-roledescription="image annotation canvas"
      tabIndex={0}
      data-testid="image-canvas"
      data-scale={viewport.scale}
      data-offset-x={viewport.offsetX}
      data-offset-y={viewport.offsetY}
      data-tool={tool}
      // Which image this is and whether its pixels are ready to draw (the timing test reads both).
      data-image-url={image.url}
      data-image-ready={html ? 'true' : 'false'}
      data-image-filter={`brightness(${brightness}) contrast(${contrast})`}
      // The filter applies to the image layer only (styles: its canvas), never to the shapes.
      style={{
        cursor: tool === 'select' ? 'default' : 'crosshair',
        touchAction: 'none',
        // No filter at all while the look is untouched: even an identity filter is applied to the
        // whole image canvas on every frame by the compositor.
        ...(brightness === 1 && contrast === 1 ? {} : { ['--image-filter' as string]: `brightness(${brightness}) contrast(${contrast})` }),
      }}
    >
      {error && <p role="alert">The image could not be loaded.</p>}
      <Stage width={stage.width} height={stage.height} listening={false}>
        <ImageLayer html={html} image={image} viewport={viewport} stage={stage} />
        {/* Only a shape being dragged leaves the shapes layer (its old place must not show); a selected
            one stays, drawn over by the interaction layer, so a click does not rebuild every path. */}
        <ShapesLayer shapes={shapes} colours={colours} viewport={viewport} stage={stage} hidden={hidden} exclude={dragged?.id ?? null} hoverId={hoverId} />
        <InteractionLayer
          viewport={viewport}
          active={active}
          activeLocked={active ? locked.has(active.id) : false}
          colour={colour}
          boxPreview={tool === 'box' ? boxPreview(boxState, { image }) : null}
          polygon={tool === 'polygon' && polygonState.mode === 'drawing' ? polygonState : null}
          drawColour={drawColour}
          flash={flashOn && flash ? (shapes.find((s) => s.id === flash.id) ?? null) : null}
        />
      </Stage>
    </div>
  );
}
