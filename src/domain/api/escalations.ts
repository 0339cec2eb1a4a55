import { z } from 'zod';
import { Id, IsoDateTime } from './common.ts';
import { AnnotationPayload } from './annotation.ts';
import { LabelId } from './labels.ts';

// Escalations: an annotator who cannot settle an item under the guideline asks a lead
// instead of guessing. The create travels through the sync outbox so it works offline.

export const EscalationReason = z.enum(['not_covered', 'ambiguous_labels', 'bad_asset', 'other']);
export type EscalationReason = z.infer<typeof EscalationReason>;

export const EscalationStatus = z.enum(['open', 'resolved', 'returned']);
export type EscalationStatus = z.infer<typeof EscalationStatus>;

/** The 'escalation.create' sync mutation: additive to the Mutation union, so SYNC_SCHEMA_VERSION stays 1. */
export const CreateEscalation = z.strictObject({
  id: Id,
  type: z.literal('escalation.create'),
  projectId: Id,
  itemId: Id,
  guidelineVersionId: Id,
  reason: EscalationReason,
  note: z.string().trim().max(2000, 'a note is at most 2000 characters'),
  // The guideline section or rule the doubt concerns (a section id or anchor); empty when none fits.
  guidelineRef: z.string().trim().max(200).default(''),
  // 'ambiguous_labels': the labels the annotator cannot choose between (ids in the label schema).
  labels: z.array(LabelId).max(20).optional(),
  // The annotator's tentative labels, validated against the project's label schema on apply.
  tentative: AnnotationPayload.optional(),
  createdAt: IsoDateTime,
});
export type CreateEscalation = z.infer<typeof CreateEscalation>;

/** Query filters for the lead's queue; every value allow-listed. */
export const EscalationQuery = z.strictObject({
  status: EscalationStatus.default('open'),
  reason: EscalationReason.optional(),
  annotatorId: Id.optional(),
  // Named in the escalation (labels in doubt) or in the annotator's tentative labels.
  label: LabelId.optional(),
  // Waiting longer than this many hours.
  olderThanHours: z.coerce
    .number()
    .int('hours are whole numbers')
    .min(1)
    .max(24 * 365)
    .optional(),
  sort: z.enum(['oldest', 'newest']).default('oldest'),
});
export type EscalationQuery = z.infer<typeof EscalationQuery>;

export const Escalation = z.object({
  id: Id,
  projectId: Id,
  itemId: Id,
  annotatorId: Id,
  guidelineVersionId: Id,
  reason: EscalationReason,
  note: z.string(),
  guidelineRef: z.string(),
  labels: z.array(LabelId).default([]),
  tentative: AnnotationPayload.nullable(),
  status: EscalationStatus,
  createdAt: IsoDateTime,
  ruling: AnnotationPayload.nullable(),
  explanation: z.string(),
  decidedAt: IsoDateTime.nullable(),
});
export type Escalation = z.infer<typeof Escalation>;

export const EscalationList = z.object({ escalations: z.array(Escalation) });
export type EscalationList = z.infer<typeof EscalationList>;

/** Resolve with a ruling (labels checked against the project's schema on the server) or return with a comment. */
export const DecideEscalation = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('resolve'),
    ruling: AnnotationPayload,
    explanation: z.string().trim().min(1, 'a ruling needs an explanation').max(4000),
    // Promote the ruling to the item's gold answer (justification = explanation, current guideline version).
    promoteToGold: z.boolean().default(false),
  }),
  z.strictObject({ action: z.literal('return'), explanation: z.string().trim().min(1, 'say what the annotator should do').max(4000) }),
]);
export type DecideEscalation = z.infer<typeof DecideEscalation>;
