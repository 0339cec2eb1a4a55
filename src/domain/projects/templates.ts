// Starting points for a new project: a label schema and the first guideline sections, which the
// creator edits before saving. Data only; GET /api/project-templates serves them.
import type { ProjectTemplate } from '../api/admin.ts';
import type { GuidelineSection } from '../api/guidelines.ts';

const section = (id: string, kind: GuidelineSection['kind'], title: string, body: string, labels: string[] = []): GuidelineSection => ({
  id,
  kind,
  title,
  body,
  labels,
});

const occluded = { type: 'boolean', name: 'occluded', title: 'Occluded', default: false } as const;
const truncated = { type: 'boolean', name: 'truncated', title: 'Truncated by the image edge', default: false } as const;

export const PROJECT_TEMPLATES: readonly ProjectTemplate[] = [
  {
    id: 'object-detection',
    name: 'Object detection',
    description: 'Boxes around every object of a few classes, with occlusion and truncation flags.',
    kind: 'image',
    labelSchema: {
      labels: [
        { id: 'person', name: 'Person', color: '#e6194b', hotkey: '1', tools: ['box'], attributes: [occluded, truncated] },
        {
          id: 'vehicle',
          name: 'Vehicle',
          color: '#4363d8',
          hotkey: '2',
          tools: ['box'],
          attributes: [
            occluded,
            truncated,
            { type: 'select', name: 'type', title: 'Type', options: ['car', 'truck', 'bus', 'motorcycle', 'bicycle', 'other'], default: 'car' },
          ],
        },
        { id: 'animal', name: 'Animal', color: '#3cb44b', hotkey: '3', tools: ['box'], attributes: [occluded, truncated] },
      ],
      classMode: 'single',
      allowOverlappingSpans: false,
      snapSpansToTokens: false,
    },
    sections: [
      section('scope', 'definition', 'What to box', 'Draw one box around **every** visible instance of each class, however small.'),
      section('tight', 'rule', 'Tight boxes', 'The box touches the outermost visible pixels of the object; do not include its shadow.'),
      section('occluded', 'rule', 'Hidden parts', 'Box only the visible part and tick **Occluded** when something covers part of the object.'),
      section('unsure', 'escalation', 'When unsure', 'Escalate rather than guess, and say what the guideline does not settle.'),
    ],
  },
  {
    id: 'instance-segmentation',
    name: 'Instance segmentation',
    description: 'A polygon along the outline of each object instance.',
    kind: 'image',
    labelSchema: {
      labels: [
        { id: 'person', name: 'Person', color: '#e6194b', hotkey: '1', tools: ['polygon'], attributes: [occluded] },
        { id: 'car', name: 'Car', color: '#4363d8', hotkey: '2', tools: ['polygon'], attributes: [occluded] },
        { id: 'road', name: 'Road', color: '#808000', hotkey: '3', tools: ['polygon'], attributes: [] },
      ],
      classMode: 'single',
      allowOverlappingSpans: false,
      snapSpansToTokens: false,
    },
    sections: [
      section('outline', 'definition', 'One polygon per instance', 'Trace the outline of each instance; two touching people are two polygons.'),
      section('detail', 'rule', 'How close', 'Place a vertex wherever the outline turns by more than a few pixels; zoom in on small objects.'),
      section('unsure', 'escalation', 'When unsure', 'Escalate rather than guess, and say what the guideline does not settle.'),
    ],
  },
  {
    id: 'named-entities',
    name: 'Named entities',
    description: 'Spans of people, organisations, places and other names in text.',
    kind: 'text',
    labelSchema: {
      labels: [
        { id: 'per', name: 'Person', color: '#e6194b', hotkey: '1', tools: ['span'], attributes: [] },
        { id: 'org', name: 'Organisation', color: '#4363d8', hotkey: '2', tools: ['span'], attributes: [] },
        { id: 'loc', name: 'Location', color: '#3cb44b', hotkey: '3', tools: ['span'], attributes: [] },
        { id: 'misc', name: 'Miscellaneous', color: '#911eb4', hotkey: '4', tools: ['span'], attributes: [] },
      ],
      classMode: 'single',
      allowOverlappingSpans: false,
      snapSpansToTokens: true,
    },
    sections: [
      section('names', 'definition', 'What a name is', 'Tag proper names only: "Paris" is a Location, "the city" is not tagged.', ['loc']),
      section('extent', 'rule', 'Span edges', 'Include titles that are part of the name ("Dr. Ada Lovelace") but not trailing punctuation.', ['per']),
      section('unsure', 'escalation', 'When unsure', 'Escalate rather than guess, and say what the guideline does not settle.'),
    ],
  },
  {
    id: 'document-classification',
    name: 'Document classification',
    description: 'One topic per document.',
    kind: 'text',
    labelSchema: {
      labels: [
        { id: 'positive', name: 'Positive', color: '#3cb44b', hotkey: '1', tools: ['class'], attributes: [] },
        { id: 'neutral', name: 'Neutral', color: '#a9a9a9', hotkey: '2', tools: ['class'], attributes: [] },
        { id: 'negative', name: 'Negative', color: '#e6194b', hotkey: '3', tools: ['class'], attributes: [] },
      ],
      classMode: 'single',
      allowOverlappingSpans: false,
      snapSpansToTokens: false,
    },
    sections: [
      section('whole', 'definition', 'The whole document', 'Choose the class that fits the document as a whole, not one sentence of it.'),
      section('mixed', 'edge_case', 'Mixed documents', 'When praise and complaint balance out, choose Neutral.', ['neutral']),
      section('unsure', 'escalation', 'When unsure', 'Escalate rather than guess, and say what the guideline does not settle.'),
    ],
  },
];
