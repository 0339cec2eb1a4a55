import { z } from 'zod';
import { SchemaChange } from './schema-changes.ts';
import { Id, IsoDateTime } from './common.ts';
import { LabelId } from './labels.ts';

// A guideline version is a list of sections (DESIGN.md "Guidelines"). Text is markdown,
// rendered without raw HTML.
export const SectionKind = z.enum(['definition', 'rule', 'example', 'counter_example', 'edge_case', 'escalation']);
export type SectionKind = z.infer<typeof SectionKind>;

export const GuidelineSection = z.strictObject({
  id: z.string().min(1).max(64),
  kind: SectionKind,
  title: z.string().trim().min(1).max(200),
  body: z.string().max(20_000),
  labels: z.array(LabelId).max(50).default([]),
  /** For examples and counter-examples: the item it points at, and why. */
  itemId: Id.optional(),
  reason: z.string().max(2_000).optional(),
});
export type GuidelineSection = z.infer<typeof GuidelineSection>;

export const GuidelineVersion = z.object({
  id: Id,
  projectId: Id,
  major: z.number().int().positive(),
  minor: z.number().int().nonnegative(),
  version: z.string(),
  kind: z.enum(['initial', 'clarification', 'label_change']),
  affectedLabels: z.array(LabelId),
  changelog: z.string(),
  sections: z.array(GuidelineSection),
  publishedAt: IsoDateTime,
  /** The label-schema changes this version made, in order (absent or empty: none). */
  schemaChanges: z.array(SchemaChange).optional(),
});
export type GuidelineVersion = z.infer<typeof GuidelineVersion>;

export const versionLabel = (major: number, minor: number) => `${major}.${minor}`;
