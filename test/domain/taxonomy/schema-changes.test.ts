import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnnotationPayload, LabelSchema, SchemaChange } from '../../../src/domain/api/index.ts';
import { LabelSchema as LabelSchemaZ } from '../../../src/domain/api/index.ts';
import { applySchemaChanges, describeChange, sentBackClasses } from '../../../src/domain/taxonomy/apply.ts';
import { currentLabel, formerIds, labelsToRedo, mapForward, splitPrompt } from '../../../src/domain/taxonomy/mapping.ts';

const cls = (id: string, hotkey: string, tools: Array<'box' | 'polygon' | 'span' | 'class'> = ['box', 'polygon']) => ({
  id,
  name: id[0]!.toUpperCase() + id.slice(1),
  color: '#112233',
  hotkey,
  tools,
  attributes: [],
});
const schema: LabelSchema = {
  labels: [
    cls('defect', '1'),
    cls('scratch', '2'),
    { ...cls('dent', '3'), attributes: [{ type: 'select', name: 'depth', options: ['shallow', 'deep'] }] },
    cls('note', '4', ['span']),
  ],
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: false,
};
const box = (id: string, label: string) => ({ id, kind: 'box' as const, label, x: 1, y: 2, w: 3, h: 4, attributes: {} });
const apply = (...changes: SchemaChange[]) => applySchemaChanges(schema, changes, '2.0');
const refused = (...changes: SchemaChange[]) => apply(...changes).problems.map((p) => p.message);

