import { act, fireEvent, render, renderHook, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { AttributesPanel } from '../../src/client/editor/image/AttributesPanel.tsx';
import { HotkeyHelp } from '../../src/client/editor/image/HotkeyHelp.tsx';
import { ImageToolbar } from '../../src/client/editor/image/ImageToolbar.tsx';
import { ShapesPanel } from '../../src/client/editor/image/ShapesPanel.tsx';
import { useCamera } from '../../src/client/editor/image/camera.ts';
import { IMAGE_HOTKEYS } from '../../src/client/editor/image/hotkeys.ts';
import { useTools } from '../../src/client/editor/image/toolStore.ts';
import { useImageHotkeys } from '../../src/client/editor/image/useImageHotkeys.ts';
import { useEditor } from '../../src/client/editor/store.ts';
import { useWorkLayout } from '../../src/client/work/layout.ts';
import type { LabelSchema, Shape } from '../../src/domain/api/index.ts';

const schema: LabelSchema = {
  labels: [
    {
      id: 'person',
      name: 'Person',
      color: '#e6194b',
      hotkey: '1',
      tools: ['box', 'polygon'],
      attributes: [{ type: 'boolean', name: 'occluded', title: 'Occluded', default: false }],
    },
    {
      id: 'vehicle',
      name: 'Vehicle',
      color: '#4363d8',
      hotkey: '3',
      tools: ['box', 'polygon'],
      attributes: [{ type: 'select', name: 'type', title: 'Type', options: ['car', 'bike'], default: 'car' }],
    },
  ],
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: false,
};
const shapes: Shape[] = [
  { id: 'a', kind: 'box', label: 'person', x: 10, y: 10, w: 20, h: 20, attributes: { occluded: true } },
  {
    id: 'b',
    kind: 'polygon',
    label: 'vehicle',
    points: [
      [50, 50],
      [90, 50],
      [70, 90],
    ],
    attributes: { type: 'car' },
  },
];

beforeEach(() => {
  useEditor.getState().load('item', { shapes, spans: [], classes: [] });
  useEditor.getState().setActiveLabel('person');
  useTools.getState().setTool('box');
  useTools.getState().setHelpOpen(false);
  useCamera.getState().setStage({ width: 400, height: 400 });
  useCamera.getState().setImage({ width: 100, height: 100 });
});

describe('ShapesPanel', () => {
  it('lists every shape with label and attributes; select, hide, lock and delete from the list', () => {
    render(<ShapesPanel schema={schema} />);
    const list = screen.getByRole('list', { name: 'Shapes' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Select Person 1 (occluded)' }));
    expect(useEditor.getState().selectedId).toBe('a');
    expect(screen.getByRole('button', { name: 'Select Person 1 (occluded)' })).toHaveAttribute('aria-pressed', 'true');
    fireEvent.click(screen.getByRole('button', { name: 'Hide Vehicle 2' }));
    expect(useEditor.getState().hidden.has('b')).toBe(true);
    expect(screen.getByRole('button', { name: 'Show Vehicle 2' })).toHaveAttribute('aria-pressed', 'true');
    fireEvent.click(screen.getByRole('button', { name: 'Lock Person 1' }));
    expect(screen.getByRole('button', { name: 'Delete Person 1' })).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Delete Vehicle 2' }));
    expect(useEditor.getState().payload.shapes.map((s) => s.id)).toEqual(['a']);
    act(() => useEditor.getState().undo());
    expect(screen.getAllByRole('listitem')).toHaveLength(2);
  });
  it('hovering a row highlights the shape (hoverId), and the canvas hover highlights the row', () => {
    render(<ShapesPanel schema={schema} />);
    const row = screen.getByRole('button', { name: /^Select Vehicle 2/ }).closest('li')!;
    fireEvent.mouseEnter(row);
    expect(useEditor.getState().hoverId).toBe('b');
    fireEvent.mouseLeave(row);
    expect(useEditor.getState().hoverId).toBeNull();
    act(() => useEditor.getState().setHover('a'));
    expect(screen.getByRole('button', { name: /^Select Person 1/ }).closest('li')).toHaveClass('hovered');
  });
});

describe('AttributesPanel', () => {
  it('edits the selected shape’s attributes from the schema (boolean and one-of) and relabels it, each undoable', () => {
    render(<AttributesPanel schema={schema} />);
    expect(screen.getByText(/Select a shape/)).toBeInTheDocument();
    act(() => useEditor.getState().select('a'));
    const occluded = screen.getByRole('checkbox', { name: 'Occluded' });
    expect(occluded).toBeChecked();
    fireEvent.click(occluded);
    expect(useEditor.getState().payload.shapes[0]!.attributes.occluded).toBe(false);
    fireEvent.change(screen.getByRole('combobox', { name: 'Label of selected shape' }), { target: { value: 'vehicle' } });
    expect(useEditor.getState().payload.shapes[0]).toMatchObject({ label: 'vehicle', attributes: { type: 'car' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Type' }), { target: { value: 'bike' } });
    expect(useEditor.getState().payload.shapes[0]!.attributes.type).toBe('bike');
    act(() => {
      useEditor.getState().undo();
      useEditor.getState().undo();
      useEditor.getState().undo();
    });
    expect(useEditor.getState().payload.shapes[0]).toEqual(shapes[0]);
  });
});

describe('toolbar, keyboard and help', () => {
  it('every toolbar control has a name; tools and zoom work from it', () => {
    render(<ImageToolbar />);
    for (const b of screen.getAllByRole('button')) expect(b).toHaveAccessibleName();
    fireEvent.click(screen.getByRole('button', { name: /^Polygon/ }));
    expect(useTools.getState().tool).toBe('polygon');
    const before = useCamera.getState().viewport.scale;
    fireEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(useCamera.getState().viewport.scale).toBeCloseTo(before * 1.25, 10);
    fireEvent.click(screen.getByRole('button', { name: 'Fit' }));
    expect(useCamera.getState().viewport.scale).toBeCloseTo(before, 10);
  });
  it('keys: tools, label + relabel, nudge, delete, and Backspace drops a polygon vertex instead of deleting the selection', () => {
    renderHook(() => useImageHotkeys(schema));
    const key = (k: string, init: KeyboardEventInit = {}) =>
      act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key: k, cancelable: true, ...init })));
    key('v');
    expect(useTools.getState().tool).toBe('select');
    act(() => useEditor.getState().select('a'));
    key('3');
    expect(useEditor.getState().activeLabel).toBe('vehicle');
    expect(useEditor.getState().payload.shapes[0]).toMatchObject({ label: 'vehicle', attributes: { type: 'car' } });
    key('ArrowRight', { shiftKey: true });
    expect(useEditor.getState().payload.shapes[0]).toMatchObject({ x: 20 });
    key('d', { ctrlKey: true });
    expect(useEditor.getState().payload.shapes).toHaveLength(3);
    key('p');
    act(() => {
      useTools.getState().dispatch({ type: 'down', p: [1, 1] }, schema);
      useTools.getState().dispatch({ type: 'down', p: [40, 1] }, schema);
      // Starting a polygon clears the selection; select a shape again so Backspace has two possible meanings.
      useEditor.getState().select('a');
    });
    key('Backspace');
    expect(useTools.getState().polygon).toMatchObject({ points: [[1, 1]] });
    expect(useEditor.getState().payload.shapes).toHaveLength(3);
    key('Escape');
    key('Delete');
    expect(useEditor.getState().payload.shapes).toHaveLength(2);
  });
  it('? opens a dialog listing every hotkey; Escape closes it', () => {
    renderHook(() => useImageHotkeys(schema));
    render(<HotkeyHelp schema={schema} />);
    act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key: '?', cancelable: true })));
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const h of IMAGE_HOTKEYS) expect(within(dialog).getByText(h.what)).toBeInTheDocument();
    expect(within(dialog).getByText('Label: Vehicle')).toBeInTheDocument();
    act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', cancelable: true })));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('pick the label, then draw', () => {
  const key = (k: string) => act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key: k, cancelable: true })));
  const drawBox = (x: number, y: number) =>
    act(() => {
      const d = useTools.getState().dispatch;
      d({ type: 'down', p: [x, y] }, schema);
      d({ type: 'move', p: [x + 10, y + 10] }, schema);
      d({ type: 'up', p: [x + 10, y + 10] }, schema);
    });

  it('a label key after drawing sets the label of the next shape, not of the shape just drawn', () => {
    act(() => useEditor.getState().load('item', { shapes: [], spans: [], classes: [] }));
    renderHook(() => useImageHotkeys(schema));
    key('3');
    drawBox(5, 5);
    key('1');
    drawBox(30, 30);
    key('3');
    drawBox(60, 60);
    expect(useEditor.getState().payload.shapes.map((s) => s.label)).toEqual(['vehicle', 'person', 'vehicle']);
  });

  it('relabelling a shape the person selected still works, visibly and undoably', () => {
    renderHook(() => useImageHotkeys(schema));
    render(
      <>
        <p role="status">{useTools.getState().message}</p>
        <ShapesPanel schema={schema} />
      </>,
    );
    fireEvent.click(screen.getByRole('button', { name: /^Select Person 1/ }));
    key('3');
    expect(useEditor.getState().payload.shapes[0]!.label).toBe('vehicle');
    expect(useEditor.getState().flash).toMatchObject({ id: 'a' });
    expect(useTools.getState().message).toMatch(/relabelled as Vehicle/);
    act(() => useEditor.getState().undo());
    expect(useEditor.getState().payload.shapes[0]!.label).toBe('person');
  });
});

