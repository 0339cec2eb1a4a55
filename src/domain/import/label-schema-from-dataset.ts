// A migrating team's category list, read from the files their current tool already has, turned
// into a Touchstone label schema they can then edit: COCO categories (and the attributes its
// annotations carry), YOLO class names (classes.txt, obj.names, data.yaml), a Pascal VOC labelmap.txt
// (or VOC annotation XML: the object names it uses), and a Label Studio labeling config XML.
// Pure: the text in, the schema and what was guessed or left out (warnings) back.
import type { DatasetSchemaFormat } from '../api/admin.ts';
import type { ProjectKind } from '../api/common.ts';
import type { AttributeDef, LabelClass, LabelSchema, Tool } from '../api/labels.ts';
import { LabelSchema as LabelSchemaZ } from '../api/labels.ts';
import { RESERVED_HOTKEYS } from '../editor/reserved-hotkeys.ts';
import { newClassId } from '../taxonomy/new-class.ts';
import { PALETTE } from '../projects/palette.ts';

export interface SchemaFromDataset {
  labelSchema: LabelSchema;
  kind: ProjectKind;
  warnings: string[];
}

/** A file that cannot be read as its format at all; the message says why, for a person. */
export class DatasetSchemaError extends Error {}

interface Draft {
  name: string;
  tools: Tool[];
  color?: string;
  hotkey?: string;
  attributes?: AttributeDef[];
}

const MAX_LABELS = 200;
const NAME_MAX = 64;
const HOTKEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', ...'acdghijklmnoqrstuwxy'].filter((k) => !RESERVED_HOTKEYS[k]);

export function labelSchemaFromDataset(format: DatasetSchemaFormat, content: string, kind?: ProjectKind): SchemaFromDataset {
  const warnings: string[] = [];
  const read = READERS[format](content, warnings);
  const projectKind = kind ?? read.kind;
  if (read.drafts.length === 0) throw new DatasetSchemaError(`No categories were found in that ${FORMAT_NAME[format]} file.`);
  const labelSchema = assemble(read.drafts, projectKind, warnings, read.classMode);
  return { labelSchema, kind: projectKind, warnings };
}

const FORMAT_NAME: Record<DatasetSchemaFormat, string> = { coco: 'COCO', yolo: 'YOLO', voc: 'Pascal VOC', labelstudio: 'Label Studio' };

type Read = { drafts: Draft[]; kind: ProjectKind; classMode?: 'single' | 'multi' };
const READERS: Record<DatasetSchemaFormat, (content: string, warnings: string[]) => Read> = {
  coco: readCoco,
  yolo: readYolo,
  voc: readVoc,
  labelstudio: readLabelStudio,
};

// ── Assembly: ids, names, colours, hotkeys ─────────────────────────────────────────────────────

