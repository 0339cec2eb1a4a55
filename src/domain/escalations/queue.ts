// The lead's escalation queue, the parts worth testing without a screen: which escalations look
// alike (so one ruling can settle them together) and how an age reads.
import type { AnnotationPayload } from '../api/annotation.ts';
import type { EscalationReason } from '../api/escalations.ts';

export interface LookAlikeFields {
  reason: EscalationReason;
  guidelineRef: string;
  labels: readonly string[];
  tentative: AnnotationPayload | null;
}

/** Every label an escalation mentions: named in doubt, or used in the tentative labels. */
export function mentionedLabels(e: Pick<LookAlikeFields, 'labels' | 'tentative'>): string[] {
  const t = e.tentative;
  const all = [...e.labels, ...(t ? [...t.classes, ...t.shapes.map((s) => s.label), ...t.spans.map((s) => s.label)] : [])];
  return [...new Set(all)].sort();
}

/**
 * Two escalations look alike when they give the same reason, point at the same guideline
 * section and mention the same labels: the same doubt, so one ruling (with its labels checked
 * against each item by the server) can answer both.
 */
export const lookAlikeKey = (e: LookAlikeFields) => JSON.stringify([e.reason, e.guidelineRef, mentionedLabels(e)]);

/** The ids in `list` that look like `target` (the target included), in list order. */
export function lookAlikes<T extends LookAlikeFields & { id: string }>(list: readonly T[], target: T): string[] {
  const key = lookAlikeKey(target);
  return list.filter((e) => lookAlikeKey(e) === key).map((e) => e.id);
}

/** "under 1 hour", "5 hours", "3 days": how long an escalation has waited, in words. */
export function ageText(hours: number): string {
  if (hours < 1) return 'under 1 hour';
  if (hours < 48) return hours === 1 ? '1 hour' : `${hours} hours`;
  return `${Math.floor(hours / 24)} days`;
}

/** The age filter's choices: waiting longer than this many hours (null: any age). */
export const AGE_CHOICES: ReadonlyArray<{ hours: number | null; text: string }> = [
  { hours: null, text: 'Any age' },
  { hours: 4, text: 'Older than 4 hours' },
  { hours: 24, text: 'Older than 1 day' },
  { hours: 72, text: 'Older than 3 days' },
  { hours: 168, text: 'Older than 1 week' },
];
