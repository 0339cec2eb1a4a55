import { z } from 'zod';
import { Id, IsoDateTime, ProjectKind } from './common.ts';
import { AnnotationPayload } from './annotation.ts';
import { ImageContent } from './queue.ts';

// The review stage: a sample of live labels, weighted towards annotators with lower
// gold accuracy (domain/review/sampling.ts), goes to a lead who accepts or corrects it. A
// correction is a new revision of the annotator's label with the reviewer recorded.

export const ReviewSettings = z.strictObject({
  /** Base share of live submissions sampled for review; 0 turns the stage off. */
  reviewRate: z
    .number({ message: 'the review rate is a number between 0 and 1' })
    .min(0, 'the review rate cannot be negative')
    .max(1, 'the review rate is at most 1 (every label)'),
});
export type ReviewSettings = z.infer<typeof ReviewSettings>;

export const ReviewStatus = z.enum(['open', 'accepted', 'corrected', 'superseded']);
export type ReviewStatus = z.infer<typeof ReviewStatus>;

export const ReviewQuery = z.strictObject({
  status: ReviewStatus.default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ReviewQuery = z.infer<typeof ReviewQuery>;

/** A sampled label with what the reviewer needs to judge it: the item and the annotator's answer. */
export const ReviewTask = z.object({
  id: Id,
  projectId: Id,
  status: ReviewStatus,
  /** `name`: what the item was imported as (file name), else a short name from its id. */
  item: z.object({ id: Id, kind: ProjectKind, image: ImageContent.nullable(), text: z.string().nullable(), name: z.string().optional() }),
  annotator: z.object({ id: Id, name: z.string() }),
  revision: z.number().int().positive(),
  guidelineVersion: z.string(),
  payload: AnnotationPayload,
  createdAt: IsoDateTime,
  reviewer: z.object({ id: Id, name: z.string() }).nullable(),
  decidedAt: IsoDateTime.nullable(),
  comment: z.string(),
  /** For a correction: the reviewer's labels (the annotator's new current revision). */
  correction: AnnotationPayload.nullable(),
});
export type ReviewTask = z.infer<typeof ReviewTask>;

export const ReviewList = z.object({ reviews: z.array(ReviewTask), open: z.number().int().nonnegative() });
export type ReviewList = z.infer<typeof ReviewList>;

export const DecideReview = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('accept'), comment: z.string().trim().max(2000).default('') }),
  z.strictObject({ action: z.literal('correct'), payload: AnnotationPayload, comment: z.string().trim().max(2000).default('') }),
]);
export type DecideReview = z.infer<typeof DecideReview>;
