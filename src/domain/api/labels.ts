import { z } from 'zod';
import { RESERVED_HOTKEYS } from '../editor/reserved-hotkeys.ts';

// The label schema of a project: which classes exist, how they look, which keys pick them,
// which tools apply and which attributes they carry.
export const LabelId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,47}$/, 'label ids are 1–48 lower-case letters, digits, "-" or "_"');
export const Tool = z.enum(['box', 'polygon', 'span', 'class']);
export type Tool = z.infer<typeof Tool>;

/** The longest free-text attribute value any schema may allow (the wire caps values at this). */
export const TEXT_ATTRIBUTE_MAX = 1000;

/**
 * When a class or attribute stops being offered (retired, split or merged by a schema change), it
 * stays in the schema with this note, so old revisions remain readable and valid; `mergedInto`
 * maps its labels forward, `labels: 'send_back'` sends them back for re-annotation.
 */
export const Retirement = z.strictObject({
  version: z.string(),
  labels: z.enum(['send_back', 'keep']),
  mergedInto: z.string().optional(),
  splitInto: z.array(z.string()).optional(),
});
export type Retirement = z.infer<typeof Retirement>;

export const AttributeName = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'attribute names are 1–32 lower-case letters, digits or "_"');
export const AttributeDef = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('boolean'),
    name: AttributeName,
    title: z.string().max(64).optional(),
    default: z.boolean().default(false),
    retired: Retirement.optional(),
  }),
  z.strictObject({
    type: z.literal('select'),
    name: AttributeName,
    title: z.string().max(64).optional(),
    options: z.array(z.string().min(1).max(64)).min(1).max(50),
    default: z.string().optional(),
    /** Options an earlier schema version offered: old values stay valid, they are no longer offered. */
    formerOptions: z.array(z.string().min(1).max(64)).max(200).optional(),
    retired: Retirement.optional(),
  }),
  /** Free text, e.g. a licence plate or a note; the annotator types it. */
  z.strictObject({
    type: z.literal('text'),
    name: AttributeName,
    title: z.string().max(64).optional(),
    maxLength: z.number().int().min(1).max(TEXT_ATTRIBUTE_MAX).default(200),
    retired: Retirement.optional(),
  }),
]);
export type AttributeDef = z.infer<typeof AttributeDef>;

export const LabelClass = z.strictObject({
  id: LabelId,
  name: z.string().trim().min(1).max(64),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must be #rrggbb'),
  hotkey: z
    .string()
    .regex(/^[0-9a-z]$/, 'a hotkey is one digit or lower-case letter')
    .optional(),
  tools: z.array(Tool).min(1, 'a label needs at least one tool (box, polygon, span or class)'),
  attributes: z.array(AttributeDef).max(20).default([]),
  description: z.string().max(500).optional(),
  /** Set once the class is no longer offered (see Retirement); its id is never reused. */
  retired: Retirement.optional(),
});
export type LabelClass = z.infer<typeof LabelClass>;

export const LabelSchema = z
  .strictObject({
    labels: z.array(LabelClass).min(1, 'a label schema needs at least one label').max(200, 'a label schema has at most 200 labels'),
    classMode: z.enum(['single', 'multi']).default('single'),
    allowOverlappingSpans: z.boolean().default(false),
    snapSpansToTokens: z.boolean().default(false),
  })
  .superRefine((schema, ctx) => {
    const seenIds = new Set<string>();
    const seenNames = new Set<string>();
    const seenKeys = new Set<string>();
    schema.labels.forEach((label, i) => {
      if (seenIds.has(label.id)) ctx.addIssue({ code: 'custom', path: ['labels', i, 'id'], message: `label id "${label.id}" is used twice` });
      seenIds.add(label.id);
      const name = label.name.trim().toLocaleLowerCase('en');
      if (seenNames.has(name))
        ctx.addIssue({ code: 'custom', path: ['labels', i, 'name'], message: `label name "${label.name}" is used twice (names are compared ignoring case)` });
      seenNames.add(name);
      if (label.hotkey) {
        if (seenKeys.has(label.hotkey)) ctx.addIssue({ code: 'custom', path: ['labels', i, 'hotkey'], message: `hotkey "${label.hotkey}" is used twice` });
        seenKeys.add(label.hotkey);
        const reserved = RESERVED_HOTKEYS[label.hotkey];
        if (reserved)
          ctx.addIssue({
            code: 'custom',
            path: ['labels', i, 'hotkey'],
            message: `hotkey "${label.hotkey}" is the editor's key for ${reserved}; choose another`,
          });
      }
      const attrNames = new Set<string>();
      label.attributes.forEach((a, j) => {
        if (attrNames.has(a.name))
          ctx.addIssue({
            code: 'custom',
            path: ['labels', i, 'attributes', j, 'name'],
            message: `attribute "${a.name}" of label "${label.name}" is defined twice`,
          });
        attrNames.add(a.name);
        if (a.type === 'select' && a.default !== undefined && !a.options.includes(a.default)) {
          ctx.addIssue({ code: 'custom', path: ['labels', i, 'attributes', j, 'default'], message: `the default of "${a.name}" is not one of its options` });
        }
      });
    });
  });
export type LabelSchema = z.infer<typeof LabelSchema>;

export function labelsForTool(schema: LabelSchema, tool: Tool): LabelClass[] {
  return schema.labels.filter((l) => l.tools.includes(tool));
}

/** The classes an annotator may pick for a tool: retired, split and merged classes are not offered. */
export function offeredLabels(schema: LabelSchema, tool: Tool): LabelClass[] {
  return labelsForTool(schema, tool).filter((l) => !l.retired);
}
