import { z } from 'zod';
import { Id } from './common.ts';

// A project's queue settings, read and changed by its leads only (they describe how gold is
// hidden, so annotators never see them). goldRateMin ≤ goldRateMax is checked by the route.
const Share = z.number().min(0).max(1);
// Hidden repeats (self-consistency): the messages are what the lead reads on a 400.
const RepeatRate = z
  .number()
  .min(0, 'The repeat rate cannot be negative (0 turns repeats off).')
  .max(0.2, 'The repeat rate can be at most 0.2 (one queue slot in five).');
const RepeatMinGap = z
  .number()
  .int('The repeat gap is a whole number of items.')
  .min(1, 'A repeat must come at least 1 item after the original.')
  .max(10_000, 'The repeat gap can be at most 10,000 items.');
const CollusionPrecision = z
  .number()
  .min(0.05, 'The collusion bound can be no lower than 0.05.')
  .max(1, 'The collusion bound is a share: at most 1 (no decoys).');
const ExposureCap = z
  .number()
  .int('The gold exposure cap is a whole number of annotators.')
  .min(2, 'A gold item must be allowed at least 2 annotators, or it measures nobody against anybody.')
  .max(100_000)
  .nullable();

export const QueueSettings = z.strictObject({
  /** How many distinct annotators label an overlapped live item. */
  overlap: z.number().int().min(1).max(50),
  /** Share of live items that are overlapped (the rest get one annotator). */
  overlapShare: Share,
  /** Hidden gold share of each queue, when not adaptive. */
  goldRate: z.number().min(0).max(0.5),
  /** At least this many live items between two gold items. */
  goldMinGap: z.number().int().min(0).max(100),
  /** Most distinct annotators one gold item is served to; null: no cap. */
  goldExposureCap: ExposureCap,
  /** Against collusion: highest share of gold among items two annotators both got (decoy live items make up the rest; 1 turns decoys off). */
  collusionPrecision: CollusionPrecision,
  /** Annotators see their own gold accuracy, aggregated and delayed (never per item). */
  goldFeedback: z.boolean(),
  goldAdaptive: z.boolean(),
  goldRateMin: z.number().min(0).max(0.5),
  goldRateMax: z.number().min(0).max(0.5),
  /** The accuracy the adaptive rate steers around. */
  goldTargetAccuracy: Share,
  /** Mean quiz score needed before live work (when the project has quiz items). */
  quizPassMark: Share,
  /** Share of queue slots that hide a repeat of an item the annotator already submitted (0 = off). */
  repeatRate: RepeatRate,
  /** A repeat comes at least this many of the annotator's items after the original. */
  repeatMinGap: RepeatMinGap,
});
export type QueueSettings = z.infer<typeof QueueSettings>;

export const QueueSettingsPatch = z.strictObject({
  overlap: z.number().int().min(1).max(50).optional(),
  overlapShare: Share.optional(),
  goldRate: z.number().min(0).max(0.5).optional(),
  goldMinGap: z.number().int().min(0).max(100).optional(),
  goldExposureCap: ExposureCap.optional(),
  collusionPrecision: CollusionPrecision.optional(),
  goldFeedback: z.boolean().optional(),
  goldAdaptive: z.boolean().optional(),
  goldRateMin: z.number().min(0).max(0.5).optional(),
  goldRateMax: z.number().min(0).max(0.5).optional(),
  goldTargetAccuracy: Share.optional(),
  quizPassMark: Share.optional(),
  repeatRate: RepeatRate.optional(),
  repeatMinGap: RepeatMinGap.optional(),
  /** Gold item ids to put in (or take out of) the declared qualification quiz. */
  quizAdd: z.array(Id).max(1000).optional(),
  quizRemove: z.array(Id).max(1000).optional(),
  /** Item ids to put in (or take out of) the calibration set every annotator labels. */
  calibrationAdd: z.array(Id).max(1000).optional(),
  calibrationRemove: z.array(Id).max(1000).optional(),
});
export type QueueSettingsPatch = z.infer<typeof QueueSettingsPatch>;

/** What the collusion bound costs: live items overlapped as decoys, and the labels that adds. */
export const DecoyCost = z.object({
  overlap: z.number().int().positive(),
  share: Share,
  /** Labels beyond the lead's own overlap, per 100 live items. */
  extraLabelsPer100: z.number().nonnegative(),
  /** The colluding pair's precision these settings give. */
  precision: Share,
});
export type DecoyCost = z.infer<typeof DecoyCost>;

export const QueueSettingsResponse = z.object({
  settings: QueueSettings,
  calibrationItems: z.number().int().nonnegative(),
  quizItems: z.number().int().nonnegative(),
  decoys: DecoyCost,
});
export type QueueSettingsResponse = z.infer<typeof QueueSettingsResponse>;

/** What an annotator learns about their own qualification: stage and, once done, their score. Never answers. */
export const QualificationView = z.object({
  status: z.enum(['not_required', 'in_progress', 'passed', 'failed']),
  score: z.number().min(0).max(1).nullable(),
  answered: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  passMark: Share,
});
export type QualificationView = z.infer<typeof QualificationView>;

/**
 * An annotator's own gold accuracy where the project enables it: whole blocks of scores at least
 * a day old (domain/scoring/annotator-feedback.ts), so no item can be told gold by watching it.
 */
export const OwnAccuracyView = z.object({
  enabled: z.boolean(),
  accuracy: Share.nullable(),
  basedOn: z.number().int().nonnegative(),
  block: z.number().int().positive(),
  delayHours: z.number().nonnegative(),
});
export type OwnAccuracyView = z.infer<typeof OwnAccuracyView>;
