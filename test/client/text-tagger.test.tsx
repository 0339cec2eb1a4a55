import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { emptyAnnotation, type LabelSchema, type QueueItem } from '../../src/domain/api/index.ts';
import { useEditor } from '../../src/client/editor/store.ts';
import { TextItemEditor } from '../../src/client/editor/text/TextItemEditor.tsx';
import { useAnnotateHotkeys } from '../../src/client/screens/useAnnotateHotkeys.ts';

// The tagger in jsdom: selection → span with exact code-point offsets, the keyboard path,
// relabel, delete, refusals and undo, all through the editor store.
const TEXT = 'Zoë 🎉 met Angela Merkel in عمّان on Tuesday.';
const schema = (over: Partial<LabelSchema> = {}): LabelSchema => ({
  labels: [
    { id: 'per', name: 'Person', color: '#e6194b', hotkey: '1', tools: ['span'], attributes: [] },
    { id: 'org', name: 'Organisation', color: '#4363d8', hotkey: '2', tools: ['span'], attributes: [] },
    { id: 'loc', name: 'Location', color: '#3cb44b', hotkey: '3', tools: ['span'], attributes: [] },
    { id: 'politics', name: 'Politics', color: '#808000', hotkey: '5', tools: ['class'], attributes: [] },
  ],
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: true,
  ...over,
});
const item: QueueItem = { id: 'i1', projectId: 'p1', kind: 'text', image: null, text: TEXT, position: 0, leaseExpiresAt: new Date(0).toISOString() };
const cp = (s: string) => (Array.from(TEXT).join('').indexOf(s) === -1 ? -1 : Array.from(TEXT.slice(0, TEXT.indexOf(s))).length);
const surface = (s: { start: number; end: number }) => Array.from(TEXT).slice(s.start, s.end).join('');
const spans = () => useEditor.getState().payload.spans;

function Screen({ s }: { s: LabelSchema }) {
  useAnnotateHotkeys(s, 'text', () => {});
  return <TextItemEditor item={item} schema={s} />;
}

function mount(s = schema()) {
  useEditor.getState().load('i1', emptyAnnotation());
  useEditor.getState().setActiveLabel('per');
  render(<Screen s={s} />);
  return screen.getByRole('document', { name: 'Document text' });
}

