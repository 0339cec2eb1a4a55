import { z } from 'zod';
import { Coordinate, Id, IsoDateTime } from './common.ts';
import { LIMITS } from '../validation/limits.ts';
import { LabelId, TEXT_ATTRIBUTE_MAX } from './labels.ts';

// What an annotator produces for one item. Shapes are in image pixels, spans in Unicode
// code-point offsets (half-open), document classes by label id.
const LocalId = z.string().min(1).max(64);
const AttributeValues = z.record(z.string().max(32), z.union([z.boolean(), z.string().max(TEXT_ATTRIBUTE_MAX)])).default({});
/**
 * An "ignore" region (a COCO crowd, a mask no outline can represent): it stays with the labels so
 * exports give it back, and gold scoring leaves it out — an answer drawn on it neither scores nor costs.
 */
const Ignore = z.literal(true).optional();

export const BoxShape = z.strictObject({
  id: LocalId,
  kind: z.literal('box'),
  label: LabelId,
  x: Coordinate,
  y: Coordinate,
  w: Coordinate,
  h: Coordinate,
  attributes: AttributeValues,
  ignore: Ignore,
});
export type BoxShape = z.infer<typeof BoxShape>;

export const PolygonShape = z.strictObject({
  id: LocalId,
  kind: z.literal('polygon'),
  label: LabelId,
  points: z
    .array(z.tuple([Coordinate, Coordinate]))
    .min(3, 'a polygon needs at least 3 vertices')
    .max(LIMITS.verticesPerPolygon),
  attributes: AttributeValues,
  ignore: Ignore,
});
export type PolygonShape = z.infer<typeof PolygonShape>;

export const Shape = z.discriminatedUnion('kind', [BoxShape, PolygonShape]);
export type Shape = z.infer<typeof Shape>;

export const TextSpan = z.strictObject({
  id: LocalId,
  label: LabelId,
  start: z.number().int('span offsets are whole numbers').nonnegative(),
  end: z.number().int('span offsets are whole numbers').nonnegative(),
});
export type TextSpan = z.infer<typeof TextSpan>;

export const AnnotationPayload = z.strictObject({
  shapes: z.array(Shape).max(LIMITS.shapesPerAnnotation).default([]),
  spans: z.array(TextSpan).max(LIMITS.spansPerAnnotation).default([]),
  classes: z.array(LabelId).max(200).default([]),
});
export type AnnotationPayload = z.infer<typeof AnnotationPayload>;
export const emptyAnnotation = (): AnnotationPayload => ({ shapes: [], spans: [], classes: [] });

/** One stored revision of an annotation, as leads and authors read it back. */
export const AnnotationRevision = z.object({
  id: Id,
  itemId: Id,
  projectId: Id,
  annotatorId: Id,
  revision: z.number().int().positive(),
  guidelineVersionId: Id,
  guidelineVersion: z.string(),
  payload: AnnotationPayload,
  durationMs: z.number().int().nonnegative(),
  startedAt: IsoDateTime,
  submittedAt: IsoDateTime,
  receivedAt: IsoDateTime,
  mutationId: Id,
  /** Set when a reviewer corrected the annotator's label: this revision is the correction. */
  reviewerId: Id.nullable(),
});
export type AnnotationRevision = z.infer<typeof AnnotationRevision>;
