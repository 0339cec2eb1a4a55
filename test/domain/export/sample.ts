// The small image and text projects the export writer tests share.
import type { LabelSchema } from '../../../src/domain/api/index.ts';
import type { ExportItem, ExportRecord, ExportRevision } from '../../../src/domain/export/types.ts';

export const imageSchema: LabelSchema = {
  labels: [
    { id: 'car', name: 'Car', color: '#ff0000', tools: ['box', 'polygon'], attributes: [{ type: 'boolean', name: 'occluded', default: false }] },
    { id: 'person', name: 'Person', color: '#00ff00', tools: ['box'], attributes: [] },
  ],
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: false,
};

export const textSchema: LabelSchema = {
  labels: [
    { id: 'per', name: 'Person', color: '#ff0000', tools: ['span'], attributes: [] },
    { id: 'loc', name: 'Location', color: '#00ff00', tools: ['span'], attributes: [] },
    { id: 'news', name: 'News', color: '#0000ff', tools: ['class'], attributes: [] },
  ],
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: false,
};

export const revision = (payload: Partial<ExportRevision['payload']>, over: Partial<ExportRevision> = {}): ExportRevision => ({
  annotationId: 'ann-1',
  annotator: { id: 'user-1', email: 'ann@example.test', name: 'Ann' },
  revision: 1,
  guidelineVersion: { id: 'gv-1', label: 'v1.0' },
  startedAt: '2026-01-02T03:04:00.000Z',
  submittedAt: '2026-01-02T03:04:05.000Z',
  durationMs: 5000,
  payload: { shapes: [], spans: [], classes: [], ...payload },
  review: null,
  escalation: null,
  ...over,
});

export const imageItem: ExportItem = { id: 'item-a', seq: 7, fileName: 'a.jpg', width: 200, height: 100, text: null, meta: { fileName: 'a.jpg' } };
export const textItem: ExportItem = {
  id: 'item-t',
  seq: 9,
  fileName: 'item-t.txt',
  width: null,
  height: null,
  text: 'Ada Lovelace met Babbage in London.\nÉlodie stayed.',
  meta: {},
};

export const imageRecord: ExportRecord = {
  item: imageItem,
  revisions: [
    revision({
      shapes: [
        { id: 'b1', kind: 'box', label: 'car', x: 10, y: 20, w: 50, h: 30, attributes: { occluded: true } },
        {
          id: 'p1',
          kind: 'polygon',
          label: 'car',
          points: [
            [100, 10],
            [150, 10],
            [125, 60],
          ],
          attributes: {},
        },
        { id: 'b2', kind: 'box', label: 'person', x: 0, y: 0, w: 200, h: 100, attributes: {} },
      ],
    }),
  ],
};

export const textRecord: ExportRecord = {
  item: textItem,
  revisions: [
    revision({
      spans: [
        { id: 's1', label: 'per', start: 0, end: 12 },
        { id: 's2', label: 'per', start: 17, end: 24 },
        { id: 's3', label: 'loc', start: 28, end: 34 },
        { id: 's4', label: 'per', start: 36, end: 42 },
      ],
      classes: ['news'],
    }),
  ],
};