/** Selects the UTF-16 range [from, to) of TEXT in the DOM, as a mouse drag would, and releases. */
function dragSelect(doc: HTMLElement, from: number, to: number) {
  const walker = document.createTreeWalker(doc, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  const locate = (u: number): [Text, number] => {
    let acc = 0;
    for (const n of nodes) {
      if (u <= acc + n.length) return [n, u - acc];
      acc += n.length;
    }
    throw new Error('out of text');
  };
  const [an, ao] = locate(from);
  const [fn, fo] = locate(to);
  act(() => {
    document.getSelection()!.setBaseAndExtent(an, ao, fn, fo);
    fireEvent.mouseDown(doc);
    fireEvent.mouseUp(doc);
  });
}
const key = (target: Element, k: string, opts: Partial<KeyboardEventInit> = {}) => act(() => void fireEvent.keyDown(target, { key: k, ...opts }));

describe('text tagger', () => {
  beforeEach(() => useEditor.getState().load('none', emptyAnnotation()));

  it('renders the exact text in a labelled document region', () => {
    const doc = mount();
    expect(doc.textContent).toBe(TEXT);
    expect(doc).toHaveAttribute('tabindex', '0');
  });

  it('turns a mouse selection into a span with code-point offsets, snapped to whole words', () => {
    const doc = mount();
    // A partial drag over "gela Mer" (UTF-16 indices; the emoji before it takes two units).
    const u = TEXT.indexOf('Angela');
    dragSelect(doc, u + 2, u + 10);
    expect(spans()).toHaveLength(1);
    const s = spans()[0]!;
    expect(s).toMatchObject({ label: 'per', start: cp('Angela'), end: cp('Angela') + 'Angela Merkel'.length });
    expect(surface(s)).toBe('Angela Merkel');
    expect(doc.querySelector('mark[data-tag="Person"]')?.textContent).toBe('Angela Merkel');
    expect(screen.getByRole('button', { name: /^Person: Angela Merkel/ })).toBeInTheDocument();
  });

  it('tags Arabic and the emoji-led name from the keyboard: caret by word, Shift extends, Enter / label key tags', () => {
    const doc = mount();
    act(() => doc.focus());
    // Caret at 0; Shift+→ to the end of "Zoë" and Enter → Person.
    key(doc, 'ArrowRight', { shiftKey: true });
    key(doc, 'Enter');
    expect(spans().map(surface)).toEqual(['Zoë']);
    // End to the end; ← by word back to "عمّان"; select it with Shift+→; key 3 → Location.
    key(doc, 'End');
    for (let i = 0; i < 6; i++) key(doc, 'ArrowLeft');
    key(doc, 'ArrowRight', { shiftKey: true });
    key(doc, '3');
    const loc = spans().find((s) => s.label === 'loc')!;
    expect(surface(loc)).toBe('عمّان');
    expect(loc.start).toBe(cp('عمّان'));
    expect(useEditor.getState().activeLabel).toBe('loc');
  });

  it('relabels the selected span by hotkey, moves its boundaries with [ and ], deletes it', () => {
    const doc = mount();
    const u = TEXT.indexOf('Merkel');
    dragSelect(doc, u, u + 6);
    const id = spans()[0]!.id;
    expect(useEditor.getState().selectedId).toBe(id);
    // A span just made is not a choice: the key sets the label of the next span only.
    key(doc, '2');
    expect(spans()[0]!.label).toBe('per');
    expect(useEditor.getState().activeLabel).toBe('org');
    // Chosen from the list, the key relabels it, with the change announced and undoable.
    fireEvent.click(screen.getByRole('button', { name: /^Person: Merkel/ }));
    key(doc, '2');
    expect(spans()[0]!.label).toBe('org');
    expect(screen.getByRole('status')).toHaveTextContent(/Relabelled as Organisation/);
    act(() => useEditor.getState().undo());
    expect(spans()[0]!.label).toBe('per');
    key(doc, '2');
    expect(spans()[0]!.label).toBe('org');
    key(doc, '[');
    expect(surface(spans()[0]!)).toBe('Angela Merkel');
    key(doc, '}');
    expect(surface(spans()[0]!)).toBe('Angela');
    key(doc, '{');
    expect(screen.getByRole('alert')).toHaveTextContent(/cannot shrink to nothing/);
    key(doc, 'Delete');
    expect(spans()).toHaveLength(0);
    expect(screen.getByRole('status')).toHaveTextContent(/Deleted Organisation “Angela”/);
  });

  it('refuses an overlapping span with a message and writes nothing; allows it when the project does', () => {
    const doc = mount();
    const u = TEXT.indexOf('Angela');
    dragSelect(doc, u, u + 13);
    dragSelect(doc, u + 7, u + 16);
    expect(spans()).toHaveLength(1);
    expect(screen.getByRole('alert')).toHaveTextContent('This span would overlap Person “Angela Merkel”; this project does not allow overlapping spans.');
  });

  it('draws overlapping spans in stacked rows when the project allows them', () => {
    const doc = mount(schema({ allowOverlappingSpans: true }));
    const u = TEXT.indexOf('Angela');
    dragSelect(doc, u, u + 13);
    dragSelect(doc, u + 7, u + 16);
    expect(spans()).toHaveLength(2);
    const shared = [...doc.querySelectorAll('mark')].find((m) => m.getAttribute('data-ids')?.split(' ').length === 2)!;
    expect(shared.textContent).toBe('Merkel');
    expect(shared.style.paddingBottom).toBe('4px');
  });

  it('undoes and redoes span edits with Ctrl+Z / Ctrl+Shift+Z', () => {
    const doc = mount();
    act(() => doc.focus());
    key(doc, 'ArrowRight', { shiftKey: true });
    key(doc, '1');
    expect(spans()).toHaveLength(1);
    act(() => useEditor.getState().select(spans()[0]!.id));
    key(doc, '2');
    expect(spans()[0]!.label).toBe('org');
    key(doc, 'z', { ctrlKey: true });
    expect(spans()[0]!.label).toBe('per');
    expect(screen.getByRole('status')).toHaveTextContent('Undone.');
    key(doc, 'z', { ctrlKey: true });
    expect(spans()).toHaveLength(0);
    expect(doc.querySelector('mark')).toBeNull();
    key(doc, 'z', { ctrlKey: true, shiftKey: true });
    expect(spans()).toHaveLength(1);
  });

  it('selects and deletes from the spans panel; hovering a row highlights the span', () => {
    const doc = mount();
    const u = TEXT.indexOf('Tuesday');
    dragSelect(doc, u, u + 7);
    act(() => useEditor.getState().select(null));
    const panel = screen.getByRole('region', { name: /Spans/ });
    const row = within(panel).getByRole('button', { name: /^Person: Tuesday/ });
    fireEvent.click(row);
    expect(useEditor.getState().selectedId).toBe(spans()[0]!.id);
    fireEvent.mouseEnter(row.closest('li')!);
    expect(doc.querySelector('mark.hov')?.textContent).toBe('Tuesday');
    fireEvent.click(within(panel).getByRole('button', { name: 'Delete Person: Tuesday' }));
    expect(spans()).toHaveLength(0);
  });

  it('lists every key in the ? dialog and toggles the document class by hotkey', () => {
    const doc = mount();
    key(doc, '?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByText(/Move the selected span’s start/)).toBeInTheDocument();
    expect(within(dialog).getByText('Document class: Politics')).toBeInTheDocument();
    key(dialog, 'Escape');
    expect(screen.queryByRole('dialog')).toBeNull();
    key(doc, '5');
    expect(useEditor.getState().payload.classes).toEqual(['politics']);
  });
});
