import { describe, expect, it } from 'vitest';
import { payloadSummary, type LabelSchema } from '../../src/domain/api/index.ts';

const schema: LabelSchema = {
  labels: [
    { id: 'cup', name: 'Cup', color: '#000', hotkey: '1', tools: ['box'], attributes: [] },
    { id: 'person', name: 'Person', color: '#000', hotkey: '2', tools: ['box'], attributes: [] },
    { id: 'sports', name: 'Sports', color: '#000', hotkey: '3', tools: ['class'], attributes: [] },
  ],
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: false,
};
const box = (label: string) => ({ id: label + Math.random(), kind: 'box' as const, label, x: 0, y: 0, w: 5, h: 5, attributes: {} });

describe('payloadSummary', () => {
  it('counts labels by display name in schema order, then the classes', () => {
    expect(payloadSummary({ shapes: [box('person'), box('cup'), box('cup')], spans: [], classes: ['sports'] }, schema)).toBe(
      '2 × Cup, 1 × Person · class: Sports',
    );
  });
  it('says when there is nothing, and keeps unknown ids as they are', () => {
    expect(payloadSummary({ shapes: [], spans: [], classes: [] }, schema)).toBe('no labels');
    expect(payloadSummary({ shapes: [box('dog')], spans: [], classes: [] }, schema)).toBe('1 × dog');
  });
});
