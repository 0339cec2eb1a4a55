import { z } from 'zod';
import { Id, IsoDateTime, ProjectKind } from './common.ts';
import { ImageContent } from './queue.ts';
import { LabelId } from './labels.ts';
import { GuidelineSection, GuidelineVersion } from './guidelines.ts';
import { SchemaChanges } from './schema-changes.ts';

// Authoring, history, acknowledgement and re-annotation of guideline versions.

export const VersionSummary = GuidelineVersion.omit({ sections: true });
export type VersionSummary = z.infer<typeof VersionSummary>;
export const VersionList = z.object({ versions: z.array(VersionSummary) });

export const GuidelineDraft = z.object({
  baseVersionId: Id,
  /** Version label of the base, for the "someone published meanwhile" message. */
  baseVersion: z.string(),
  sections: z.array(GuidelineSection),
  /** The label-schema changes drafted alongside the text, published with it. */
  schemaChanges: SchemaChanges.optional(),
  updatedAt: IsoDateTime.nullable(),
  /** True when a newer version was published after this draft's base. */
  stale: z.boolean(),
});
export type GuidelineDraft = z.infer<typeof GuidelineDraft>;

export const SaveDraftRequest = z.strictObject({
  baseVersionId: Id,
  sections: z.array(GuidelineSection).max(500),
  schemaChanges: SchemaChanges.optional(),
});
export type SaveDraftRequest = z.infer<typeof SaveDraftRequest>;

export const PublishRequest = z.strictObject({
  kind: z.enum(['clarification', 'label_change']),
  affectedLabels: z.array(LabelId).max(200).default([]),
  changelog: z.string().max(5_000),
  baseVersionId: Id,
});
export type PublishRequest = z.infer<typeof PublishRequest>;

export const PublishResponse = z.object({
  version: GuidelineVersion,
  reannotation: z.object({ annotations: z.number().int(), goldDeactivated: z.number().int() }),
});

export const ImpactQuery = z.strictObject({
  labels: z
    .string()
    .max(4_000)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
});
export const ImpactPreview = z.object({
  labels: z.array(LabelId),
  /** Current annotations (latest revision per item and annotator) that would go back. */
  annotations: z.number().int().nonnegative(),
  items: z.number().int().nonnegative(),
  annotators: z.number().int().nonnegative(),
  /** Active gold answers that would leave scoring until re-verified. */
  goldAnswers: z.number().int().nonnegative(),
});
export type ImpactPreview = z.infer<typeof ImpactPreview>;

const LineOp = z.object({ op: z.enum(['same', 'add', 'del']), text: z.string() });
export const GuidelineDiffResponse = z.object({
  from: VersionSummary,
  to: VersionSummary,
  added: z.array(GuidelineSection),
  removed: z.array(GuidelineSection),
  changed: z.array(
    z.object({
      id: z.string(),
      before: GuidelineSection,
      after: GuidelineSection,
      fields: z.array(z.enum(['kind', 'title', 'body', 'labels', 'itemId', 'reason', 'position'])),
      body: z.array(LineOp),
    }),
  ),
  unchanged: z.number().int(),
});
export type GuidelineDiffResponse = z.infer<typeof GuidelineDiffResponse>;

export const AckRequest = z.strictObject({ versionId: Id });
export const AckStatus = z.object({
  current: VersionSummary,
  acknowledged: z.boolean(),
  /** Whether a submission is held until the current version is acknowledged. */
  required: z.boolean(),
  /** Changelogs of the versions published since the last one this annotator acknowledged, newest first. */
  unread: z.array(VersionSummary),
});
export type AckStatus = z.infer<typeof AckStatus>;

/** An item a guideline example points at, as the guideline panel shows it. */
export const ExampleItem = z.object({
  id: Id,
  kind: ProjectKind,
  image: ImageContent.nullable(),
  text: z.string().nullable(),
});
export type ExampleItem = z.infer<typeof ExampleItem>;

export const ReverifyRequest = z.strictObject({ justification: z.string().max(2_000).optional() });
export const ReverifyResponse = z.object({ itemId: Id, active: z.literal(true), guidelineVersionId: Id });
