// Label Studio JSON export (a list of tasks) → imported annotations. Also reads the JSON-min
// export ({"image": …, "label": [regions]} per task).
//   task.data.image / .text ──▶ the item: an image path (Label Studio's "/data/upload/<n>/<hash>-"
//       and "/data/local-files/?d=" prefixes removed) or the exact text
//   the task's newest annotation that was not cancelled (else its newest prediction, said so)
//   rectanglelabels ──▶ a box; x, y, width, height are percents of original_width/height;
//       rotation ≠ 0 ──▶ the polygon of its corners turned about the top-left corner, said so
//   polygonlabels ──▶ a polygon (percents) · labels ──▶ text spans (start/end in UTF-16 units,
//       as the browser counts) · choices ──▶ document classes
//   anything else (keypoints, brushes, relations, text areas, ratings) ──▶ reported
import { Categories, emptyItem, normalizePath, readOne, type ImportedItem, type ImportFile, type LabelImport, type ReportLine } from './model.ts';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** "/data/upload/3/8c1b6b9a-x.jpg" → "x.jpg"; "/data/local-files/?d=train/x.jpg" → "train/x.jpg"; URLs lose scheme and host. */
export function labelStudioPath(ref: string): string {
  const local = /[?&]d=([^&]+)/.exec(ref);
  if (local) return normalizePath(decodeURIComponent(local[1] as string));
  let p = ref.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '');
  const upload = /^\/?data\/upload\/\d+\/(.*)$/.exec(p);
  if (upload) p = (upload[1] as string).replace(/^[0-9a-f]{8}-/, '');
  try {
    p = decodeURIComponent(p);
  } catch {
    /* keep it as written */
  }
  return normalizePath(p);
}

export function parseLabelStudio(files: readonly ImportFile[]): LabelImport {
  const report: ReportLine[] = [];
  const categories = new Categories();
  const items: ImportedItem[] = [];
  for (const f of files) {
    let doc: unknown;
    try {
      doc = JSON.parse(f.content);
    } catch (e) {
      report.push({ file: f.path, line: null, message: `not JSON (${(e as Error).message})` });
      continue;
    }
    const tasks = Array.isArray(doc) ? doc : [doc];
    tasks.forEach((task, t) => {
      const say = (message: string) =>
        report.push({
          file: f.path,
          line: null,
          message: `task ${t + 1}${isObj(task) && task.id !== undefined ? ` (id ${String(task.id)})` : ''}: ${message}`,
        });
      if (!isObj(task)) return say('not an object');
      const data = isObj(task.data) ? task.data : task; // JSON-min puts the data fields on the task
      const text = typeof data.text === 'string' ? data.text : undefined;
      const image = typeof data.image === 'string' ? data.image : undefined;
      if (text === undefined && image === undefined) return say('has neither data.image nor data.text');
      const it = image !== undefined ? emptyItem(labelStudioPath(image), 'path', f.path, null) : emptyItem(text as string, 'text', f.path, null);
      if (text !== undefined) {
        it.text = text;
        it.spanUnits = 'utf16';
      }
      const results = pickResults(task, say);
      results.forEach((r, k) => {
        const read = () => readResult(r, `result ${k + 1}${typeof r.id === 'string' ? ` (${r.id})` : ''}`, it, categories, say);
        // Regions and choices are annotations; a comment, a rating or a relation is not one left out.
        const type = typeof r.type === 'string' ? r.type : '';
        if (type === '' || type === 'choices' || type.endsWith('labels')) readOne(it, read);
        else read();
      });
      items.push(it);
    });
  }
  return { items, categories: categories.list(), report };
}

