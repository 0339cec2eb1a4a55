// The text formats → imported annotations:
//   CoNLL-2003   documents at -DOCSTART-; token first column, BIO tag last (IOB1 read as conlleval
//                does). The item is the text whose non-space characters are the tokens; the
//                spans are rebuilt over tokens joined by spaces and remapped onto the item's spacing.
//   spaCy JSONL  {"text", "spans"|"ents": [{start, end, label}] | [[start, end, label]], "cats", "meta": {"item_id"}}
//                code points; cats scored ≥ 0.5 are classes. Item by meta.item_id, else by text.
//   Touchstone   the exact payload of each line, item by id (else by its text); labels are ids.
//                The short form {"itemId" | "text", "spans": [[start, end, label]], "class": label |
//                [labels]} (code points) is read too: hand-written gold and pre-annotation files.
import { conllSpans } from '../../export/conll.ts';
import { parseConll } from './conll-documents.ts';
import { Categories, emptyItem, readOne, type ImportedItem, type ImportFile, type LabelImport, type ReportLine } from './model.ts';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseConllFiles(files: readonly ImportFile[]): LabelImport {
  const report: ReportLine[] = [];
  const categories = new Categories();
  const items: ImportedItem[] = [];
  for (const f of files) {
    const { documents, problems } = parseConll(f.content);
    for (const p of problems) report.push({ file: f.path, line: Number(p.path.replace(/\D/g, '')) || null, message: p.message });
    for (const doc of documents) {
      // Tokens joined by one space; offsets of each token in that text.
      let at = 0;
      const tokens = doc.tokens.map((t) => {
        const n = Array.from(t).length;
        const tok = { start: at, end: at + n };
        at += n + 1;
        return tok;
      });
      const text = doc.tokens.join(' ');
      const it = emptyItem(text, 'spaceless', f.path, doc.line);
      it.text = text;
      for (const s of conllSpans(tokens, doc.tags))
        it.spans.push({
          category: categories.add(s.label),
          start: s.start,
          end: s.end,
          where: `"${Array.from(text).slice(s.start, s.end).join('').slice(0, 40)}"`,
          line: doc.line,
        });
      items.push(it);
    }
  }
  return { items, categories: categories.list(), report };
}

function jsonLines(f: ImportFile, report: ReportLine[], each: (json: Json, line: number, say: (m: string) => void) => void) {
  f.content.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const say = (message: string) => report.push({ file: f.path, line: i + 1, message });
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      return say(`not valid JSON (${(e as Error).message})`);
    }
    if (!isObj(json)) return say('each line must be a JSON object');
    each(json, i + 1, say);
  });
}

type SpanIn = { start: number; end: number; label: string };
const spanOf = (s: unknown): SpanIn | null => {
  if (Array.isArray(s) && s.length === 3 && Number.isInteger(s[0]) && Number.isInteger(s[1]) && typeof s[2] === 'string')
    return { start: s[0], end: s[1], label: s[2] };
  if (isObj(s) && Number.isInteger(s.start) && Number.isInteger(s.end) && typeof s.label === 'string')
    return { start: s.start as number, end: s.end as number, label: s.label };
  return null;
};

export function parseSpacyFiles(files: readonly ImportFile[]): LabelImport {
  const report: ReportLine[] = [];
  const categories = new Categories();
  const items: ImportedItem[] = [];
  for (const f of files) {
    jsonLines(f, report, (json, line, say) => {
      if (typeof json.text !== 'string') return say('needs a "text"');
      const meta = isObj(json.meta) ? json.meta : {};
      const it = typeof meta.item_id === 'string' ? emptyItem(meta.item_id, 'id', f.path, line) : emptyItem(json.text, 'text', f.path, line);
      if (it.keyKind === 'id') it.alsoText = json.text;
      it.text = json.text;
      const list = Array.isArray(json.spans) ? json.spans : Array.isArray(json.ents) ? json.ents : [];
      list.forEach((raw, k) =>
        readOne(it, () => {
          const s = spanOf(raw);
          if (!s) return say(`spans[${k}]: needs start, end and label`);
          it.spans.push({ category: categories.add(s.label), start: s.start, end: s.end, where: `spans[${k}]`, line });
        }),
      );
      for (const [cat, score] of Object.entries(isObj(json.cats) ? json.cats : {})) {
        categories.add(cat);
        if (typeof score === 'number' && score >= 0.5) it.classes.push({ category: cat, where: `cats.${cat}`, line });
      }
      items.push(it);
    });
  }
  return { items, categories: categories.list(), report };
}

