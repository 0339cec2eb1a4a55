// A structural diff between two guideline versions: sections are matched by id; a section is
// added, removed or changed (which fields, and a line diff of the body). The line diff is a plain
// LCS table: guideline bodies are a few hundred lines at most, so O(n·m) is fine.
import type { GuidelineSection } from '../api/index.ts';

export type LineOp = { op: 'same' | 'add' | 'del'; text: string };
export type SectionField = 'kind' | 'title' | 'body' | 'labels' | 'itemId' | 'reason' | 'position';

export interface SectionChange {
  id: string;
  before: GuidelineSection;
  after: GuidelineSection;
  fields: SectionField[];
  /** Line diff of the markdown body (all 'same' when only other fields changed). */
  body: LineOp[];
}

export interface GuidelineDiff {
  added: GuidelineSection[];
  removed: GuidelineSection[];
  changed: SectionChange[];
  unchanged: number;
}

export function diffLines(before: string, after: string): LineOp[] {
  const a = splitLines(before);
  const b = splitLines(after);
  // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: LineOp[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ op: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      ops.push({ op: 'del', text: a[i++]! });
    } else {
      ops.push({ op: 'add', text: b[j++]! });
    }
  }
  while (i < a.length) ops.push({ op: 'del', text: a[i++]! });
  while (j < b.length) ops.push({ op: 'add', text: b[j++]! });
  return ops;
}

// An empty body is no lines (not one empty line), so adding text to it is only additions.
const splitLines = (s: string) => (s === '' ? [] : s.replace(/\r\n?/g, '\n').split('\n'));

export function diffVersions(before: readonly GuidelineSection[], after: readonly GuidelineSection[]): GuidelineDiff {
  const oldById = new Map(before.map((s, i) => [s.id, { s, i }]));
  const newIds = new Set(after.map((s) => s.id));
  const removed = before.filter((s) => !newIds.has(s.id));
  const added: GuidelineSection[] = [];
  const changed: SectionChange[] = [];
  let unchanged = 0;
  // Position counts relative to the sections both versions share, so one insertion does not
  // mark every later section as moved.
  const sharedOld = before.filter((s) => newIds.has(s.id)).map((s) => s.id);
  const sharedNew = after.filter((s) => oldById.has(s.id)).map((s) => s.id);
  for (const s of after) {
    const old = oldById.get(s.id);
    if (!old) {
      added.push(s);
      continue;
    }
    const fields = changedFields(old.s, s);
    if (sharedOld.indexOf(s.id) !== sharedNew.indexOf(s.id)) fields.push('position');
    if (fields.length === 0) unchanged++;
    else changed.push({ id: s.id, before: old.s, after: s, fields, body: diffLines(old.s.body, s.body) });
  }
  return { added, removed, changed, unchanged };
}

function changedFields(a: GuidelineSection, b: GuidelineSection): SectionField[] {
  const fields: SectionField[] = [];
  if (a.kind !== b.kind) fields.push('kind');
  if (a.title !== b.title) fields.push('title');
  if (a.body !== b.body) fields.push('body');
  if (a.labels.join('\u0000') !== b.labels.join('\u0000')) fields.push('labels');
  if ((a.itemId ?? null) !== (b.itemId ?? null)) fields.push('itemId');
  if ((a.reason ?? '') !== (b.reason ?? '')) fields.push('reason');
  return fields;
}