function pickResults(task: Json, say: (m: string) => void): Json[] {
  if (!Array.isArray(task.annotations) && !Array.isArray(task.predictions)) {
    // JSON-min: every field that is a list of regions.
    return Object.values(task).flatMap((v) =>
      Array.isArray(v)
        ? v
            .filter((r): r is Json => isObj(r) && ['rectanglelabels', 'polygonlabels', 'labels'].some((k) => Array.isArray(r[k])))
            .map((r) => ({
              type: Object.keys(r).find((k) => k.endsWith('labels')),
              value: r,
              original_width: r.original_width,
              original_height: r.original_height,
            }))
        : [],
    );
  }
  const done = (Array.isArray(task.annotations) ? task.annotations : []).filter(
    (a): a is Json => isObj(a) && a.was_cancelled !== true && Array.isArray(a.result),
  );
  const newest = (xs: Json[]) =>
    [...xs].sort((a, b) => String(a.updated_at ?? a.created_at ?? '').localeCompare(String(b.updated_at ?? b.created_at ?? ''))).at(-1);
  if (done.length > 1) say(`${done.length} annotations: the newest was imported, the other ${done.length - 1} not`);
  const chosen = newest(done);
  if (chosen) return (chosen.result as unknown[]).filter(isObj);
  const preds = (Array.isArray(task.predictions) ? task.predictions : []).filter((p): p is Json => isObj(p) && Array.isArray(p.result));
  const pred = newest(preds);
  if (pred) {
    say('no annotation: its newest prediction was imported');
    return (pred.result as unknown[]).filter(isObj);
  }
  return [];
}

function readResult(r: Json, where: string, it: ImportedItem, categories: Categories, say: (m: string) => void) {
  const v = isObj(r.value) ? r.value : {};
  const type = typeof r.type === 'string' ? r.type : '';
  const names = strings(v[type]);
  if (!['rectanglelabels', 'polygonlabels', 'labels', 'choices'].includes(type)) return say(`${where}: a "${type || 'untyped'}" result is not imported`);
  if (names.length === 0) return say(`${where}: carries no label`);
  if (names.length > 1 && type !== 'choices') say(`${where}: ${names.length} labels on one region: the first, "${names[0]}", was imported`);
  const category = categories.add(names[0] as string);
  const base = { category, attributes: {}, where, line: null };
  if (type === 'choices') {
    for (const n of names) it.classes.push({ category: categories.add(n), where, line: null });
    return;
  }
  if (type === 'labels') {
    if (!isNum(v.start) || !isNum(v.end)) return say(`${where}: a text span needs numeric start and end (a span inside HTML is not imported)`);
    return void it.spans.push({ category, start: v.start, end: v.end, where, line: null });
  }
  const W = isNum(r.original_width) ? r.original_width : null;
  const H = isNum(r.original_height) ? r.original_height : null;
  if (W !== null && H !== null) {
    if (it.width === null) [it.width, it.height] = [W, H];
  } else it.units = 'fraction';
  const sx = (W ?? 1) / 100;
  const sy = (H ?? 1) / 100;
  if (type === 'polygonlabels') {
    const pts = Array.isArray(v.points) ? v.points.filter((p): p is [number, number] => Array.isArray(p) && p.length === 2 && isNum(p[0]) && isNum(p[1])) : [];
    if (pts.length < 3) return say(`${where}: a polygon needs at least 3 points`);
    return void it.shapes.push({ ...base, kind: 'polygon', points: pts.map(([x, y]) => [x * sx, y * sy]) });
  }
  if (![v.x, v.y, v.width, v.height].every(isNum)) return say(`${where}: a rectangle needs numeric x, y, width, height`);
  const [x, y, w, h] = [(v.x as number) * sx, (v.y as number) * sy, (v.width as number) * sx, (v.height as number) * sy];
  const rotation = isNum(v.rotation) ? v.rotation : 0;
  if (rotation) {
    // Label Studio turns a rectangle clockwise about its top-left corner.
    const r0 = (rotation * Math.PI) / 180;
    const turn = ([px, py]: [number, number]): [number, number] => [
      x + (px - x) * Math.cos(r0) - (py - y) * Math.sin(r0),
      y + (px - x) * Math.sin(r0) + (py - y) * Math.cos(r0),
    ];
    say(`${where}: rotated ${rotation}°: imported as the polygon of its turned corners (Touchstone boxes are upright)`);
    return void it.shapes.push({
      ...base,
      kind: 'polygon',
      points: (
        [
          [x, y],
          [x + w, y],
          [x + w, y + h],
          [x, y + h],
        ] as Array<[number, number]>
      ).map(turn),
    });
  }
  it.shapes.push({ ...base, kind: 'box', x, y, w, h });
}
