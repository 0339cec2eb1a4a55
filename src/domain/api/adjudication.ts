import { z } from 'zod';
import { AnnotationPayload } from './annotation.ts';
import { Id, IsoDateTime } from './common.ts';

// Adjudication: overlapped items whose annotators tied, listed for a project's leads,
// who resolve each with the label the export will use.

export const AdjudicationTask = z.object({
  itemId: Id,
  /** Labels the annotators split on. */
  tiedLabels: z.array(z.string()),
  /** Each annotator's current answer, for the side-by-side decision. */
  answers: z.array(z.object({ annotatorId: Id, displayName: z.string(), payload: AnnotationPayload })),
  /** The lead's decision, when already made. */
  resolved: z.object({ payload: AnnotationPayload, resolvedBy: Id, resolvedAt: IsoDateTime }).nullable(),
});
export type AdjudicationTask = z.infer<typeof AdjudicationTask>;

export const AdjudicationList = z.object({ tasks: z.array(AdjudicationTask) });
export type AdjudicationList = z.infer<typeof AdjudicationList>;

export const ResolveAdjudication = z.strictObject({ payload: AnnotationPayload });
export type ResolveAdjudication = z.infer<typeof ResolveAdjudication>;
