import { z } from 'zod';
import { AnnotationPayload } from './annotation.ts';
import { Id } from './common.ts';

// Agreement report of a project, for leads and authors. Every figure carries the number
// of items it rests on; `value` is null (with `reason`) when too few items make a number misleading.

export const Figure = z.object({
  value: z.number().nullable(),
  items: z.number().int().nonnegative(),
  insufficient: z.boolean(),
  reason: z.string().optional(),
});
export type Figure = z.infer<typeof Figure>;

export const SectionRef = z.object({ id: z.string(), title: z.string(), labels: z.array(z.string()) });

/**
 * What a per-label row rates: item classes, or shapes / spans matched into units across annotators
 * (domain/metrics/unit-agreement.ts; "(no shape)" / "(no span)" is the category of an annotator who
 * drew nothing where another did — it appears in confused pairs and item labels, never as a row).
 */
export const AgreementUnit = z.enum(['class', 'shape', 'span']);
export type AgreementUnit = z.infer<typeof AgreementUnit>;

export const AgreementReport = z.object({
  guidelineVersionId: Id.nullable(),
  overall: z.object({ alpha: Figure, fleiss: Figure, cohen: Figure, pairF1: Figure }),
  perLabel: z.array(z.object({ label: z.string(), unit: AgreementUnit.optional(), ratings: z.number().int(), alpha: Figure, kappa: Figure })),
  confused: z.array(
    z.object({ a: z.string(), b: z.string(), unit: AgreementUnit.optional(), count: z.number().int(), items: z.number().int(), sections: z.array(SectionRef) }),
  ),
  worstItems: z.array(
    z.object({
      itemId: Id,
      raters: z.number().int(),
      share: z.number(),
      labels: z.array(z.object({ label: z.string(), count: z.number().int() })),
      sections: z.array(SectionRef),
    }),
  ),
  byVersion: z.array(
    z.object({
      versionId: Id,
      version: z.string(),
      kind: z.string(),
      perLabel: z.array(z.object({ label: z.string(), unit: AgreementUnit.optional(), alpha: Figure })),
    }),
  ),
});
export type AgreementReport = z.infer<typeof AgreementReport>;

/** One overlapped item with each annotator's current answer, for the side-by-side view. */
export const AgreementItem = z.object({
  itemId: Id,
  text: z.string().nullable(),
  image: z.object({ url: z.string(), width: z.number(), height: z.number() }).nullable(),
  answers: z.array(z.object({ annotatorId: Id, displayName: z.string(), payload: AnnotationPayload })),
});
export type AgreementItem = z.infer<typeof AgreementItem>;
