import { z } from 'zod';
import { Id, IsoDateTime } from './common.ts';
import { EscalationReason } from './escalations.ts';

// Escalation figures, for leads and authors only: they name every annotator's rate, which
// annotators never see. Definitions in domain/escalations/figures.ts.

const Rate = z.number().min(0).max(1);

export const EscalationRateRow = z.object({
  /** Annotator id, or label id. */
  key: z.string(),
  name: z.string(),
  escalations: z.number().int().nonnegative(),
  worked: z.number().int().nonnegative(),
  rate: Rate.nullable(),
  lower: Rate,
  upper: Rate,
  othersRate: Rate.nullable(),
  flag: z.enum(['low', 'high']).nullable(),
});
export type EscalationRateRow = z.infer<typeof EscalationRateRow>;

export const OverdueEscalation = z.object({
  escalationId: Id,
  itemId: Id,
  annotatorId: Id,
  annotatorName: z.string(),
  reason: EscalationReason,
  receivedAt: IsoDateTime,
  ageHours: z.number(),
});
export type OverdueEscalation = z.infer<typeof OverdueEscalation>;

export const EscalationFigures = z.object({
  alertHours: z.number().int().positive(),
  /** Fewest items worked before a rate is flagged. */
  minWorked: z.number().int().positive(),
  team: z.object({ escalations: z.number().int().nonnegative(), worked: z.number().int().nonnegative(), rate: Rate.nullable() }),
  byAnnotator: z.array(EscalationRateRow),
  byLabel: z.array(EscalationRateRow),
  /** Resolved escalations: hours from arrival at the server to the ruling. */
  resolution: z.object({ n: z.number().int().nonnegative(), medianHours: z.number().nullable(), p90Hours: z.number().nullable() }),
  openTotal: z.number().int().nonnegative(),
  openByAge: z.array(z.object({ label: z.string(), count: z.number().int().nonnegative() })),
  /** Open escalations older than alertHours, oldest first (at most 100 listed; `count` is all of them). */
  overdue: z.object({ count: z.number().int().nonnegative(), escalations: z.array(OverdueEscalation) }),
});
export type EscalationFigures = z.infer<typeof EscalationFigures>;

/** The project's alert age, set by a lead. */
export const EscalationAlertSetting = z.strictObject({
  alertHours: z
    .number()
    .int('the alert age is a whole number of hours')
    .min(1, 'the alert age is at least 1 hour')
    .max(720, 'the alert age is at most 720 hours (30 days)'),
});
export type EscalationAlertSetting = z.infer<typeof EscalationAlertSetting>;
