// The demo's content: real photographs (scikit-image's sample data, see assets/SOURCES.md) and
// real-looking news sentences in several scripts, with a few hidden gold answers.
import type { AnnotationPayload, GuidelineSection, LabelSchema } from '../../domain/api/index.ts';

export const DEMO_PASSWORD = 'touchstone-demo';
export const DEMO_USERS = [
  { email: 'annotator@touchstone.test', displayName: 'Ada Annotator', roles: ['annotator'] },
  { email: 'annotator2@touchstone.test', displayName: 'Ben Annotator', roles: ['annotator'] },
  { email: 'lead@touchstone.test', displayName: 'Lea Lead', roles: ['lead'] },
  { email: 'author@touchstone.test', displayName: 'Otto Author', roles: ['author'] },
  // The instance administrator: accounts, invitations, new projects; no role in the demo projects.
  { email: 'admin@touchstone.test', displayName: 'Ari Admin', roles: [], isAdmin: true },
] as const;

const occluded = { type: 'boolean', name: 'occluded', title: 'Occluded', default: false } as const;
const truncated = { type: 'boolean', name: 'truncated', title: 'Truncated', default: false } as const;

export const imageSchema: LabelSchema = {
  labels: [
    { id: 'person', name: 'Person', color: '#e6194b', hotkey: '1', tools: ['box', 'polygon'], attributes: [occluded, truncated] },
    { id: 'animal', name: 'Animal', color: '#f58231', hotkey: '2', tools: ['box', 'polygon'], attributes: [occluded, truncated] },
    {
      id: 'vehicle',
      name: 'Vehicle',
      color: '#4363d8',
      hotkey: '3',
      tools: ['box', 'polygon'],
      attributes: [
        occluded,
        truncated,
        { type: 'select', name: 'type', title: 'Type', options: ['car', 'motorcycle', 'bicycle', 'rocket', 'other'], default: 'other' },
      ],
    },
    { id: 'cup', name: 'Cup', color: '#9a6324', hotkey: '4', tools: ['box', 'polygon'], attributes: [occluded] },
    { id: 'utensil', name: 'Utensil', color: '#a9a9a9', hotkey: '5', tools: ['box', 'polygon'], attributes: [occluded] },
    { id: 'coin', name: 'Coin', color: '#ffe119', hotkey: '6', tools: ['box', 'polygon'], attributes: [] },
  ],
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: false,
};

export const imageGuideline: GuidelineSection[] = [
  {
    id: 'scope',
    kind: 'definition',
    title: 'What to label',
    body: 'Draw a **tight box** (or a polygon for irregular outlines) around every visible object of a listed class. Boxes touch the outermost visible pixels.',
    labels: [],
  },
  {
    id: 'person',
    kind: 'definition',
    title: 'Person',
    body: 'Any human, including people in suits or helmets. Label reflections only if the person is not otherwise visible.',
    labels: ['person'],
  },
  {
    id: 'animal',
    kind: 'definition',
    title: 'Animal',
    body: 'Any animal. Label the whole visible body; if only a face is visible, box the face and mark **truncated**.',
    labels: ['animal'],
  },
  {
    id: 'vehicle',
    kind: 'definition',
    title: 'Vehicle',
    body: 'Cars, motorcycles, bicycles, rockets and other means of transport. Set the *type* attribute.',
    labels: ['vehicle'],
  },
  {
    id: 'cup-vs-utensil',
    kind: 'rule',
    title: 'Cups and what is in them',
    body: 'If a spoon rests in or on a cup, label the spoon as **Utensil** separately; the cup box includes the handle but not the saucer.',
    labels: ['cup', 'utensil'],
  },
  {
    id: 'occlusion',
    kind: 'edge_case',
    title: 'When unsure whether an object is occluded',
    body: 'When unsure between occluded and not occluded, choose **occluded** if more than a quarter of the object is hidden.',
    labels: [],
  },
  {
    id: 'escalate',
    kind: 'escalation',
    title: 'When to escalate',
    body: 'Escalate when an object fits no class, or the image is unreadable. Do not guess.',
    labels: [],
  },
];

export const textSchema: LabelSchema = {
  labels: [
    { id: 'per', name: 'Person', color: '#e6194b', hotkey: '1', tools: ['span'], attributes: [] },
    { id: 'org', name: 'Organisation', color: '#4363d8', hotkey: '2', tools: ['span'], attributes: [] },
    { id: 'loc', name: 'Location', color: '#3cb44b', hotkey: '3', tools: ['span'], attributes: [] },
    { id: 'misc', name: 'Miscellaneous', color: '#911eb4', hotkey: '4', tools: ['span'], attributes: [] },
    { id: 'politics', name: 'Politics', color: '#808000', hotkey: '5', tools: ['class'], attributes: [] },
    { id: 'business', name: 'Business', color: '#469990', hotkey: '6', tools: ['class'], attributes: [] },
    { id: 'sports', name: 'Sports', color: '#f032e6', hotkey: '7', tools: ['class'], attributes: [] },
    { id: 'science', name: 'Science', color: '#000075', hotkey: '8', tools: ['class'], attributes: [] },
    { id: 'culture', name: 'Culture', color: '#aa6e28', hotkey: '9', tools: ['class'], attributes: [] },
  ],
  classMode: 'single',
  allowOverlappingSpans: false,
  snapSpansToTokens: true,
};

