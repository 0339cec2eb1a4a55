// Which labels go back for re-annotation after a label-changing (major) update.
//
// The rule, exactly:
//   Only the CURRENT annotation of each (item, annotator) is considered: its latest revision.
//   Older revisions are history; they never go back.
//   It goes back iff
//     (1) it was made under a version OLDER than the major update (compared as major.minor), and
//     (2) its labels (shape labels, span labels and document classes) include at least one of
//         the labels the update names.
//   Annotations on other labels, annotations already made under the update (or a newer version),
//   and annotations with no labels at all stay as they are.
//
// A late submission (made offline under an old version, received after one or more majors) is
// judged the same way against every major newer than the version it was made under: see
// staleLabels.
import type { AnnotationPayload } from '../api/index.ts';
import { compareVersions, type VersionNumber } from './versioning.ts';

/** Every label an annotation uses, once each. */
export function labelsOf(payload: AnnotationPayload): string[] {
  return [...new Set([...payload.shapes.map((s) => s.label), ...payload.spans.map((s) => s.label), ...payload.classes])];
}

export interface RevisionRef {
  itemId: string;
  userId: string;
  revision: number;
  version: VersionNumber;
  labels: readonly string[];
}

export interface MajorUpdate {
  version: VersionNumber;
  labels: readonly string[];
}

/** True when this one revision, if current, must be redone under `update`. */
export function goesBack(rev: Pick<RevisionRef, 'version' | 'labels'>, update: MajorUpdate): boolean {
  if (compareVersions(rev.version, update.version) >= 0) return false;
  const named = new Set(update.labels);
  return rev.labels.some((l) => named.has(l));
}

/** The current revisions (latest per item and annotator) that go back, in input order. */
export function selectForReannotation<R extends RevisionRef>(revisions: readonly R[], update: MajorUpdate): R[] {
  const latest = new Map<string, R>();
  for (const r of revisions) {
    const key = `${r.itemId}\u0000${r.userId}`;
    const seen = latest.get(key);
    if (!seen || r.revision > seen.revision) latest.set(key, r);
  }
  const current = new Set(latest.values());
  return revisions.filter((r) => current.has(r) && goesBack(r, update));
}

export interface PublishedVersion extends VersionNumber {
  kind: 'initial' | 'clarification' | 'label_change';
  affectedLabels: readonly string[];
}

/**
 * The labels changed by label-changing versions newer than `madeUnder`: a revision made under
 * `madeUnder` that uses one of them goes back. Empty when no major came after it.
 */
export function staleLabels(versions: readonly PublishedVersion[], madeUnder: VersionNumber): string[] {
  const out = new Set<string>();
  for (const v of versions) if (v.kind === 'label_change' && compareVersions(madeUnder, v) < 0) for (const l of v.affectedLabels) out.add(l);
  return [...out];
}

/** Whether a gold answer stops counting after a major update naming `labels` (until re-verified). */
export function goldLeavesScoring(answer: AnnotationPayload, labels: readonly string[]): boolean {
  const named = new Set(labels);
  return labelsOf(answer).some((l) => named.has(l));
}

export interface AffectedPart {
  /** The shape's or span's id; a document class is `class:<label>`. */
  id: string;
  label: string;
  /** What changed, for the annotator: the version and its changelog or the schema change. */
  rule: string;
}

/**
 * The parts of an answer that a re-annotation concerns: every shape, span and document class
 * whose label is one of `labels`, in the answer's order. Everything else stays as it was.
 */
export function affectedParts(payload: AnnotationPayload, labels: readonly string[], ruleFor: (label: string) => string): AffectedPart[] {
  const named = new Set(labels);
  return [
    ...payload.shapes.filter((s) => named.has(s.label)).map((s) => ({ id: s.id, label: s.label, rule: ruleFor(s.label) })),
    ...payload.spans.filter((s) => named.has(s.label)).map((s) => ({ id: s.id, label: s.label, rule: ruleFor(s.label) })),
    ...payload.classes.filter((c) => named.has(c)).map((c) => ({ id: `class:${c}`, label: c, rule: ruleFor(c) })),
  ];
}
