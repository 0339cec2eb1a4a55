import { z } from 'zod';
import { Id, IsoDateTime, ProjectKind } from './common.ts';
import { AnnotationPayload } from './annotation.ts';
import { ImageContent } from './queue.ts';

// The lead's data manager: every item of a project with where it stands, filtered and paged on
// the server, an item's revisions, and sending chosen items' current labels to review.

/**
 * Where an item stands, one word, the first that holds in this order: an open escalation
 * (escalated); a label sent back for re-annotation or an escalation returned and not yet answered
 * (sent_back); a label waiting for a reviewer (in_review); a lead's final answer (adjudicated);
 * any submitted label (labelled); none (unlabelled).
 */
export const ItemStatus = z.enum(['unlabelled', 'labelled', 'in_review', 'escalated', 'sent_back', 'adjudicated']);
export type ItemStatus = z.infer<typeof ItemStatus>;

export const ITEM_STATUS_NAMES: Record<ItemStatus, string> = {
  unlabelled: 'Unlabelled',
  labelled: 'Labelled',
  in_review: 'In review',
  escalated: 'Escalated',
  sent_back: 'Sent back',
  adjudicated: 'Adjudicated',
};

export const ItemListQuery = z.strictObject({
  status: ItemStatus.optional(),
  /** A label id: items whose current labels (any annotator's) use it. */
  label: z.string().trim().min(1).max(100).optional(),
  /** A user id: items that annotator has labelled. */
  annotator: Id.optional(),
  page: z.coerce.number({ message: 'the page is a whole number from 1' }).int().min(1, 'pages count from 1').max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ItemListQuery = z.infer<typeof ItemListQuery>;

export const ItemRow = z.object({
  id: Id,
  /** Order of the item in the project (import order). */
  seq: z.number().int(),
  /** The name it was imported as (file name), else a short name made from its id. */
  name: z.string(),
  status: ItemStatus,
  gold: z.boolean(),
  /** Label ids used by the annotators' current answers. */
  labels: z.array(z.string()),
  annotators: z.array(z.object({ id: Id, name: z.string() })),
  /** Guideline versions the current answers were made under. */
  guidelineVersions: z.array(z.string()),
});
export type ItemRow = z.infer<typeof ItemRow>;

export const ItemList = z.object({
  items: z.array(ItemRow),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int().nonnegative(),
  /** The project's annotators, for the annotator filter. */
  annotators: z.array(z.object({ id: Id, name: z.string() })),
});
export type ItemList = z.infer<typeof ItemList>;

export const ItemRevision = z.object({
  id: Id,
  annotator: z.object({ id: Id, name: z.string() }),
  revision: z.number().int().positive(),
  guidelineVersion: z.string(),
  submittedAt: IsoDateTime,
  /** Set on a reviewer's correction. */
  reviewer: z.string().nullable(),
  payload: AnnotationPayload,
});
export type ItemRevision = z.infer<typeof ItemRevision>;

export const ItemDetail = z.object({
  row: ItemRow,
  content: z.object({ id: Id, kind: ProjectKind, image: ImageContent.nullable(), text: z.string().nullable() }),
  /** Every revision, newest first. */
  revisions: z.array(ItemRevision),
});
export type ItemDetail = z.infer<typeof ItemDetail>;

export const ReviewFromItems = z.strictObject({
  itemIds: z.array(Id, { message: 'itemIds is a list of item ids' }).min(1, 'choose at least one item').max(500, 'at most 500 items at a time'),
});
export type ReviewFromItems = z.infer<typeof ReviewFromItems>;

export const ReviewFromItemsResult = z.object({
  /** Current labels put in front of a reviewer. */
  queued: z.number().int().nonnegative(),
  /** Chosen items with nothing to review: unlabelled, gold or quiz, or already under review. */
  skipped: z.number().int().nonnegative(),
});
export type ReviewFromItemsResult = z.infer<typeof ReviewFromItemsResult>;
