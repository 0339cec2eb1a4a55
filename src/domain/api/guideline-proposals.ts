import { z } from 'zod';
import { AnnotationPayload } from './annotation.ts';
import { Id, IsoDateTime } from './common.ts';
import { EscalationReason, EscalationStatus } from './escalations.ts';
import { LabelId } from './labels.ts';

// Guideline-change proposals: a lead, ruling on escalations, proposes a change to a
// guideline section; it lands in the author's inbox with the escalations behind it, and the author
// accepts it (optionally naming the version that settled it) or declines it.

export const ProposalStatus = z.enum(['open', 'accepted', 'declined']);
export type ProposalStatus = z.infer<typeof ProposalStatus>;

export const CreateGuidelineProposal = z.strictObject({
  escalationIds: z
    .array(Id)
    .min(1, 'a proposal grows from at least one escalation')
    .max(50, 'link at most 50 escalations')
    .refine((ids) => new Set(ids).size === ids.length, 'each escalation is linked once'),
  /** A section id of the current guideline version; '' proposes a new section. */
  sectionId: z.string().max(64),
  text: z.string().trim().min(1, 'say what the guideline should say').max(4000, 'a proposal is at most 4000 characters'),
});
export type CreateGuidelineProposal = z.infer<typeof CreateGuidelineProposal>;

/** An escalation as the author reads it beside a proposal: the doubt, and the lead's answer. */
export const ProposalEscalation = z.object({
  id: Id,
  itemId: Id,
  annotatorName: z.string(),
  reason: EscalationReason,
  note: z.string(),
  guidelineRef: z.string(),
  labels: z.array(LabelId),
  status: EscalationStatus,
  ruling: AnnotationPayload.nullable(),
  /** The lead's explanation of the ruling (or the comment on a return). */
  explanation: z.string(),
  createdAt: IsoDateTime,
});
export type ProposalEscalation = z.infer<typeof ProposalEscalation>;

const Person = z.object({ id: Id, name: z.string() });

export const GuidelineProposal = z.object({
  id: Id,
  projectId: Id,
  sectionId: z.string(),
  /** The section's title when proposed ('' for a new section). */
  sectionTitle: z.string(),
  text: z.string(),
  status: ProposalStatus,
  proposedBy: Person,
  createdAt: IsoDateTime,
  decidedBy: Person.nullable(),
  decidedAt: IsoDateTime.nullable(),
  comment: z.string(),
  settledByVersion: z.object({ id: Id, version: z.string() }).nullable(),
  escalations: z.array(ProposalEscalation),
});
export type GuidelineProposal = z.infer<typeof GuidelineProposal>;

export const ProposalQuery = z.strictObject({ status: z.enum(['open', 'accepted', 'declined', 'all']).default('open') });
export type ProposalQuery = z.infer<typeof ProposalQuery>;

export const ProposalList = z.object({ proposals: z.array(GuidelineProposal), open: z.number().int().nonnegative() });
export type ProposalList = z.infer<typeof ProposalList>;

export const DecideProposal = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('accept'), versionId: Id.optional(), comment: z.string().trim().max(2000).default('') }),
  z.strictObject({ action: z.literal('decline'), comment: z.string().trim().min(1, 'say why the proposal is declined').max(2000) }),
]);
export type DecideProposal = z.infer<typeof DecideProposal>;
