import { describe, expect, it } from 'vitest';
import { ageText, lookAlikeKey, lookAlikes, mentionedLabels, type LookAlikeFields } from '../../../src/domain/escalations/queue.ts';

const e = (id: string, over: Partial<LookAlikeFields> = {}): LookAlikeFields & { id: string } => ({
  id,
  reason: 'ambiguous_labels',
  guidelineRef: 'topic-default',
  labels: ['politics', 'business'],
  tentative: null,
  ...over,
});

describe('look-alike escalations', () => {
  it('collects the labels named in doubt and used in the tentative classes, shapes and spans, once each', () => {
    const t = {
      classes: ['sports'],
      spans: [{ id: 's', label: 'org', start: 0, end: 3 }],
      shapes: [{ id: 'b', kind: 'box' as const, label: 'cup', x: 0, y: 0, w: 1, h: 1, attributes: {} }],
    };
    expect(mentionedLabels({ labels: ['org', 'business'], tentative: t })).toEqual(['business', 'cup', 'org', 'sports']);
  });

  it('same reason, section and labels look alike whatever the order the labels were named in; any difference does not', () => {
    expect(lookAlikeKey(e('a'))).toBe(lookAlikeKey(e('b', { labels: ['business', 'politics'] })));
    expect(lookAlikeKey(e('a'))).not.toBe(lookAlikeKey(e('b', { reason: 'not_covered' })));
    expect(lookAlikeKey(e('a'))).not.toBe(lookAlikeKey(e('b', { guidelineRef: '' })));
    expect(lookAlikeKey(e('a'))).not.toBe(lookAlikeKey(e('b', { labels: ['politics'] })));
    expect(lookAlikeKey(e('a'))).not.toBe(lookAlikeKey(e('b', { tentative: { shapes: [], spans: [], classes: ['culture'] } })));
  });

  it('lists the look-alikes of a target in list order, the target included', () => {
    const list = [e('1'), e('2', { reason: 'other' }), e('3', { labels: ['business', 'politics'] }), e('4', { guidelineRef: 'x' })];
    expect(lookAlikes(list, list[2]!)).toEqual(['1', '3']);
    expect(lookAlikes(list, list[1]!)).toEqual(['2']);
  });
});

describe('ageText', () => {
  it('reads hours under two days and days after', () => {
    expect([0, 1, 5, 47, 48, 49, 170].map(ageText)).toEqual(['under 1 hour', '1 hour', '5 hours', '47 hours', '2 days', '2 days', '7 days']);
  });
});