function assemble(drafts: Draft[], kind: ProjectKind, warnings: string[], classMode: 'single' | 'multi' = 'single'): LabelSchema {
  const byName = new Map<string, Draft>();
  for (const d of drafts) {
    let name = d.name.trim();
    if (!name) continue;
    if ([...name].length > NAME_MAX) {
      warnings.push(`"${name.slice(0, 20)}…" is longer than ${NAME_MAX} characters; it was shortened`);
      name = [...name].slice(0, NAME_MAX).join('');
    }
    const key = name.toLocaleLowerCase('en');
    const seen = byName.get(key);
    if (seen) {
      seen.tools = [...new Set([...seen.tools, ...d.tools])];
      if (seen.name !== name) warnings.push(`"${name}" and "${seen.name}" differ only in case; they became one label`);
      continue;
    }
    byName.set(key, { ...d, name });
  }
  let merged = [...byName.values()];
  if (merged.length > MAX_LABELS) {
    warnings.push(`the file has ${merged.length} categories; the first ${MAX_LABELS} were kept`);
    merged = merged.slice(0, MAX_LABELS);
  }
  const allowed: Tool[] = kind === 'image' ? ['box', 'polygon', 'class'] : ['span', 'class'];
  const ids = new Set<string>();
  const keys = new Set(merged.map((d) => d.hotkey).filter((k): k is string => !!k && /^[0-9a-z]$/.test(k) && !RESERVED_HOTKEYS[k]));
  const freeKeys = HOTKEYS.filter((k) => !keys.has(k));
  const labels: LabelClass[] = merged.map((d, i) => {
    const id = newClassId(d.name, ids, `label-${i + 1}`);
    ids.add(id);
    let tools = d.tools.filter((t) => allowed.includes(t));
    if (tools.length < d.tools.length)
      warnings.push(`"${d.name}": the ${d.tools.filter((t) => !allowed.includes(t)).join(', ')} tool does not apply to a ${kind} project; left out`);
    if (tools.length === 0) tools = kind === 'image' ? ['box', 'polygon'] : ['span'];
    let hotkey = d.hotkey && keys.has(d.hotkey) ? d.hotkey : undefined;
    if (d.hotkey && !hotkey) warnings.push(`"${d.name}": the hotkey "${d.hotkey}" cannot be used (one digit or letter, not an editor key); another was given`);
    hotkey ??= freeKeys.shift();
    return { id, name: d.name, color: d.color ?? PALETTE[i % PALETTE.length]!, ...(hotkey ? { hotkey } : {}), tools, attributes: d.attributes ?? [] };
  });
  if (labels.length > HOTKEYS.length) warnings.push(`only the first ${HOTKEYS.length} labels got a hotkey`);
  return LabelSchemaZ.parse({ labels, classMode });
}

// ── COCO ──────────────────────────────────────────────────────────────────────────────────────

function readCoco(content: string, warnings: string[]): Read {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch {
    throw new DatasetSchemaError('That file is not JSON; a COCO file is the annotations JSON (e.g. instances_train.json).');
  }
  const categories = (doc as { categories?: unknown })?.categories;
  if (!Array.isArray(categories)) throw new DatasetSchemaError('That JSON has no "categories" list, so it is not a COCO annotations file.');
  const annotations = (doc as { annotations?: unknown }).annotations;
  const anns = Array.isArray(annotations) ? (annotations as Array<{ category_id?: unknown; segmentation?: unknown; attributes?: unknown }>) : [];
  const drafts: Draft[] = [];
  for (const c of categories as Array<{ id?: unknown; name?: unknown; supercategory?: unknown }>) {
    if (typeof c?.name !== 'string' || !c.name.trim()) {
      warnings.push('a category without a name was left out');
      continue;
    }
    const mine = anns.filter((a) => a.category_id === c.id);
    const polygons = mine.some((a) => Array.isArray(a.segmentation) && a.segmentation.length > 0);
    drafts.push({ name: c.name, tools: polygons ? ['polygon', 'box'] : ['box', 'polygon'], attributes: cocoAttributes(c.name, mine, warnings) });
  }
  return { drafts, kind: 'image' };
}

const ATTRIBUTE_NAME = /^[a-z][a-z0-9_]{0,31}$/;
const MAX_SELECT_OPTIONS = 50;