export const textGuideline: GuidelineSection[] = [
  {
    id: 'scope',
    kind: 'definition',
    title: 'Entities and topic',
    body: 'Tag every named entity as a span, then pick the **one** topic that best fits the whole sentence.',
    labels: [],
  },
  {
    id: 'per',
    kind: 'definition',
    title: 'Person',
    body: 'Names of people, with first and last name in one span. Titles ("President") stay outside the span.',
    labels: ['per'],
  },
  {
    id: 'org',
    kind: 'definition',
    title: 'Organisation',
    body: 'Companies, institutions, teams, parliaments. Include legal suffixes such as *Corp.*',
    labels: ['org'],
  },
  { id: 'loc', kind: 'definition', title: 'Location', body: 'Cities, countries, regions, venues.', labels: ['loc'] },
  { id: 'misc', kind: 'definition', title: 'Miscellaneous', body: 'Named events, works, products and nationalities.', labels: ['misc'] },
  {
    id: 'org-vs-loc',
    kind: 'rule',
    title: 'A venue named after a company',
    body: 'If a venue carries a company name (*Red Bull Arena*), tag it as **Location**.',
    labels: ['org', 'loc'],
  },
  {
    id: 'topic-default',
    kind: 'edge_case',
    title: 'Business or politics?',
    body: 'When unsure between Business and Politics, choose **Politics** if a government acts.',
    labels: ['politics', 'business'],
  },
  { id: 'escalate', kind: 'escalation', title: 'When to escalate', body: 'Escalate sentences in a language you cannot read.', labels: [] },
];

export interface DemoImage {
  file: string;
  caption: string;
  gold?: AnnotationPayload;
}
const box = (id: string, label: string, x: number, y: number, w: number, h: number) => ({ id, kind: 'box' as const, label, x, y, w, h, attributes: {} });

export const demoImages: DemoImage[] = [
  { file: 'astronaut.jpg', caption: 'Astronaut portrait' },
  {
    file: 'coffee-cup.jpg',
    caption: 'Espresso on a saucer',
    gold: { shapes: [box('g1', 'cup', 172, 18, 238, 288), box('g2', 'utensil', 326, 66, 98, 260)], spans: [], classes: [] },
  },
  { file: 'rocket-launch.jpg', caption: 'Rocket on the launch pad' },
  { file: 'motorcycle.jpg', caption: 'Motorcycle in a garage', gold: { shapes: [box('g1', 'vehicle', 95, 85, 590, 350)], spans: [], classes: [] } },
  { file: 'coins.jpg', caption: 'Old coins' },
  { file: 'cat-chelsea.jpg', caption: 'Tabby cat', gold: { shapes: [box('g1', 'animal', 0, 0, 420, 300)], spans: [], classes: [] } },
];

export interface DemoText {
  text: string;
  gold?: { spans: Array<[surface: string, label: string]>; topic: string };
}

export const demoTexts: DemoText[] = [
  {
    text: 'Angela Merkel met Emmanuel Macron in Aachen on Tuesday to sign a renewed Franco-German friendship treaty.',
    gold: {
      spans: [
        ['Angela Merkel', 'per'],
        ['Emmanuel Macron', 'per'],
        ['Aachen', 'loc'],
        ['Franco-German', 'misc'],
      ],
      topic: 'politics',
    },
  },
  { text: 'Shares of Toyota Motor Corp. rose 4% in Tokyo after the carmaker raised its full-year profit forecast.' },
  { text: 'Lionel Messi scored twice as Inter Miami beat the New York Red Bulls 4–1 at Red Bull Arena.' },
  {
    text: "NASA's James Webb Space Telescope has detected carbon dioxide in the atmosphere of WASP-39b, a gas giant 700 light-years away.",
    gold: {
      spans: [
        ['NASA', 'org'],
        ['James Webb Space Telescope', 'misc'],
        ['WASP-39b', 'loc'],
      ],
      topic: 'science',
    },
  },
  { text: 'The Louvre in Paris drew 8.7 million visitors last year 🖼️, most of them to see the Mona Lisa.' },
  { text: 'افتتح رئيس الوزراء الأردني مستشفى الجامعة الجديد في عمّان يوم الأحد بكلفة 40 مليون دينار.' },
  { text: "Le Parlement européen a adopté mardi à Strasbourg une loi encadrant l'intelligence artificielle." },
  { text: '東京証券取引所で日経平均株価が3万円台を回復し、トヨタ自動車の株価も上昇した。' },
  { text: 'Café owner Zoë Núñez opened her second shop in São Paulo 🎉 after a campaign on Kickstarter.' },
  { text: 'The World Health Organization declared the end of the mpox emergency in Geneva on Friday.' },
  { text: 'Novak Djokovic won his tenth Australian Open title in Melbourne, beating Stefanos Tsitsipas in straight sets.' },
  { text: 'Researchers at the University of Cambridge reported in Nature that bumblebees 🐝 can learn to roll tiny balls.' },
];
