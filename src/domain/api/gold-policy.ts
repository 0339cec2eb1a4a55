import { z } from 'zod';
import { Id } from './common.ts';

// Per-project gold policy (lead only): the IoU a shape match needs, the accuracy threshold, and
// what happens to an annotator below it. Actions are what the dashboard's alert buttons post.
export const GoldPolicyKind = z.enum(['alert', 'pause', 'recalibrate', 'flag']);
export const GoldPolicySettings = z.strictObject({
  iouThreshold: z.number().min(0.05).max(1),
  accuracyThreshold: z.number().min(0).max(1),
  policy: GoldPolicyKind,
});
export type GoldPolicySettings = z.infer<typeof GoldPolicySettings>;
export const GoldPolicyPatch = GoldPolicySettings.partial();

export const GoldPolicyActionRequest = z.strictObject({ action: z.enum(['pause', 'recalibrate', 'flag', 'resume']), userId: Id });
export const GoldPolicyActionResult = z.object({
  action: z.enum(['pause', 'recalibrate', 'flag', 'resume']),
  held: z.enum(['pause', 'recalibrate']).nullable(),
  /** For "flag": the annotator's current revisions since their last good hour, to review. */
  flagged: z.array(Id),
  since: z.string().nullable(),
});
