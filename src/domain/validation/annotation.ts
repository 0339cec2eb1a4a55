import type { AnnotationPayload, Shape } from '../api/annotation.ts';
import type { Problem } from '../api/errors.ts';
import type { LabelSchema, Tool } from '../api/labels.ts';
import { validatePolygon, type OutlineCheck } from '../geometry/polygon.ts';
import type { Polygon } from '../geometry/types.ts';
import { codePointLength } from '../text/offsets.ts';
import { validateSpans } from '../text/spans.ts';

/** What validation needs to know about the item an annotation is for. */
export type ItemContent = { kind: 'image'; width: number; height: number } | { kind: 'text'; text: string };

// Boxes may sit on the image edge; a sliver of rounding past it is tolerated (the editor clamps).
const EDGE_TOLERANCE = 0.5;
const MIN_BOX_SIDE = 1;

export interface ValidationOptions {
  /** A polygon's outline check when already known (the server computes large ones on a worker thread). */
  knownOutline?: (points: Polygon) => OutlineCheck | undefined;
}

/**
 * Checks an annotation against the project's label schema and the item it belongs to.
 * Returns every problem found, each with a path and a sentence a person understands;
 * an empty list means the annotation may be stored.
 */
export function validateAnnotation(schema: LabelSchema, item: ItemContent, payload: AnnotationPayload, options: ValidationOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map(schema.labels.map((l) => [l.id, l]));
  const checkLabel = (path: string, labelId: string, tool: Tool): boolean => {
    const label = byId.get(labelId);
    if (!label) {
      problems.push({ path, message: `"${labelId}" is not a label of this project` });
      return false;
    }
    if (!label.tools.includes(tool)) {
      problems.push({ path, message: `label "${label.name}" cannot be used with the ${tool} tool` });
      return false;
    }
    return true;
  };

  if (item.kind === 'text' && payload.shapes.length > 0) problems.push({ path: 'shapes', message: 'a text item cannot have boxes or polygons' });
  if (item.kind === 'image' && payload.spans.length > 0) problems.push({ path: 'spans', message: 'an image item cannot have text spans' });

  const shapeIds = new Set<string>();
  payload.shapes.forEach((shape, i) => {
    const path = `shapes[${i}]`;
    if (shapeIds.has(shape.id)) problems.push({ path: `${path}.id`, message: `shape id "${shape.id}" is used twice` });
    shapeIds.add(shape.id);
    if (!checkLabel(`${path}.label`, shape.label, shape.kind)) return;
    checkAttributes(schema, shape, path, problems);
    if (item.kind !== 'image') return;
    if (shape.kind === 'box') problems.push(...boxProblems(shape, item, path));
    else for (const message of validatePolygon(shape.points, item, options.knownOutline?.(shape.points))) problems.push({ path: `${path}.points`, message });
  });

  if (item.kind === 'text' && payload.spans.length > 0) {
    const spanLabels = schema.labels.filter((l) => l.tools.includes('span')).map((l) => l.id);
    const index = new Map(payload.spans.map((s, i) => [s.id, i]));
    for (const p of validateSpans(payload.spans, { textLength: codePointLength(item.text), labels: spanLabels, allowOverlap: schema.allowOverlappingSpans })) {
      problems.push({ path: `spans[${index.get(p.spanId) ?? '?'}]`, message: p.message });
    }
  }

  const classes = new Set<string>();
  payload.classes.forEach((c, i) => {
    if (classes.has(c)) problems.push({ path: `classes[${i}]`, message: `class "${c}" is chosen twice` });
    classes.add(c);
    checkLabel(`classes[${i}]`, c, 'class');
  });
  if (schema.classMode === 'single' && payload.classes.length > 1) {
    problems.push({ path: 'classes', message: 'this project allows one document class per item' });
  }
  return problems;
}

function boxProblems(box: Extract<Shape, { kind: 'box' }>, image: { width: number; height: number }, path: string): Problem[] {
  const out: Problem[] = [];
  if (box.w < MIN_BOX_SIDE || box.h < MIN_BOX_SIDE) out.push({ path, message: `a box must be at least ${MIN_BOX_SIDE}×${MIN_BOX_SIDE} pixels` });
  if (box.x < -EDGE_TOLERANCE || box.y < -EDGE_TOLERANCE || box.x + box.w > image.width + EDGE_TOLERANCE || box.y + box.h > image.height + EDGE_TOLERANCE) {
    out.push({ path, message: `the box lies partly outside the ${image.width}×${image.height} image` });
  }
  return out;
}

function checkAttributes(schema: LabelSchema, shape: Shape, path: string, problems: Problem[]): void {
  const label = schema.labels.find((l) => l.id === shape.label);
  if (!label) return;
  const defs = new Map(label.attributes.map((a) => [a.name, a]));
  for (const [name, value] of Object.entries(shape.attributes)) {
    const def = defs.get(name);
    if (!def) problems.push({ path: `${path}.attributes.${name}`, message: `label "${label.name}" has no attribute "${name}"` });
    else if (def.type === 'boolean' && typeof value !== 'boolean') problems.push({ path: `${path}.attributes.${name}`, message: `"${name}" is yes or no` });
    else if (def.type === 'select' && (typeof value !== 'string' || !(def.options.includes(value) || (def.formerOptions ?? []).includes(value)))) {
      problems.push({ path: `${path}.attributes.${name}`, message: `"${name}" must be one of: ${def.options.join(', ')}` });
    } else if (def.type === 'text' && (typeof value !== 'string' || [...value].length > def.maxLength)) {
      problems.push({ path: `${path}.attributes.${name}`, message: `"${name}" is text of at most ${def.maxLength} characters` });
    }
  }
}