describe('schema changes: applying', () => {
  it('splits defect into cosmetic and functional and merges scratch into cosmetic, in order', () => {
    const { schema: next, problems } = apply(
      {
        op: 'split_class',
        id: 'defect',
        into: [
          { id: 'cosmetic', name: 'Cosmetic', color: '#00aa00', hotkey: '5' },
          { id: 'functional', name: 'Functional', color: '#aa0000' },
        ],
      },
      { op: 'merge_classes', from: ['scratch'], into: { id: 'cosmetic' } },
    );
    expect(problems).toEqual([]);
    expect(LabelSchemaZ.safeParse(next).success).toBe(true);
    const by = (id: string) => next.labels.find((l) => l.id === id)!;
    expect(by('defect').retired).toEqual({ version: '2.0', labels: 'send_back', splitInto: ['cosmetic', 'functional'] });
    expect(by('defect').hotkey).toBeUndefined();
    expect(by('scratch').retired).toEqual({ version: '2.0', labels: 'keep', mergedInto: 'cosmetic' });
    expect(by('cosmetic')).toMatchObject({ name: 'Cosmetic', tools: ['box', 'polygon'], hotkey: '5' });
    expect(splitPrompt(next, 'defect')).toBe('choose Cosmetic or Functional');
    expect(
      sentBackClasses([
        { op: 'split_class', id: 'defect', into: [] },
        { op: 'merge_classes', from: ['scratch'], into: { id: 'cosmetic' } },
      ]),
    ).toEqual(['defect']);
  });

  it('renames, recolours and rehotkeys a class keeping its id; adds classes and attributes; retires with either choice', () => {
    const { schema: next, problems } = apply(
      { op: 'rename_class', id: 'dent', name: 'Bump' },
      { op: 'recolour_class', id: 'dent', color: '#abcdef' },
      { op: 'rehotkey_class', id: 'dent', hotkey: '9' },
      { op: 'add_class', id: 'crack', name: 'Crack', color: '#000000', tools: ['box'] },
      { op: 'add_attribute', id: 'crack', attribute: { type: 'boolean', name: 'through', default: false }, labels: 'keep' },
      { op: 'change_options', id: 'dent', name: 'depth', options: ['shallow', 'medium'], labels: 'send_back' },
      { op: 'retire_class', id: 'scratch', labels: 'keep' },
    );
    expect(problems).toEqual([]);
    const dent = next.labels.find((l) => l.id === 'dent')!;
    expect(dent).toMatchObject({ name: 'Bump', color: '#abcdef', hotkey: '9', attributes: [{ options: ['shallow', 'medium'], formerOptions: ['deep'] }] });
    expect(next.labels.find((l) => l.id === 'scratch')!.retired).toEqual({ version: '2.0', labels: 'keep' });
    expect(next.labels.find((l) => l.id === 'crack')!.attributes).toHaveLength(1);
  });

  it('refuses what makes no sense, each with a plain message', () => {
    expect(refused({ op: 'split_class', id: 'defect', into: [{ id: 'a', name: 'A', color: '#000000' }] })).toEqual([
      'Change 1: split "Defect" into at least two classes (it names 1).',
    ]);
    expect(refused({ op: 'split_class', id: 'defect', into: [] })).toEqual(['Change 1: split "Defect" into at least two classes (it names 0).']);
    expect(refused({ op: 'merge_classes', from: ['scratch'], into: { id: 'scratch' } })).toEqual([
      'Change 1: a class cannot be merged into itself ("Scratch").',
    ]);
    expect(refused({ op: 'merge_classes', from: ['scratch'], into: { id: 'note' } })).toEqual([
      'Change 1: "Scratch" (box, polygon) cannot go into "Note" (span): the classes must use the same tools.',
    ]);
    expect(refused({ op: 'rename_class', id: 'scratch', name: 'defect' })).toEqual(['Change 1: there is already a class named "Defect".']);
    expect(refused({ op: 'rehotkey_class', id: 'scratch', hotkey: '1' })).toEqual(['Change 1: hotkey "1" is already used by "Defect".']);
    // A retired class keeps its name (old files and exports still say it), so no other class may take it.
    expect(
      refused(
        { op: 'merge_classes', from: ['defect'], into: { id: 'flaw', name: 'Flaw', color: '#123456' } },
        { op: 'rename_class', id: 'dent', name: 'defect' },
      ),
    ).toEqual(['Change 2: the retired class "Defect" keeps its name; choose another.']);
    expect(refused({ op: 'add_class', id: 'x', name: 'X', color: '#000000', hotkey: '3', tools: ['box'] })).toEqual([
      'Change 1: hotkey "3" is already used by "Dent".',
    ]);
    expect(refused({ op: 'retire_class', id: 'bogus', labels: 'keep' })).toEqual(['Change 1: there is no class "bogus".']);
    expect(
      refused(
        { op: 'retire_class', id: 'defect', labels: 'keep' },
        { op: 'retire_class', id: 'scratch', labels: 'keep' },
        { op: 'retire_class', id: 'dent', labels: 'keep' },
        { op: 'retire_class', id: 'note', labels: 'send_back' },
      ),
    ).toEqual(['Change 4: "Note" is the last class offered; a project needs at least one.']);
    expect(refused({ op: 'retire_class', id: 'defect', labels: 'keep' }, { op: 'rename_class', id: 'defect', name: 'Fault' })).toEqual([
      'Change 2: "Defect" was retired in version 2.0; it can no longer change.',
    ]);
    expect(refused({ op: 'add_class', id: 'defect', name: 'Another', color: '#000000', tools: ['box'] })).toEqual([
      'Change 1: the id "defect" belongs to the class "Defect"; a new class needs a new id.',
    ]);
  });

  it('describes each change in plain words', () => {
    expect(
      describeChange(
        {
          op: 'split_class',
          id: 'defect',
          into: [
            { id: 'cosmetic', name: 'Cosmetic' },
            { id: 'functional', name: 'Functional' },
          ],
        },
        schema,
      ),
    ).toBe('"Defect" is split: choose "Cosmetic" or "Functional".');
    expect(describeChange({ op: 'merge_classes', from: ['scratch'], into: { id: 'cosmetic', name: 'Cosmetic' } }, schema)).toBe(
      '"Scratch" is merged into "Cosmetic".',
    );
  });
});

