// JSONL → gold answers for a text project. One JSON object per line:
//   {"itemId": "<uuid>" | "text": "<the item's exact text>",
//    "spans": [[start, end, "label"], …]   (Unicode code points, half-open),
//    "class": "label" | ["label", …]}      (optional)
// Blank lines are skipped (line numbers still count them). Labels are matched by id or name, or
// through an explicit map. Each line is checked like any submitted annotation.
import { z } from 'zod';
import type { AnnotationPayload } from '../api/annotation.ts';
import type { LabelSchema } from '../api/labels.ts';
import { labelResolver, UnmappedTally, validateGold, type ParsedGoldEntry, type ParsedGoldFile } from './common.ts';

export interface TextItemRef {
  itemId: string;
  text: string;
}

const SpanTuple = z.tuple([z.number().int('offsets are whole numbers'), z.number().int('offsets are whole numbers'), z.string().min(1)]);
const Line = z
  .object({
    itemId: z.string().optional(),
    text: z.string().optional(),
    spans: z.array(SpanTuple).max(10_000).default([]),
    class: z.union([z.string(), z.array(z.string()).max(200), z.null()]).optional(),
  })
  .refine((l) => l.itemId !== undefined || l.text !== undefined, { message: 'name the item with "itemId" or "text"' });

const excerpt = (s: string) => (Array.from(s).length > 40 ? `${Array.from(s).slice(0, 40).join('')}…` : s);

export function parseJsonlGold(input: string, schema: LabelSchema, items: TextItemRef[], options: { labelMap?: Record<string, string> } = {}): ParsedGoldFile {
  const resolve = labelResolver(schema, options.labelMap);
  const byId = new Map(items.map((i) => [i.itemId, i]));
  const byText = new Map<string, TextItemRef[]>();
  for (const i of items) byText.set(i.text, [...(byText.get(i.text) ?? []), i]);
  const unmapped = new UnmappedTally();
  const used = new Map<string, number>();
  const entries: ParsedGoldEntry[] = [];

  input.split(/\r?\n/).forEach((raw, i) => {
    const entry = i + 1;
    if (raw.trim() === '') return;
    const out: ParsedGoldEntry = { entry, ref: `line ${entry}`, itemId: null, answer: null, problems: [], warnings: [] };
    entries.push(out);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      out.problems.push({ path: '', message: `not valid JSON (${(e as Error).message})` });
      return;
    }
    const line = Line.safeParse(json);
    if (!line.success) {
      for (const issue of line.error.issues) out.problems.push({ path: issue.path.join('.'), message: issue.message });
      return;
    }
    const { itemId, text, spans, class: cls } = line.data;
    out.ref = itemId ?? excerpt(text ?? '');

    const item = itemId !== undefined ? byId.get(itemId) : undefined;
    const sameText = text !== undefined ? (byText.get(text) ?? []) : [];
    if (itemId !== undefined && !item) out.problems.push({ path: 'itemId', message: 'no item of this project has this id' });
    else if (item && text !== undefined && item.text !== text) out.problems.push({ path: 'text', message: 'the text differs from the item named by "itemId"' });
    else if (!item && sameText.length === 0) out.problems.push({ path: 'text', message: 'no item of this project has exactly this text' });
    else if (!item && sameText.length > 1)
      out.problems.push({ path: 'text', message: `${sameText.length} items have exactly this text; name the item by "itemId"` });
    const target = item ?? (sameText.length === 1 ? sameText[0] : undefined);
    if (!target || out.problems.length > 0) return;
    out.itemId = target.itemId;
    const earlier = used.get(target.itemId);
    if (earlier !== undefined) out.problems.push({ path: '', message: `line ${earlier} already gives the gold answer for this item` });
    used.set(target.itemId, entry);

    const mapLabel = (source: string, path: string) => {
      const label = resolve(source);
      if (label) return label.id;
      unmapped.add(source);
      out.problems.push({ path, message: `"${source}" matches no label of this project` });
      return null;
    };
    const answer: AnnotationPayload = { shapes: [], spans: [], classes: [] };
    spans.forEach(([start, end, source], k) => {
      const label = mapLabel(source, `spans[${k}]`);
      if (label) answer.spans.push({ id: `s${k + 1}`, label, start, end });
    });
    for (const source of cls === undefined || cls === null ? [] : Array.isArray(cls) ? cls : [cls]) {
      const label = mapLabel(source, 'class');
      if (label) answer.classes.push(label);
    }
    out.answer = answer;
    // Span ids are s1, s2…: report them back as the JSONL's own spans[k].
    out.problems.push(
      ...validateGold(schema, { kind: 'text', text: target.text }, answer, (p) =>
        p.replace(/^spans\[(\d+)\]/, (_m, n: string) => `spans[${spanIndex(answer, Number(n))}]`),
      ),
    );
  });
  return { entries, problems: [], unmapped: unmapped.list() };
}

/** Position of answer.spans[n] in the source line's "spans" (unmapped spans were left out). */
function spanIndex(answer: AnnotationPayload, n: number): number {
  const id = answer.spans[n]?.id;
  return id ? Number(id.slice(1)) - 1 : n;
}
