import { z } from 'zod';
import { AttributeDef, AttributeName, LabelId, Tool } from './labels.ts';

// A label-schema change list, published with a guideline version. Changes apply in order, each
// to the schema the previous ones left (so a split may create "cosmetic" and a later merge fold
// "scratch" into it). What happens to existing labels is part of each change:
//   rename / recolour / rehotkey / add   nothing goes back (the class keeps its id)
//   merge A,B → C                         labels mapped to C, nothing goes back
//   split A → A1,A2                       exactly the labels of A go back ("choose A1 or A2")
//   retire A, attribute changes           the author chooses: send back, or keep as they are
const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must be #rrggbb');
const Hotkey = z.string().regex(/^[0-9a-z]$/, 'a hotkey is one digit or lower-case letter');
const ClassName = z.string().trim().min(1).max(64);
const Disposition = z.enum(['send_back', 'keep']);
export type Disposition = z.infer<typeof Disposition>;

/** A class a merge or split leads to: an existing class (id only) or a new one (id, name, colour). */
export const ClassTarget = z.strictObject({ id: LabelId, name: ClassName.optional(), color: Colour.optional(), hotkey: Hotkey.optional() });
export type ClassTarget = z.infer<typeof ClassTarget>;

export const SchemaChange = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('add_class'), id: LabelId, name: ClassName, color: Colour, hotkey: Hotkey.optional(), tools: z.array(Tool).min(1) }),
  z.strictObject({ op: z.literal('rename_class'), id: LabelId, name: ClassName }),
  z.strictObject({ op: z.literal('recolour_class'), id: LabelId, color: Colour }),
  z.strictObject({ op: z.literal('rehotkey_class'), id: LabelId, hotkey: Hotkey.nullable() }),
  z.strictObject({ op: z.literal('merge_classes'), from: z.array(LabelId).min(1).max(50), into: ClassTarget }),
  z.strictObject({ op: z.literal('split_class'), id: LabelId, into: z.array(ClassTarget).max(50) }),
  z.strictObject({ op: z.literal('retire_class'), id: LabelId, labels: Disposition }),
  z.strictObject({ op: z.literal('add_attribute'), id: LabelId, attribute: AttributeDef, labels: Disposition }),
  z.strictObject({ op: z.literal('retire_attribute'), id: LabelId, name: AttributeName, labels: Disposition }),
  z.strictObject({
    op: z.literal('change_options'),
    id: LabelId,
    name: AttributeName,
    options: z.array(z.string().min(1).max(64)).min(1).max(50),
    labels: Disposition,
  }),
]);
export type SchemaChange = z.infer<typeof SchemaChange>;
export const SchemaChanges = z.array(SchemaChange).max(100);

/** What one change would touch, before anything is written. */
export const ChangeImpact = z.object({
  change: z.number().int(),
  summary: z.string(),
  sendsBack: z.boolean(),
  labels: z.number().int(),
  items: z.number().int(),
  annotators: z.number().int(),
  goldAnswers: z.number().int(),
});
export const SchemaImpactRequest = z.strictObject({ changes: SchemaChanges });
export const SchemaImpact = z.object({
  changes: z.array(ChangeImpact),
  /** Over all changes (a label touched by two changes counts once). */
  total: z.object({
    labels: z.number().int(),
    items: z.number().int(),
    annotators: z.number().int(),
    goldAnswers: z.number().int(),
    sentBack: z.number().int(),
  }),
});
export type SchemaImpact = z.infer<typeof SchemaImpact>;
