// Consensus of whole annotation payloads (one per annotator, their current revisions): classes by
// majority vote on each annotator's class set, shapes clustered by IoU, spans by exact match
// (consensus.ts). A tie anywhere makes the item an adjudication task; otherwise the returned
// payload is the item's final label.
import type { AnnotationPayload } from '../api/annotation.ts';
import { majorityLabel, shapeConsensus, spanConsensus } from './consensus.ts';
import { compareStrings } from './ratings.ts';

export interface PayloadConsensus {
  /** The consensus payload; null when a tie needs a lead. */
  readonly payload: AnnotationPayload | null;
  readonly needsAdjudication: boolean;
  /** Labels involved in ties (what the lead is asked to decide between), sorted. */
  readonly tiedLabels: readonly string[];
}

// Class sets are compared whole ("a+b" vs "a"): a multi-class answer is one vote.
const SEP = '\u0000';

export function consensusPayload(
  answers: readonly { readonly annotator: string; readonly payload: AnnotationPayload }[],
  iouThreshold: number,
): PayloadConsensus {
  const tied = new Set<string>();
  const classVote = majorityLabel(answers.map((a) => ({ rater: a.annotator, label: [...new Set(a.payload.classes)].sort(compareStrings).join(SEP) })));
  if (classVote.kind === 'tie') for (const c of classVote.candidates) for (const l of c.split(SEP)) if (l) tied.add(l);
  const shapes = shapeConsensus(
    answers.map((a) => ({ annotator: a.annotator, shapes: a.payload.shapes })),
    iouThreshold,
  );
  const spans = spanConsensus(answers.map((a) => ({ annotator: a.annotator, shapes: a.payload.spans })));
  for (const c of [...shapes.clusters, ...spans.clusters]) {
    if (c.status !== 'tie') continue;
    for (const m of c.members) tied.add(m.shape.label);
  }
  const needsAdjudication = classVote.kind === 'tie' || shapes.needsAdjudication || spans.needsAdjudication;
  const tiedLabels = [...tied].sort(compareStrings);
  if (needsAdjudication || classVote.kind !== 'agreed') return { payload: null, needsAdjudication: true, tiedLabels };
  return {
    payload: {
      classes: classVote.label === '' ? [] : classVote.label.split(SEP),
      shapes: shapes.clusters.flatMap((c) => (c.status === 'kept' && c.representative ? [c.representative] : [])),
      spans: spans.clusters.flatMap((c) => (c.status === 'kept' && c.representative ? [c.representative] : [])),
    },
    needsAdjudication: false,
    tiedLabels,
  };
}

export type ConsensusSource = 'adjudicated' | 'majority' | 'single';

/**
 * The label to export for an item: the lead's adjudication when there is one, else the majority
 * vote of the annotators' current answers, else (one annotator) that answer; null when nobody
 * answered, or the vote tied and no lead has decided yet. One rule for the export and for
 * consensusLabelFor (server/agreement/consensus.ts).
 */
export function finalPayload(
  adjudicated: AnnotationPayload | null,
  answers: readonly { readonly annotator: string; readonly payload: AnnotationPayload }[],
  iouThreshold: number,
): { payload: AnnotationPayload; source: ConsensusSource } | null {
  if (adjudicated) return { payload: adjudicated, source: 'adjudicated' };
  if (answers.length === 0) return null;
  if (answers.length === 1) return { payload: answers[0]!.payload, source: 'single' };
  const c = consensusPayload(answers, iouThreshold);
  return c.payload ? { payload: c.payload, source: 'majority' } : null;
}