/** The attributes a category's annotations carry (Datumaro and CVAT write them): booleans, a few strings (select), else text. */
function cocoAttributes(label: string, anns: Array<{ attributes?: unknown }>, warnings: string[]): AttributeDef[] {
  const values = new Map<string, unknown[]>();
  for (const a of anns) {
    if (!a.attributes || typeof a.attributes !== 'object') continue;
    for (const [k, v] of Object.entries(a.attributes)) values.set(k, [...(values.get(k) ?? []), v]);
  }
  const out: AttributeDef[] = [];
  for (const [rawName, vs] of values) {
    const name = rawName
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/^[^a-z]+/, '')
      .slice(0, 32);
    if (!ATTRIBUTE_NAME.test(name) || out.some((o) => o.name === name)) {
      warnings.push(`"${label}": attribute "${rawName}" has no usable name; left out`);
      continue;
    }
    const title = rawName === name ? undefined : rawName.slice(0, 64);
    if (vs.every((v) => typeof v === 'boolean')) out.push({ type: 'boolean', name, ...(title ? { title } : {}), default: false });
    else {
      const options = [...new Set(vs.map((v) => String(v)).filter((v) => v.length > 0 && v.length <= 64))];
      if (options.length > 0 && options.length <= MAX_SELECT_OPTIONS && vs.every((v) => typeof v === 'string'))
        out.push({ type: 'select', name, ...(title ? { title } : {}), options });
      else {
        out.push({ type: 'text', name, ...(title ? { title } : {}), maxLength: 200 });
        if (vs.some((v) => typeof v !== 'string')) warnings.push(`"${label}": attribute "${rawName}" holds numbers or mixed values; it became free text`);
      }
    }
    if (out.length >= 20) break;
  }
  return out;
}

// ── YOLO ──────────────────────────────────────────────────────────────────────────────────────

function readYolo(content: string, warnings: string[]): Read {
  const names = /^\s*names\s*:/m.test(content) ? yamlNames(content, warnings) : lines(content);
  return { drafts: names.map((name) => ({ name, tools: ['box', 'polygon'] })), kind: 'image' };
}

const lines = (content: string) =>
  content
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