describe('room to see', () => {
  it('the shapes panel collapses from a named button, and brightness and contrast are set from the toolbar', () => {
    render(<ImageToolbar />);
    const shapesButton = screen.getByRole('button', { name: /^Shapes panel/ });
    expect(shapesButton).toHaveAttribute('aria-keyshortcuts', 'L');
    const open = useWorkLayout.getState().shapesOpen;
    fireEvent.click(shapesButton);
    expect(useWorkLayout.getState().shapesOpen).toBe(!open);
    expect(shapesButton).toHaveAttribute('aria-expanded', String(!open));
    fireEvent.change(screen.getByRole('slider', { name: 'Brightness' }), { target: { value: '1.5' } });
    fireEvent.change(screen.getByRole('slider', { name: 'Contrast' }), { target: { value: '0.8' } });
    expect(useWorkLayout.getState()).toMatchObject({ brightness: 1.5, contrast: 0.8 });
    fireEvent.click(screen.getByRole('button', { name: 'Reset look' }));
    expect(useWorkLayout.getState()).toMatchObject({ brightness: 1, contrast: 1 });
  });
});

describe('a crowded image', () => {
  const many: Shape[] = Array.from({ length: 20_000 }, (_, i) => ({ id: `s${i}`, kind: 'box', label: 'person', x: i % 90, y: 1, w: 5, h: 5, attributes: {} }));

  it('lists 20,000 shapes with only the rows in view in the page, and brings others in by scrolling', () => {
    useEditor.getState().load('item', { shapes: many, spans: [], classes: [] });
    render(<ShapesPanel schema={schema} />);
    const list = screen.getByRole('list', { name: 'Shapes' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.length).toBeLessThan(60);
    // Screen readers still hear the whole list's size and each row's place in it.
    expect(rows[0]).toHaveAttribute('aria-setsize', '20000');
    expect(rows[0]).toHaveAttribute('aria-posinset', '1');
    expect(within(list).queryByRole('button', { name: 'Select Person 15000' })).toBeNull();
    const scroller = list.parentElement!;
    scroller.scrollTop = 14_990 * 30;
    fireEvent.scroll(scroller);
    expect(within(list).getByRole('button', { name: 'Select Person 15000' })).toBeInTheDocument();
    expect(within(list).getAllByRole('listitem').length).toBeLessThan(60);
  });

  it('shows the rows of a list that emptied and filled again, wherever the last one was scrolled to', () => {
    useEditor.getState().load('item', { shapes: many, spans: [], classes: [] });
    render(<ShapesPanel schema={schema} />);
    const scroller = screen.getByRole('list', { name: 'Shapes' }).parentElement!;
    scroller.scrollTop = 14_990 * 30;
    fireEvent.scroll(scroller);
    // The next item has no shapes; then the annotator draws three.
    act(() => useEditor.getState().load('next', { shapes: [], spans: [], classes: [] }));
    expect(screen.getByText('No shapes yet.')).toBeInTheDocument();
    act(() => useEditor.getState().load('next', { shapes: many.slice(0, 3), spans: [], classes: [] }));
    expect(within(screen.getByRole('list', { name: 'Shapes' })).getAllByRole('listitem')).toHaveLength(3);
  });
});
