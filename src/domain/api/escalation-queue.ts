import { z } from 'zod';
import { Id, ProjectKind } from './common.ts';
import { DecideEscalation, Escalation } from './escalations.ts';
import { ImageContent } from './queue.ts';

// The lead's escalation queue: what a lead needs beside the bare escalation to rule on
// it — who asked, under which guideline version and section, how long it has waited — and the
// bulk decision for look-alike cases. Leads only; annotators read their own via my-escalations.

const Person = z.object({ id: Id, name: z.string() });

/** The guideline section the annotator pointed at, as it read in the version they worked under. */
export const EscalationSection = z.object({ id: z.string(), title: z.string(), body: z.string() });
export type EscalationSection = z.infer<typeof EscalationSection>;

export const LeadEscalation = Escalation.extend({
  annotator: Person,
  /** "major.minor" of the guideline version the annotator worked under. */
  guidelineVersion: z.string(),
  /** Null when the annotator named no section, or one that version does not have. */
  guidelineSection: EscalationSection.nullable(),
  /** Whole hours since the annotator escalated, at the server's clock when listed. */
  ageHours: z.number().int().nonnegative(),
  decidedBy: Person.nullable(),
});
export type LeadEscalation = z.infer<typeof LeadEscalation>;

export const LeadEscalationList = z.object({
  escalations: z.array(LeadEscalation),
  /** Everyone with an escalation in the project (for the annotator filter), whatever the filters. */
  annotators: z.array(Person),
  open: z.number().int().nonnegative(),
});
export type LeadEscalationList = z.infer<typeof LeadEscalationList>;

/** One escalation with the item itself, so the lead sees it with the annotator's tentative labels. */
export const EscalationDetail = LeadEscalation.extend({
  item: z.object({ id: Id, kind: ProjectKind, image: ImageContent.nullable(), text: z.string().nullable() }),
});
export type EscalationDetail = z.infer<typeof EscalationDetail>;

/**
 * The same decision for several look-alike escalations, all or nothing: if any of them is no
 * longer open the server answers 409 naming those ids and changes none (a lead who meant to
 * rule on all of them should look again rather than half-apply a ruling).
 */
export const BulkDecideEscalations = z.strictObject({
  escalationIds: z
    .array(Id)
    .min(1, 'pick at least one escalation')
    .max(100, 'at most 100 escalations at once')
    .refine((ids) => new Set(ids).size === ids.length, 'an escalation is listed twice'),
  decision: DecideEscalation,
});
export type BulkDecideEscalations = z.infer<typeof BulkDecideEscalations>;

export const BulkDecisionResult = z.object({ escalations: z.array(LeadEscalation) });
export type BulkDecisionResult = z.infer<typeof BulkDecisionResult>;

/** Details of the 409 a bulk decision answers when some escalations were decided meanwhile. */
export const AlreadyDecided = z.object({ alreadyDecided: z.array(z.object({ id: Id, status: z.string() })) });
export type AlreadyDecided = z.infer<typeof AlreadyDecided>;
