import type { LabelSchema, QueueItem } from '../../../domain/api/index.ts';
import { AttributesPanel } from './AttributesPanel.tsx';
import { CanvasView } from './CanvasView.tsx';
import { HotkeyHelp } from './HotkeyHelp.tsx';
import './image-editor.css';
import { ImageToolbar } from './ImageToolbar.tsx';
import { ShapesPanel } from './ShapesPanel.tsx';
import { useTools } from './toolStore.ts';
import { useImageHotkeys } from './useImageHotkeys.ts';
import { useWorkLayout } from '../../work/layout.ts';

/** The image editor: toolbar, canvas, the selected shape's attributes and the shapes list. See README.md. */
export function ImageItemEditor({ item, schema }: { item: QueueItem; schema: LabelSchema }) {
  useImageHotkeys(schema);
  const message = useTools((s) => s.message);
  const shapesOpen = useWorkLayout((s) => s.shapesOpen && !s.fullScreen);
  if (!item.image) return null;
  return (
    <div className="image-editor">
      <ImageToolbar />
      <div className={`image-editor-main${shapesOpen ? '' : ' side-closed'}`}>
        <div className="canvas-column">
          <CanvasView image={item.image} schema={schema} />
          {/* Over the canvas, not above it: a message never pushes the image down. */}
          <p className="image-message" role="status" aria-live="polite">
            {message}
          </p>
        </div>
        {shapesOpen && (
          <aside id="shapes-side" className="image-side" aria-label="Shapes and attributes">
            <AttributesPanel schema={schema} />
            <ShapesPanel schema={schema} />
          </aside>
        )}
      </div>
      <HotkeyHelp schema={schema} />
    </div>
  );
}
