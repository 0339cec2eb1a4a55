// Guideline version numbers and the rules a publish must pass. Pure: the server feeds it the
// current version, the author's draft and the project's labels, and refuses when problems come back.
//
//   clarification  x.y ──▶ x.(y+1)   wording only; applies from now on, sends nothing back
//   label_change   x.y ──▶ (x+1).0   names the labels whose intended answers changed
import type { GuidelineSection, LabelSchema, Problem, SchemaChange } from '../api/index.ts';
import { versionLabel } from '../api/index.ts';
import { applySchemaChanges, sentBackClasses } from '../taxonomy/apply.ts';

export type PublishKind = 'clarification' | 'label_change';
export interface VersionNumber {
  major: number;
  minor: number;
}

export function nextVersion(current: VersionNumber, kind: PublishKind): VersionNumber {
  return kind === 'label_change' ? { major: current.major + 1, minor: 0 } : { major: current.major, minor: current.minor + 1 };
}

/** Negative when a is older than b, zero when equal, positive when newer. */
export function compareVersions(a: VersionNumber, b: VersionNumber): number {
  return a.major !== b.major ? a.major - b.major : a.minor - b.minor;
}

/** Sections compared as the annotator reads them: same order, same fields (undefined = absent). */
export function sameSections(a: readonly GuidelineSection[], b: readonly GuidelineSection[]): boolean {
  return a.length === b.length && a.every((s, i) => sectionKey(s) === sectionKey(b[i] as GuidelineSection));
}

export function sectionKey(s: GuidelineSection): string {
  return JSON.stringify([s.id, s.kind, s.title, s.body, [...s.labels], s.itemId ?? null, s.reason ?? null]);
}

export interface PublishInput {
  current: VersionNumber & { sections: readonly GuidelineSection[] };
  sections: readonly GuidelineSection[];
  kind: PublishKind;
  affectedLabels: readonly string[];
  changelog: string;
  /** Label ids of the project's schema. */
  labelIds: readonly string[];
  /** Label-schema changes published with the text (checked against `schema`). */
  schemaChanges?: readonly SchemaChange[];
  schema?: LabelSchema;
}

/**
 * Everything wrong with a publish, each with the path it concerns; empty means it may go ahead.
 * Whether an example's item belongs to the project is checked by the server (it needs the database).
 */
export function validatePublish(input: PublishInput): Problem[] {
  const problems: Problem[] = [];
  const changes = input.schemaChanges ?? [];
  const currentLabel = versionLabel(input.current.major, input.current.minor);
  const next = nextVersion(input.current, input.kind);
  const applied = input.schema && changes.length > 0 ? applySchemaChanges(input.schema, changes, versionLabel(next.major, next.minor)) : null;
  // Sections may name classes the same publish adds (a split's parts, say).
  const known = new Set([...input.labelIds, ...(applied?.schema.labels.map((l) => l.id) ?? [])]);
  const sendsBack = sentBackClasses(changes).length > 0;

  if (sameSections(input.current.sections, input.sections) && changes.length === 0) {
    problems.push({ path: 'sections', message: `The draft has no changes against the current version ${currentLabel}; there is nothing to publish.` });
  }
  if (input.changelog.trim() === '') problems.push({ path: 'changelog', message: 'Write a changelog: annotators read it before they go on.' });
  if (applied) problems.push(...applied.problems);

  if (input.kind === 'label_change') {
    if (input.affectedLabels.length === 0 && !sendsBack)
      problems.push({ path: 'affectedLabels', message: 'A label-changing update must name the labels whose intended answers changed.' });
    const unknown = input.affectedLabels.filter((l) => !known.has(l));
    if (unknown.length > 0)
      problems.push({
        path: 'affectedLabels',
        message: `Unknown label${unknown.length > 1 ? 's' : ''} ${unknown.map((l) => `"${l}"`).join(', ')}: affected labels must be labels of this project.`,
      });
    if (new Set(input.affectedLabels).size !== input.affectedLabels.length)
      problems.push({ path: 'affectedLabels', message: 'A label is named twice among the affected labels.' });
  } else {
    if (input.affectedLabels.length > 0)
      problems.push({
        path: 'affectedLabels',
        message: 'A clarification changes no labels; publish a label-changing update to send labels back for re-annotation.',
      });
    if (sendsBack)
      problems.push({
        path: 'kind',
        message: 'These label changes send labels back for re-annotation (a split, or a retirement with "send back"): publish them as a label-changing update.',
      });
  }

  problems.push(...validateSections(input.sections, known));
  return problems;
}

/** Rules every section list must keep, in a draft being published. */
export function validateSections(sections: readonly GuidelineSection[], known: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  if (sections.length === 0) problems.push({ path: 'sections', message: 'A guideline needs at least one section.' });
  const seen = new Set<string>();
  sections.forEach((s, i) => {
    const at = `sections.${i}`;
    if (seen.has(s.id)) problems.push({ path: `${at}.id`, message: `Section id "${s.id}" is used twice.` });
    seen.add(s.id);
    const unknown = s.labels.filter((l) => !known.has(l));
    if (unknown.length > 0)
      problems.push({
        path: `${at}.labels`,
        message: `Section "${s.title}" names unknown label${unknown.length > 1 ? 's' : ''} ${unknown.map((l) => `"${l}"`).join(', ')}.`,
      });
    if (s.kind === 'example' || s.kind === 'counter_example') {
      const what = s.kind === 'example' ? 'An example' : 'A counter-example';
      if (!s.itemId) problems.push({ path: `${at}.itemId`, message: `${what} ("${s.title}") must point at an item of this project.` });
      if (!s.reason?.trim()) problems.push({ path: `${at}.reason`, message: `${what} ("${s.title}") must say why: fill in the reason.` });
    }
  });
  return problems;
}

/** Item ids the sections point at (examples and counter-examples), without repeats. */
export function exampleItemIds(sections: readonly GuidelineSection[]): string[] {
  return [...new Set(sections.flatMap((s) => (s.itemId && (s.kind === 'example' || s.kind === 'counter_example') ? [s.itemId] : [])))];
}

/**
 * Whether an annotator must acknowledge `current` before submitting. Version 1.0 (the initial
 * guideline) is what the project starts with; only published updates call for an acknowledgement.
 */
export function needsAcknowledgement(current: { kind: 'initial' | PublishKind }, acknowledged: boolean): boolean {
  return current.kind !== 'initial' && !acknowledged;
}
