// Label Studio JSON export: a list of tasks, one per item, each with one annotation holding the
// item's final labels as results Label Studio's editor opens:
//   box      rectanglelabels: x, y, width, height in percent of original_width/height, rotation 0
//   polygon  polygonlabels: points in percent
//   span     labels: start, end in UTF-16 units (what the browser counts), with the span's text
//   class    choices
// from_name/to_name are "label"/"image" (or "text") and "choice", as a default labelling config
// names them. The task's data.image is the item's file name; data.text the item's text.
import type { LabelSchema } from '../api/labels.ts';
import { buildOffsetIndex, codePointToUtf16, sliceByCodePoints } from '../text/offsets.ts';
import type { ExportItem, ExportRevision } from './types.ts';

export function labelStudioTask(schema: LabelSchema, item: ExportItem, rev: ExportRevision | undefined): Record<string, unknown> {
  const names = new Map(schema.labels.map((l) => [l.id, l.name]));
  const isText = item.text !== null;
  const W = item.width ?? 0;
  const H = item.height ?? 0;
  const dims = { original_width: W, original_height: H, image_rotation: 0 };
  const result: Array<Record<string, unknown>> = [];
  for (const s of rev?.payload.shapes ?? []) {
    const name = names.get(s.label);
    if (name === undefined || W <= 0 || H <= 0) continue;
    const base = { id: s.id, from_name: 'label', to_name: 'image', origin: 'manual', ...dims };
    if (s.kind === 'box')
      result.push({
        ...base,
        type: 'rectanglelabels',
        value: { x: (s.x / W) * 100, y: (s.y / H) * 100, width: (s.w / W) * 100, height: (s.h / H) * 100, rotation: 0, rectanglelabels: [name] },
      });
    else
      result.push({
        ...base,
        type: 'polygonlabels',
        value: { points: s.points.map(([x, y]) => [(x / W) * 100, (y / H) * 100]), closed: true, polygonlabels: [name] },
      });
  }
  if (isText && (rev?.payload.spans.length ?? 0) > 0) {
    const idx = buildOffsetIndex(item.text ?? '');
    for (const s of rev?.payload.spans ?? []) {
      const name = names.get(s.label);
      if (name === undefined) continue;
      result.push({
        id: s.id,
        from_name: 'label',
        to_name: 'text',
        type: 'labels',
        origin: 'manual',
        value: { start: codePointToUtf16(idx, s.start), end: codePointToUtf16(idx, s.end), text: sliceByCodePoints(idx, s.start, s.end), labels: [name] },
      });
    }
  }
  const choices = (rev?.payload.classes ?? []).map((c) => names.get(c)).filter((n): n is string => n !== undefined);
  if (choices.length)
    result.push({ id: 'choice', from_name: 'choice', to_name: isText ? 'text' : 'image', type: 'choices', origin: 'manual', value: { choices } });
  return {
    id: item.seq,
    data: isText ? { text: item.text } : { image: item.fileName },
    annotations: rev ? [{ id: item.seq, result, was_cancelled: false, ground_truth: false, created_at: rev.submittedAt, updated_at: rev.submittedAt }] : [],
    predictions: [],
    meta: { touchstone_item_id: item.id },
  };
}
