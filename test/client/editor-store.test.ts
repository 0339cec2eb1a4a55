import { beforeEach, describe, expect, it } from 'vitest';
import { useEditor } from '../../src/client/editor/store.ts';
import type { Shape } from '../../src/domain/api/index.ts';

const s = (id: string, x = 0): Shape => ({ id, kind: 'box', label: 'cup', x, y: 0, w: 5, h: 5, attributes: {} });
const ids = () => useEditor.getState().payload.shapes.map((x) => x.id);

describe('editor store: op-based history', () => {
  beforeEach(() => useEditor.getState().load('item', { shapes: [s('a')], spans: [], classes: [] }));

  it('every apply is one undo step; undo and redo walk it exactly', () => {
    const ed = useEditor.getState;
    ed().apply([{ type: 'add', coll: 'shapes', item: s('b'), index: 1 }]);
    ed().apply([{ type: 'update', coll: 'shapes', before: s('a'), after: s('a', 7) }]);
    ed().apply([{ type: 'remove', coll: 'shapes', item: s('b'), index: 1 }]);
    expect(ids()).toEqual(['a']);
    ed().undo();
    expect(ids()).toEqual(['a', 'b']);
    ed().undo();
    expect(ed().payload.shapes[0]).toMatchObject({ x: 0 });
    ed().redo();
    expect(ed().payload.shapes[0]).toMatchObject({ x: 7 });
    ed().apply([{ type: 'add', coll: 'shapes', item: s('c'), index: 2 }]);
    expect(ed().future).toEqual([]);
  });

  it('loading a draft or a new item never enters the history', () => {
    useEditor.getState().apply([{ type: 'add', coll: 'shapes', item: s('b'), index: 1 }]);
    useEditor.getState().load('other', { shapes: [s('z')], spans: [], classes: [] });
    useEditor.getState().undo();
    expect(ids()).toEqual(['z']);
    expect(useEditor.getState().past).toEqual([]);
  });

  it('edit() (the text tagger’s way) is diffed into ops: spans and classes undo too', () => {
    const ed = useEditor.getState;
    ed().edit((p) => ({ ...p, spans: [{ id: 't1', label: 'per', start: 0, end: 4 }], classes: ['sports'] }));
    expect(
      ed()
        .past.at(-1)!
        .map((o) => o.type),
    ).toEqual(['add', 'setClasses']);
    ed().edit((p) => ({ ...p, spans: p.spans.map((x) => ({ ...x, end: 6 })) }));
    ed().undo();
    expect(ed().payload.spans[0]!.end).toBe(4);
    ed().undo();
    expect(ed().payload).toEqual({ shapes: [s('a')], spans: [], classes: [] });
    const before = ed().past.length;
    ed().edit((p) => p);
    expect(ed().past.length).toBe(before);
  });

  it('undoing the creation of the selected shape clears the selection; hide and lock are view state, not history', () => {
    const ed = useEditor.getState;
    ed().apply([{ type: 'add', coll: 'shapes', item: s('b'), index: 1 }]);
    ed().select('b');
    ed().toggleHidden('a');
    ed().toggleLocked('a');
    expect(ed().hidden.has('a') && ed().locked.has('a')).toBe(true);
    ed().undo();
    expect(ed().selectedId).toBeNull();
    expect(ed().hidden.has('a')).toBe(true);
  });
});
