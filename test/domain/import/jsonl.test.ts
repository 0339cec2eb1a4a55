import { describe, expect, it } from 'vitest';
import type { LabelSchema } from '../../../src/domain/api/index.ts';
import { parseJsonlGold, type TextItemRef } from '../../../src/domain/import/jsonl.ts';

const schema: LabelSchema = {
  labels: [
    { id: 'per', name: 'Person', color: '#ff0000', tools: ['span'], attributes: [] },
    { id: 'loc', name: 'Location', color: '#00ff00', tools: ['span'], attributes: [] },
    { id: 'politics', name: 'Politics', color: '#0000ff', tools: ['class'], attributes: [] },
    { id: 'sports', name: 'Sports', color: '#00ffff', tools: ['class'], attributes: [] },
  ],
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: false,
};
// "🎉" is one code point and two UTF-16 units: offsets after it differ between the two counts.
const items: TextItemRef[] = [
  { itemId: '00000000-0000-4000-8000-000000000001', text: 'Zoë 🎉 met Ana in Oslo.' },
  { itemId: '00000000-0000-4000-8000-000000000002', text: 'Same text' },
  { itemId: '00000000-0000-4000-8000-000000000003', text: 'Same text' },
];
const line = (o: unknown) => JSON.stringify(o);

describe('JSONL gold import (pure)', () => {
  it('reads spans in code points, classes by id or name, items by text or id', () => {
    const input = [
      line({
        text: 'Zoë 🎉 met Ana in Oslo.',
        spans: [
          [0, 3, 'per'],
          [10, 13, 'Person'],
          [17, 21, 'LOC'],
        ],
        class: 'Politics',
      }),
      '',
      line({ itemId: items[1]?.itemId, spans: [], class: ['sports'] }),
    ].join('\n');
    const r = parseJsonlGold(input, schema, items);
    expect(r.entries.map((e) => [e.entry, e.itemId, e.problems])).toEqual([
      [1, items[0]?.itemId, []],
      [3, items[1]?.itemId, []],
    ]);
    expect(r.entries[0]?.answer).toEqual({
      shapes: [],
      spans: [
        { id: 's1', label: 'per', start: 0, end: 3 },
        { id: 's2', label: 'per', start: 10, end: 13 },
        { id: 's3', label: 'loc', start: 17, end: 21 },
      ],
      classes: ['politics'],
    });
    expect(r.unmapped).toEqual([]);
  });

  it('reports bad lines by number: not JSON, no item, unknown labels, offsets past the end, overlaps, two classes', () => {
    const input = [
      '{not json',
      line({ spans: [] }),
      line({ text: 'nowhere', spans: [] }),
      line({ text: 'Same text' }),
      line({
        text: 'Zoë 🎉 met Ana in Oslo.',
        spans: [
          [0, 3, 'org'],
          [5, 99, 'per'],
        ],
      }),
      line({
        itemId: items[0]?.itemId,
        spans: [
          [0, 3, 'per'],
          [1, 4, 'loc'],
        ],
        class: ['politics', 'sports'],
      }),
      line({ itemId: items[0]?.itemId, spans: [[0, 1.5, 'per']] }),
      line({ itemId: items[1]?.itemId, spans: [[0, 4, 'per']] }),
      line({ itemId: items[1]?.itemId, spans: [[0, 4, 'org']] }),
    ].join('\n');
    const r = parseJsonlGold(input, schema, items);
    const byLine = new Map(r.entries.map((e) => [e.entry, e.problems.map((p) => `${p.path}: ${p.message}`).join(' | ')]));
    expect(byLine.get(1)).toMatch(/^: not valid JSON/);
    expect(byLine.get(2)).toMatch(/name the item with "itemId" or "text"/);
    expect(byLine.get(3)).toBe('text: no item of this project has exactly this text');
    expect(byLine.get(4)).toMatch(/2 items have exactly this text/);
    expect(byLine.get(5)).toMatch(/spans\[0\]: "org" matches no label/);
    expect(byLine.get(5)).toMatch(/spans\[1\]: .*(end|past|beyond|outside)/i);
    expect(byLine.get(6)).toMatch(/spans\[\d\]: .*overlap/i);
    expect(byLine.get(6)).toMatch(/one document class/);
    expect(byLine.get(7)).toMatch(/whole numbers/);
    expect(byLine.get(8)).toBe('');
    expect(byLine.get(9)).toMatch(/line 8 already gives the gold answer/);
    expect(r.unmapped).toEqual([{ source: 'org', uses: 2 }]);
  });

  it('an explicit label map wins over names', () => {
    const r = parseJsonlGold(line({ itemId: items[1]?.itemId, spans: [[0, 4, 'PER']], class: 'SPORT' }), schema, items, {
      labelMap: { PER: 'loc', SPORT: 'sports' },
    });
    expect(r.entries[0]?.answer).toMatchObject({ spans: [{ label: 'loc' }], classes: ['sports'] });
    expect(r.entries[0]?.problems).toEqual([]);
  });
});