const unquote = (s: string) => s.trim().replace(/^(['"])(.*)\1$/, '$2');

/** `names:` of an Ultralytics data.yaml: a flow list, a block list, or an index → name map. */
function yamlNames(content: string, warnings: string[]): string[] {
  const all = content.split(/\r?\n/);
  const at = all.findIndex((l) => /^\s*names\s*:/.test(l));
  const rest = (all[at] ?? '').replace(/^\s*names\s*:/, '').trim();
  if (rest.startsWith('[')) {
    const inner = rest.replace(/^\[/, '').replace(/\].*$/, '');
    return inner.split(',').map(unquote).filter(Boolean);
  }
  if (rest) throw new DatasetSchemaError('The "names" entry of that data.yaml is neither a list nor a map.');
  const byIndex: Array<[number, string]> = [];
  const list: string[] = [];
  for (const line of all.slice(at + 1)) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) break;
    const item = /^\s*-\s*(.+)$/.exec(line);
    const pair = /^\s*(\d+)\s*:\s*(.+)$/.exec(line);
    if (item) list.push(unquote(item[1] as string));
    else if (pair) byIndex.push([Number(pair[1]), unquote(pair[2] as string)]);
    else warnings.push(`data.yaml: "${line.trim()}" was not understood; skipped`);
  }
  if (byIndex.length) return byIndex.sort((a, b) => a[0] - b[0]).map(([, n]) => n);
  return list;
}

// ── Pascal VOC ────────────────────────────────────────────────────────────────────────────────

/** labelmap.txt (`name:r,g,b:parts:actions`, as Datumaro and CVAT write it), or annotation XML. */
function readVoc(content: string, warnings: string[]): Read {
  if (content.trimStart().startsWith('<')) {
    const names = [...content.matchAll(/<object>[\s\S]*?<name>\s*([^<]+?)\s*<\/name>/g)].map((m) => decodeXml(m[1] as string));
    return { drafts: names.map((name) => ({ name, tools: ['box'] })), kind: 'image' };
  }
  const drafts: Draft[] = [];
  for (const line of lines(content)) {
    const [name = '', rgb = ''] = line.split(':');
    const parts = rgb.split(',').map((n) => Number(n.trim()));
    const color =
      parts.length === 3 && parts.every((n) => Number.isInteger(n) && n >= 0 && n <= 255)
        ? `#${parts.map((n) => n.toString(16).padStart(2, '0')).join('')}`
        : undefined;
    if (rgb && !color) warnings.push(`"${name}": the colour "${rgb}" is not r,g,b; another was chosen`);
    if (name.trim().toLowerCase() === 'background') continue; // VOC's class 0 is the unlabelled area, not a label
    drafts.push({ name, tools: ['box', 'polygon'], ...(color ? { color } : {}) });
  }
  return { drafts, kind: 'image' };
}

// ── Label Studio ──────────────────────────────────────────────────────────────────────────────

const LS_TOOLS: Record<string, Tool> = {
  rectanglelabels: 'box',
  polygonlabels: 'polygon',
  labels: 'span',
  choices: 'class',
  keypointlabels: 'box',
  brushlabels: 'polygon',
};
const CSS_COLOURS: Record<string, string> = {
  red: '#e6194b',
  green: '#3cb44b',
  blue: '#4363d8',
  orange: '#f58231',
  purple: '#911eb4',
  yellow: '#ffe119',
  pink: '#f032e6',
  brown: '#9a6324',
  gray: '#a9a9a9',
  grey: '#a9a9a9',
  black: '#000000',
  navy: '#000075',
  teal: '#469990',
  olive: '#808000',
  maroon: '#800000',
  cyan: '#42d4f4',
  lime: '#bfef45',
};

function readLabelStudio(content: string, warnings: string[]): Read {
  if (!/<View[\s>]/i.test(content)) throw new DatasetSchemaError('That is not a Label Studio labeling config: it has no <View> element.');
  const kind: ProjectKind = /<(Image|ImageLabels)\b/i.test(content) ? 'image' : 'text';
  const drafts: Draft[] = [];
  let classMode: 'single' | 'multi' = 'single';
  for (const block of content.matchAll(
    /<(RectangleLabels|PolygonLabels|Labels|Choices|KeyPointLabels|BrushLabels|EllipseLabels)\b([^>]*)>([\s\S]*?)<\/\1>/gi,
  )) {
    const tag = (block[1] as string).toLowerCase();
    const tool = LS_TOOLS[tag];
    if (!tool) {
      warnings.push(`<${block[1]}> has no Touchstone tool; its labels were left out`);
      continue;
    }
    if (tag === 'keypointlabels' || tag === 'brushlabels') warnings.push(`<${block[1]}> has no exact Touchstone tool; its labels use the ${tool} tool`);
    if (tag === 'choices' && /choice\s*=\s*"multiple"/i.test(block[2] as string)) classMode = 'multi';
    for (const label of (block[3] as string).matchAll(/<(Label|Choice)\b([^>]*?)\/?>/gi)) {
      const attrs = label[2] as string;
      const value = attr(attrs, 'value') ?? attr(attrs, 'alias');
      if (!value) continue;
      const colour = colourOf(attr(attrs, 'background'));
      const hotkey = attr(attrs, 'hotkey')?.toLowerCase();
      drafts.push({ name: value, tools: [tool], ...(colour ? { color: colour } : {}), ...(hotkey ? { hotkey } : {}) });
    }
  }
  if (/<(TextArea|Number|Rating)\b/i.test(content)) warnings.push('per-region inputs (TextArea, Number, Rating) are not read; add them as attributes by hand');
  return { drafts, kind, classMode };
}

const attr = (attrs: string, name: string) => {
  const m = new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`, 'i').exec(attrs);
  return m ? decodeXml(m[1] as string) : undefined;
};

function colourOf(css: string | undefined): string | undefined {
  if (!css) return undefined;
  const c = css.trim().toLowerCase();
  if (/^#[0-9a-f]{6}$/.test(c)) return c;
  if (/^#[0-9a-f]{3}$/.test(c)) return `#${[...c.slice(1)].map((h) => h + h).join('')}`;
  const rgb = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/.exec(c);
  if (rgb)
    return `#${rgb
      .slice(1, 4)
      .map((n) => Math.min(255, Number(n)).toString(16).padStart(2, '0'))
      .join('')}`;
  return CSS_COLOURS[c];
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d{1,7});/g, (m, n: string) => (Number(n) <= 0x10ffff ? String.fromCodePoint(Number(n)) : m))
    .replace(/&amp;/g, '&');
}
