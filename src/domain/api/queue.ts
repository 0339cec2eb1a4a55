import { z } from 'zod';
import { Id, IsoDateTime, ProjectKind } from './common.ts';
import { AnnotationPayload } from './annotation.ts';
import { LabelId } from './labels.ts';

// What an annotator is served. Gold and live items are the same object with the same fields
// and the same opaque id and asset-URL scheme: nothing here may depend on gold status.
export const ImageContent = z.object({ url: z.string(), width: z.number().int().positive(), height: z.number().int().positive() });
/** On a queue item: it is back for re-annotation after a label-changing guideline update. */
export const ReannotationNote = z.object({
  taskId: Id,
  version: z.string(),
  labels: z.array(LabelId),
  /** The annotator's own latest answer on the item, in the current schema: the item opens with it. */
  previous: AnnotationPayload.optional(),
  /** The shapes, spans and document classes of `previous` the update concerns, each with the rule that changed. */
  affected: z.array(z.object({ id: z.string(), label: LabelId, rule: z.string() })).optional(),
});
export type ReannotationNote = z.infer<typeof ReannotationNote>;

export const QueueItem = z.object({
  id: Id,
  projectId: Id,
  kind: ProjectKind,
  /** Image items: the asset to draw on. Text items: null. */
  image: ImageContent.nullable(),
  /** Text items: the document. Image items: null. */
  text: z.string().nullable(),
  position: z.number().int().nonnegative(),
  leaseExpiresAt: IsoDateTime,
  /** Set when the item is back in the queue for re-annotation (any item, gold or live). */
  reannotation: ReannotationNote.nullable().optional(),
  /** Set when a lead returned this annotator's escalation of the item: what they should do. */
  returnedEscalation: z.object({ escalationId: Id, comment: z.string() }).nullable().optional(),
  /**
   * Imported suggestions (a model's output) the annotator starts from instead of an empty item.
   * Whatever the lead imported, for gold and live items alike: the server adds nothing of its own.
   */
  preAnnotation: AnnotationPayload.nullable().optional(),
});
export type QueueItem = z.infer<typeof QueueItem>;

export const QueueResponse = z.object({
  items: z.array(QueueItem),
  /** A lead has put this annotator's work here on hold (pause or recalibration): nothing is served until it is lifted. */
  paused: z.boolean().default(false),
  /** Items this annotator has finished in the project, on every device (what the server holds). */
  done: z.number().int().nonnegative().default(0),
});
export type QueueResponse = z.infer<typeof QueueResponse>;

export const QueueQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
