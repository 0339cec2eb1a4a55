// Every key the image editor answers to, as data: the keyboard hook acts on them and the help
// dialog lists them, so the two cannot drift apart.
export interface HotkeyDoc {
  readonly keys: string;
  readonly what: string;
}

export const IMAGE_HOTKEYS: readonly HotkeyDoc[] = [
  { keys: 'V', what: 'Select tool' },
  { keys: 'B', what: 'Box tool' },
  { keys: 'P', what: 'Polygon tool' },
  { keys: '1–9', what: 'Choose the label; with a shape selected, relabel it' },
  { keys: 'Enter', what: 'Close the polygon being drawn (or click its first vertex)' },
  { keys: 'Backspace', what: 'Drop the last vertex while drawing a polygon; otherwise delete the selected shape' },
  { keys: 'Escape', what: 'Cancel the shape being drawn or dragged; then clear the selection' },
  { keys: 'Delete', what: 'Delete the selected shape' },
  { keys: 'Ctrl+D', what: 'Duplicate the selected shape' },
  { keys: 'Arrow keys', what: 'Nudge the selected shape by 1 image pixel (Shift: 10)' },
  { keys: 'Alt+click', what: 'Delete the polygon vertex under the pointer' },
  { keys: 'Double-click', what: 'While drawing a polygon: close it. Otherwise: insert a vertex on the selected polygon’s edge' },
  { keys: '+ / −', what: 'Zoom in / out' },
  { keys: 'Wheel, pinch', what: 'Zoom at the pointer' },
  { keys: 'F', what: 'Zoom to fit the image' },
  { keys: 'Z', what: 'Zoom to the selected shape' },
  { keys: 'Space+drag, middle-drag', what: 'Pan' },
  { keys: 'Ctrl+Z', what: 'Undo' },
  { keys: 'Ctrl+Shift+Z, Ctrl+Y', what: 'Redo' },
  { keys: 'Ctrl+Enter', what: 'Submit the item' },
  { keys: '?', what: 'Show this list' },
];
