// spaCy-style JSONL → spans and classes, one document per line:
//   {"text", "spans"|"ents": [{"start","end","label"}] | [[start, end, label]], "cats": {label: score}, "meta": {"item_id"}}
// Classes are the cats scored ≥ 0.5. Offsets are code points (Python string indices).
import { z } from 'zod';
import type { AnnotationPayload } from '../api/annotation.ts';
import type { Problem } from '../api/errors.ts';
import type { LabelSchema } from '../api/labels.ts';
import { labelResolver, UnmappedTally } from './common.ts';

const SpanObj = z.object({ start: z.number().int(), end: z.number().int(), label: z.string().min(1) });
const SpanTuple = z.tuple([z.number().int(), z.number().int(), z.string().min(1)]).transform(([start, end, label]) => ({ start, end, label }));
const Line = z.object({
  text: z.string(),
  spans: z.array(z.union([SpanObj, SpanTuple])).optional(),
  ents: z.array(z.union([SpanObj, SpanTuple])).optional(),
  cats: z.record(z.string(), z.number()).optional(),
  meta: z.object({ item_id: z.string().optional() }).passthrough().optional(),
});

export interface SpacyEntry {
  line: number;
  text: string;
  itemId: string | undefined;
  answer: AnnotationPayload;
  problems: Problem[];
}

export function parseSpacyJsonl(input: string, schema: LabelSchema, unmapped = new UnmappedTally()): SpacyEntry[] {
  const resolve = labelResolver(schema);
  const out: SpacyEntry[] = [];
  input.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const entry: SpacyEntry = { line: i + 1, text: '', itemId: undefined, answer: { shapes: [], spans: [], classes: [] }, problems: [] };
    out.push(entry);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      entry.problems.push({ path: `line ${i + 1}`, message: `not valid JSON (${(e as Error).message})` });
      return;
    }
    const parsed = Line.safeParse(json);
    if (!parsed.success) {
      entry.problems.push(...parsed.error.issues.map((x) => ({ path: `line ${i + 1}: ${x.path.join('.')}`, message: x.message })));
      return;
    }
    entry.text = parsed.data.text;
    entry.itemId = parsed.data.meta?.item_id;
    const map = (source: string) => {
      const l = resolve(source);
      if (!l) {
        unmapped.add(source);
        entry.problems.push({ path: `line ${i + 1}`, message: `"${source}" matches no label of this project` });
      }
      return l?.id;
    };
    (parsed.data.spans ?? parsed.data.ents ?? []).forEach((s, k) => {
      const label = map(s.label);
      if (label) entry.answer.spans.push({ id: `s${k + 1}`, label, start: s.start, end: s.end });
    });
    for (const [cat, score] of Object.entries(parsed.data.cats ?? {})) {
      if (score < 0.5) continue;
      const label = map(cat);
      if (label) entry.answer.classes.push(label);
    }
  });
  return out;
}
