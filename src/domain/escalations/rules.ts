// What makes an escalation answerable by a lead, as words the annotator reads before it is sent.
// The escalate dialog checks these before the mutation goes to the outbox; the server checks the
// part that concerns the label schema (unknownEscalationLabels) when the mutation is applied.
import type { EscalationReason } from '../api/escalations.ts';

export interface EscalationDraft {
  reason: EscalationReason | null;
  note: string;
  /** The labels the annotator cannot choose between (only for 'ambiguous_labels'). */
  labels: readonly string[];
}

export const NOTE_MAX = 2000;

export const REASON_TEXT: Record<EscalationReason, string> = {
  not_covered: 'Not covered by the guideline',
  ambiguous_labels: 'Ambiguous between named labels',
  bad_asset: 'Bad or unreadable asset',
  other: 'Other',
};

/** Label ids named in an escalation that the project's schema does not have. */
export function unknownEscalationLabels(labels: readonly string[], schemaLabelIds: readonly string[]): string[] {
  const known = new Set(schemaLabelIds);
  return labels.filter((l) => !known.has(l));
}

/** Every problem with a draft, keyed by the field it belongs to; empty when it can be sent. */
export function escalationProblems(d: EscalationDraft, schemaLabelIds: readonly string[]): Partial<Record<'reason' | 'note' | 'labels', string>> {
  const out: Partial<Record<'reason' | 'note' | 'labels', string>> = {};
  const note = d.note.trim();
  if (!d.reason) out.reason = 'Choose why you are escalating this item.';
  if (d.reason === 'other' && note.length === 0) out.note = 'Say what the problem is: a note is required when the reason is “Other”.';
  if (note.length > NOTE_MAX) out.note = `The note is ${note.length} characters long; at most ${NOTE_MAX} are allowed.`;
  if (d.reason === 'ambiguous_labels') {
    const unknown = unknownEscalationLabels(d.labels, schemaLabelIds);
    if (unknown.length > 0) out.labels = `Not labels of this project: ${unknown.join(', ')}.`;
    else if (new Set(d.labels).size < 2) out.labels = 'Pick at least two labels you cannot choose between.';
  }
  return out;
}