describe('schema changes: mapping a revision forward', () => {
  const { schema: next } = apply(
    {
      op: 'split_class',
      id: 'defect',
      into: [
        { id: 'cosmetic', name: 'Cosmetic', color: '#00aa00' },
        { id: 'functional', name: 'Functional', color: '#aa0000' },
      ],
    },
    { op: 'merge_classes', from: ['scratch'], into: { id: 'cosmetic' } },
  );
  it('maps merged labels, keeps split ones to redo, and drops nothing', () => {
    const before: AnnotationPayload = { shapes: [box('a', 'defect'), box('b', 'scratch'), box('c', 'dent')], spans: [], classes: [] };
    const after = mapForward(before, next);
    expect(after.shapes.map((s) => [s.id, s.label])).toEqual([
      ['a', 'defect'],
      ['b', 'cosmetic'],
      ['c', 'dent'],
    ]);
    expect(labelsToRedo(after, next)).toEqual(['defect']);
    expect(formerIds(next, ['cosmetic']).sort()).toEqual(['cosmetic', 'scratch']);
  });

  // The law: whatever sequence of changes is published, in however many versions, a revision made
  // under any of them and read in the last keeps every shape and span (same id, same geometry),
  // each label is its own or where its merges lead, and it can be traced back.
  it('loses no shape or span for any sequence of schema changes (property)', () => {
    const ids = ['defect', 'scratch', 'dent', 'note', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
    const id = fc.constantFrom(...ids);
    const target = fc.record({ id, name: fc.constantFrom('N1', 'N2', 'N3', 'N4', 'N5', 'N6'), color: fc.constant('#123456') });
    const change: fc.Arbitrary<SchemaChange> = fc.oneof(
      fc.record({
        op: fc.constant('add_class' as const),
        id,
        name: fc.constantFrom('A1', 'A2', 'A3'),
        color: fc.constant('#000000'),
        tools: fc.constant(['box', 'polygon'] as Array<'box' | 'polygon'>),
      }),
      fc.record({ op: fc.constant('rename_class' as const), id, name: fc.constantFrom('R1', 'R2', 'Defect') }),
      fc.record({
        op: fc.constant('merge_classes' as const),
        from: fc.uniqueArray(id, { minLength: 1, maxLength: 3 }),
        into: fc.oneof(target, fc.record({ id })),
      }),
      fc.record({
        op: fc.constant('split_class' as const),
        id,
        into: fc.uniqueArray(fc.oneof(target, fc.record({ id })), { maxLength: 3, selector: (t) => t.id }),
      }),
      fc.record({ op: fc.constant('retire_class' as const), id, labels: fc.constantFrom('send_back' as const, 'keep' as const) }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(change, { maxLength: 4 }), { maxLength: 5 }), fc.nat(), (versions, pick) => {
        // Publish version after version; keep only change lists the rules accept (the server refuses the rest).
        const schemas: LabelSchema[] = [schema];
        versions.forEach((changes, v) => {
          const r = applySchemaChanges(schemas[schemas.length - 1]!, changes, `${v + 2}.0`);
          if (r.problems.length === 0) schemas.push(r.schema);
        });
        const made = schemas[pick % schemas.length]!;
        const last = schemas[schemas.length - 1]!;
        const usable = made.labels.filter((l) => !l.retired);
        const boxes = usable.filter((l) => l.tools.includes('box')).map((l, k) => box(`s${k}`, l.id));
        const spans = usable.filter((l) => l.tools.includes('span')).map((l, k) => ({ id: `t${k}`, label: l.id, start: k, end: k + 1 }));
        const before: AnnotationPayload = { shapes: boxes, spans, classes: [] };
        const after = mapForward(before, last);
        expect(after.shapes).toHaveLength(before.shapes.length);
        expect(after.spans).toHaveLength(before.spans.length);
        after.shapes.forEach((s, k) => {
          const o = before.shapes[k]!;
          expect({ ...s, label: o.label }).toEqual(o);
          expect(s.label).toBe(currentLabel(last, o.label));
          expect(last.labels.some((l) => l.id === s.label)).toBe(true);
          expect(formerIds(last, [s.label])).toContain(o.label);
        });
        after.spans.forEach((s, k) => expect({ ...s, label: before.spans[k]!.label }).toEqual(before.spans[k]));
        // Every schema along the way stays a valid schema.
        for (const s of schemas) expect(LabelSchemaZ.safeParse(s).success).toBe(true);
      }),
      {
        numRuns: 300,
        // Once found: a merge retired "defect", then "dent" took the name "Defect" and the schema no longer parsed.
        examples: [
          [
            [
              [
                { op: 'merge_classes', from: ['defect'], into: { id: 'c3', name: 'N1', color: '#123456' } },
                { op: 'rename_class', id: 'dent', name: 'Defect' },
              ],
            ],
            0,
          ],
        ],
      },
    );
  });
});