export function parseTouchstoneFiles(files: readonly ImportFile[]): LabelImport {
  const report: ReportLine[] = [];
  const categories = new Categories();
  const items: ImportedItem[] = [];
  for (const f of files) {
    jsonLines(f, report, (json, line, say) => {
      if (json.item === undefined && json.payload === undefined && (typeof json.itemId === 'string' || typeof json.text === 'string'))
        return void items.push(shortLine(json, f.path, line, categories, say));
      const item = isObj(json.item) ? json.item : null;
      const payload = isObj(json.payload) ? json.payload : null;
      if (!item || typeof item.id !== 'string' || !payload)
        return say('needs "item" with an "id", and "payload" (or the short form: "itemId" or "text", with "spans" and "class")');
      const it = emptyItem(item.id, 'id', f.path, line);
      if (typeof item.file_name === 'string') it.alsoText = undefined;
      it.width = typeof item.width === 'number' ? item.width : null;
      it.height = typeof item.height === 'number' ? item.height : null;
      (Array.isArray(payload.shapes) ? payload.shapes : []).forEach((s, k) =>
        readOne(it, () => {
          if (!isObj(s) || typeof s.label !== 'string') return say(`payload.shapes[${k}]: needs a label`);
          const base = {
            category: categories.add(s.label),
            attributes: isObj(s.attributes) ? s.attributes : {},
            where: `shapes[${k}]`,
            line,
            ...(s.ignore === true ? { ignore: true as const } : {}),
          };
          if (s.kind === 'box' && [s.x, s.y, s.w, s.h].every((n) => typeof n === 'number'))
            it.shapes.push({ ...base, kind: 'box', x: s.x as number, y: s.y as number, w: s.w as number, h: s.h as number });
          else if (s.kind === 'polygon' && Array.isArray(s.points)) it.shapes.push({ ...base, kind: 'polygon', points: s.points as Array<[number, number]> });
          else say(`payload.shapes[${k}]: neither a box nor a polygon`);
        }),
      );
      (Array.isArray(payload.spans) ? payload.spans : []).forEach((raw, k) =>
        readOne(it, () => {
          const s = spanOf(raw);
          if (!s) return say(`payload.spans[${k}]: needs start, end and label`);
          it.spans.push({ category: categories.add(s.label), start: s.start, end: s.end, where: `spans[${k}]`, line });
        }),
      );
      for (const c of Array.isArray(payload.classes) ? payload.classes : [])
        if (typeof c === 'string') it.classes.push({ category: categories.add(c), where: 'classes', line });
      items.push(it);
    });
  }
  return { items, categories: categories.list(), report };
}

/** {"itemId" | "text", "spans": [[start, end, label]], "class": label | [labels]}: item by id, else by its exact text. */
function shortLine(json: Json, file: string, line: number, categories: Categories, say: (m: string) => void): ImportedItem {
  const text = typeof json.text === 'string' ? json.text : undefined;
  const it = typeof json.itemId === 'string' ? emptyItem(json.itemId, 'id', file, line) : emptyItem(text ?? '', 'text', file, line);
  if (it.keyKind === 'id' && text !== undefined) it.alsoText = text;
  (Array.isArray(json.spans) ? json.spans : []).forEach((raw, k) =>
    readOne(it, () => {
      const s = spanOf(raw);
      if (!s) return say(`spans[${k}]: needs start, end and label`);
      it.spans.push({ category: categories.add(s.label), start: s.start, end: s.end, where: `spans[${k}]`, line });
    }),
  );
  const cls = json.class;
  for (const c of typeof cls === 'string' ? [cls] : Array.isArray(cls) ? cls : [])
    if (typeof c === 'string') it.classes.push({ category: categories.add(c), where: 'class', line });
    else say('class: each class is a label name');
  return it;
}
