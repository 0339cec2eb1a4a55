// The label schema while it is being edited: the wire schema's input type (a draft may be
// invalid), the moves the editor makes on it, and the domain schema's own complaints laid out by
// field, so the form says in words what the server would refuse, before anything is sent.
import type { z } from 'zod';
import { LabelSchema, type ProjectKind, type Tool } from '../../domain/api/index.ts';
import { freeColour, slug } from '../../domain/taxonomy/new-class.ts';

export type LabelSchemaDraft = z.input<typeof LabelSchema>;
export type LabelDraft = LabelSchemaDraft['labels'][number];
export type AttributeDraft = NonNullable<LabelDraft['attributes']>[number];

/** Tools that apply to a project of this kind, with the words the editor shows for them. */
export const TOOLS_BY_KIND: Record<ProjectKind, ReadonlyArray<{ tool: Tool; name: string }>> = {
  image: [
    { tool: 'box', name: 'Box' },
    { tool: 'polygon', name: 'Polygon' },
    { tool: 'class', name: 'Image class' },
  ],
  text: [
    { tool: 'span', name: 'Span' },
    { tool: 'class', name: 'Document class' },
  ],
};

/** A label id made from its name (the domain's rule for every new class). */
export const idFromName = (name: string): string => slug(name);

export function emptySchema(): LabelSchemaDraft {
  return { labels: [], classMode: 'single' };
}

export function newLabel(schema: LabelSchemaDraft, kind: ProjectKind): LabelDraft {
  const color = freeColour(
    schema.labels.map((l) => l.color),
    schema.labels.length,
  );
  const keys = new Set(schema.labels.map((l) => l.hotkey));
  const hotkey = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].find((k) => !keys.has(k));
  return { id: '', name: '', color, ...(hotkey ? { hotkey } : {}), tools: [TOOLS_BY_KIND[kind][0]!.tool], attributes: [] };
}

/** Renames a label; its id follows the name while the id is still the one made from the old name. */
export function renameLabel(label: LabelDraft, name: string): LabelDraft {
  const follows = label.id === '' || label.id === idFromName(label.name);
  return { ...label, name, ...(follows ? { id: idFromName(name) } : {}) };
}

export function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((x, i) => (i === index ? item : x));
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** The domain schema's complaints, keyed by field path ("labels.0.hotkey"); "" for the whole schema. */
export type SchemaIssues = ReadonlyMap<string, string[]>;

export function schemaIssues(draft: LabelSchemaDraft): SchemaIssues {
  const result = LabelSchema.safeParse(draft);
  const issues = new Map<string, string[]>();
  if (result.success) return issues;
  for (const issue of result.error.issues) {
    const key = issue.path.join('.');
    issues.set(key, [...(issues.get(key) ?? []), issue.message]);
  }
  return issues;
}

export function issuesAt(issues: SchemaIssues, path: string): string[] {
  return issues.get(path) ?? [];
}

/** Issues under `prefix` that none of the `shown` fields displays (so none goes unsaid). */
export function otherIssuesUnder(issues: SchemaIssues, prefix: string, shown: readonly string[]): string[] {
  const own = new Set(shown.map((s) => `${prefix}.${s}`));
  return [...issues]
    .filter(([path]) => (path === prefix || path.startsWith(`${prefix}.`)) && !own.has(path) && ![...own].some((o) => path.startsWith(`${o}.`)))
    .flatMap(([, m]) => m);
}
