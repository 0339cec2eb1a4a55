// The one storage schema (Postgres dialect), shared by PGlite and PostgreSQL.
// Migrations under ./migrations are generated from this file by drizzle-kit (`npm run db:generate`).
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { AnnotationPayload, GuidelineSection, LabelSchema, MutationResult, Role, SchemaChange } from '../../domain/api/index.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  /** An instance administrator: accounts, invitations, new projects (server/admin). */
  isAdmin: boolean('is_admin').notNull().default(false),
  /** Set: the account is deactivated (no sign-in, no session, no token); its labels stay. */
  deactivatedAt: ts('deactivated_at'),
  lastSignInAt: ts('last_sign_in_at'),
});

export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const projects = pgTable('projects', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['image', 'text'] }).notNull(),
  labelSchema: jsonb('label_schema').$type<LabelSchema>().notNull(),
  /** Assignment overlap: how many distinct annotators label each live item. */
  overlap: integer('overlap').notNull().default(1),
  leaseMinutes: integer('lease_minutes').notNull().default(120),
  // Queue settings (src/domain/queue/settings.ts documents each; the lead edits them).
  /** Share of an annotator's queue that is hidden gold. */
  goldRate: doublePrecision('gold_rate').notNull().default(0.1),
  /** At least this many live items between two gold items. */
  goldMinGap: integer('gold_min_gap').notNull().default(3),
  /** Most distinct annotators a gold item is served to (null: no cap). Against collusion, on by default. */
  goldExposureCap: integer('gold_exposure_cap').default(3),
  /** Against collusion: the highest share of gold among the items two annotators both got (decoys make up the rest; 1 = no decoys). */
  collusionPrecision: doublePrecision('collusion_precision').notNull().default(0.5),
  /** Show annotators their own gold accuracy — aggregated and delayed (domain/scoring/annotator-feedback.ts). */
  goldFeedback: boolean('gold_feedback').notNull().default(false),
  /** Adapt the gold rate per annotator (more for new or uncertain ones) within [goldRateMin, goldRateMax]. */
  goldAdaptive: boolean('gold_adaptive').notNull().default(false),
  goldRateMin: doublePrecision('gold_rate_min').notNull().default(0.05),
  goldRateMax: doublePrecision('gold_rate_max').notNull().default(0.3),
  /** Accuracy the adaptive rate steers around (an interval straddling it means "watch closely"). */
  goldTargetAccuracy: doublePrecision('gold_target_accuracy').notNull().default(0.8),
  /** Share of live items that get `overlap` annotators; the rest get one. */
  overlapShare: doublePrecision('overlap_share').notNull().default(1),
  /** Qualification: the mean quiz score needed before live work (only when the project has quiz items). */
  quizPassMark: doublePrecision('quiz_pass_mark').notNull().default(0.8),
  /** Gold scoring: a shape match needs IoU at least this (within a label). */
  goldIouThreshold: doublePrecision('gold_iou_threshold').notNull().default(0.5),
  /** Gold accuracy below this is an alert; `goldPolicy` says what else happens (gold/gold-policy.ts). */
  goldAccuracyThreshold: doublePrecision('gold_accuracy_threshold').notNull().default(0.8),
  goldPolicy: text('gold_policy', { enum: ['alert', 'pause', 'recalibrate', 'flag'] })
    .notNull()
    .default('alert'),
  /** Review stage: base share of live submissions sampled for a reviewer (0 = off; domain/review/sampling.ts). */
  reviewRate: doublePrecision('review_rate').notNull().default(0),
  /** Escalation figures: an open escalation older than this many hours is on the lead's alert list. */
  escalationAlertHours: integer('escalation_alert_hours').notNull().default(48),
  /** Hidden repeats (self-consistency): share of queue slots that re-serve an item the annotator already submitted (0 = off). */
  repeatRate: doublePrecision('repeat_rate').notNull().default(0),
  /** A repeat comes at least this many of the annotator's queue positions after the original. */
  repeatMinGap: integer('repeat_min_gap').notNull().default(20),
  /** Set: archived — read-only (writes answer 409) and left out of annotators' project lists. */
  archivedAt: ts('archived_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const memberships = pgTable(
  'memberships',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').$type<Role>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId, t.role] }), index('memberships_user_idx').on(t.userId)],
);

export const guidelineVersions = pgTable(
  'guideline_versions',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    major: integer('major').notNull(),
    minor: integer('minor').notNull(),
    kind: text('kind', { enum: ['initial', 'clarification', 'label_change'] }).notNull(),
    affectedLabels: jsonb('affected_labels').$type<string[]>().notNull().default([]),
    changelog: text('changelog').notNull().default(''),
    sections: jsonb('sections').$type<GuidelineSection[]>().notNull(),
    /**
     * The label schema this version's labels are in. Null on versions published before any schema
     * change: they all share the project's schema of that time (the first schema change fills them in).
     */
    labelSchema: jsonb('label_schema').$type<LabelSchema>(),
    /** The schema changes this version made (empty for most versions): the recorded mapping. */
    schemaChanges: jsonb('schema_changes').$type<SchemaChange[]>().notNull().default([]),
    /**
     * Re-queueing still to do after the publish committed (labels to send back, and the last item
     * seq done): set-based chunks in their own short transactions, so syncs never wait long.
     */
    requeue: jsonb('requeue').$type<{ labels: string[]; afterSeq: number; sent: number }>(),
    publishedBy: uuid('published_by').references(() => users.id),
    publishedAt: ts('published_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('guideline_versions_number_uq').on(t.projectId, t.major, t.minor)],
);

/** Image bytes, served by opaque id. Stored in the database so several servers share them. */
export const assets = pgTable(
  'assets',
  {
    id: uuid('id').primaryKey(),
    contentType: text('content_type').notNull(),
    sha256: text('sha256').notNull(),
    bytes: bytea('bytes').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('assets_sha_idx').on(t.sha256)],
);

export const items = pgTable(
  'items',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** Order in which live items are handed out. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    text: text('text'),
    assetId: uuid('asset_id').references(() => assets.id),
    width: integer('width'),
    height: integer('height'),
    meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
    /** Active assignments (open leases + done). Kept on the row so SKIP LOCKED re-checks it. */
    assignedCount: integer('assigned_count').notNull().default(0),
    /** Distinct annotators ever served this item (never decremented: an expired lease was still seen). */
    servedCount: integer('served_count').notNull().default(0),
    /** In the calibration set: every annotator of the project labels it once (overlap does not cap it). */
    calibration: boolean('calibration').notNull().default(false),
    /** In the qualification quiz (a declared gold item: the annotator knows it is a quiz). */
    quiz: boolean('quiz').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('items_project_seq_idx').on(t.projectId, t.seq),
    // The queue's quiz and calibration reads (and the quiz count on every fetch) walk only these
    // few items, however large the project grows.
    index('items_quiz_idx')
      .on(t.projectId, t.seq)
      .where(sql`quiz`),
    index('items_calibration_idx')
      .on(t.projectId, t.seq)
      .where(sql`calibration`),
  ],
);

/** Gold answers live only here: nothing served to annotators reads this table's existence. */
export const goldAnswers = pgTable(
  'gold_answers',
  {
    itemId: uuid('item_id')
      .primaryKey()
      .references(() => items.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    answer: jsonb('answer').$type<AnnotationPayload>().notNull(),
    guidelineVersionId: uuid('guideline_version_id')
      .notNull()
      .references(() => guidelineVersions.id),
    justification: text('justification').notNull().default(''),
    active: boolean('active').notNull().default(true),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    // The queue draws gold from a window of this index starting at a random id, and asks only
    // whether any active gold exists: both stay index reads however large the gold set grows.
    index('gold_answers_project_active_idx')
      .on(t.projectId, t.itemId)
      .where(sql`active`),
  ],
);

export const assignments = pgTable(
  'assignments',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    status: text('status', { enum: ['open', 'done', 'expired'] })
      .notNull()
      .default('open'),
    assignedAt: ts('assigned_at').notNull().defaultNow(),
    leaseExpiresAt: ts('lease_expires_at').notNull(),
    doneAt: ts('done_at'),
  },
  (t) => [
    uniqueIndex('assignments_user_item_uq').on(t.userId, t.itemId),
    index('assignments_user_project_idx').on(t.userId, t.projectId, t.status, t.position),
    index('assignments_expiry_idx').on(t.projectId, t.status, t.leaseExpiresAt),
  ],
);

/** Append-only annotation revisions: the current label is the latest; the rest is the audit trail. */
export const annotations = pgTable(
  'annotations',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    revision: integer('revision').notNull(),
    guidelineVersionId: uuid('guideline_version_id')
      .notNull()
      .references(() => guidelineVersions.id),
    payload: jsonb('payload').$type<AnnotationPayload>().notNull(),
    durationMs: integer('duration_ms').notNull(),
    startedAt: ts('started_at').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    mutationId: uuid('mutation_id').notNull(),
    /** Set on a reviewer's correction: the revision is the annotator's label as the reviewer fixed it. */
    reviewerId: uuid('reviewer_id').references(() => users.id),
    /**
     * Stored by a sync (the annotator's own submission), not by a reviewer or an import: what gold
     * scoring, throughput and rebuilds count. Kept here, not read from the ledger, so the ledger
     * can expire (its rows only guard against replays).
     */
    viaSync: boolean('via_sync').notNull().default(false),
  },
  (t) => [uniqueIndex('annotations_item_user_rev_uq').on(t.itemId, t.userId, t.revision), index('annotations_project_idx').on(t.projectId, t.receivedAt)],
);

/**
 * The idempotency ledger: one row per applied client mutation, holding the answer it got. Rows
 * older than the retention (config.ledgerRetentionDays) are deleted (sync/ledger-expiry.ts); a
 * mutation older than that is refused instead of being looked up.
 */
export const mutations = pgTable(
  'mutations',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    type: text('type').notNull(),
    result: jsonb('result').$type<Extract<MutationResult, { status: 'applied' }>['result']>().notNull(),
    appliedAt: ts('applied_at').notNull().defaultNow(),
    /** Hash of the mutation's body as sent: the same id with another body is refused (null: rows from before it was kept). */
    bodyHash: text('body_hash'),
  },
  (t) => [index('mutations_applied_idx').on(t.appliedAt)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    projectId: uuid('project_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_project_idx').on(t.projectId, t.at)],
);

export const schemaTables = {
  users,
  sessions,
  projects,
  memberships,
  guidelineVersions,
  assets,
  items,
  goldAnswers,
  assignments,
  annotations,
  mutations,
  auditLog,
};
export const nowSql = sql`now()`;

/** An author's unpublished guideline draft; `baseVersionId` is the version it was started from. */
export const guidelineDrafts = pgTable(
  'guideline_drafts',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    baseVersionId: uuid('base_version_id')
      .notNull()
      .references(() => guidelineVersions.id),
    sections: jsonb('sections').$type<GuidelineSection[]>().notNull(),
    schemaChanges: jsonb('schema_changes').$type<SchemaChange[]>().notNull().default([]),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.authorId] })],
);

/** Which guideline versions each annotator has read and acknowledged. */
export const guidelineAcks = pgTable(
  'guideline_acks',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id')
      .notNull()
      .references(() => guidelineVersions.id, { onDelete: 'cascade' }),
    acknowledgedAt: ts('acknowledged_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.versionId] })],
);

/**
 * Work sent back by a label-changing update: the annotator's current revision of the item was
 * made under an older version and uses a label the update names. The assignment is re-opened
 * alongside; the task is done when a revision made under `versionId` (or newer) arrives.
 */
export const reannotationTasks = pgTable(
  'reannotation_tasks',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The revision that went back. */
    annotationId: uuid('annotation_id')
      .notNull()
      .references(() => annotations.id),
    /** The label-changing version that sent it back. */
    versionId: uuid('version_id')
      .notNull()
      .references(() => guidelineVersions.id),
    labels: jsonb('labels').$type<string[]>().notNull(),
    status: text('status', { enum: ['open', 'done'] })
      .notNull()
      .default('open'),
    createdAt: ts('created_at').notNull().defaultNow(),
    doneAt: ts('done_at'),
  },
  (t) => [
    // At most one open task per annotator and item; a later major widens it instead.
    uniqueIndex('reannotation_open_uq')
      .on(t.userId, t.itemId)
      .where(sql`status = 'open'`),
    index('reannotation_project_idx').on(t.projectId, t.status),
  ],
);

/**
 * One scored gold submission: written by the scoring runner a second or three after the sync that
 * stored a revision of a gold item (gold/gold-scoring.ts). Never read by any annotator-facing route.
 * `score` is in [0, 1] (F1 for shapes and spans, exact match or Jaccard for classes); `details`
 * holds per-label tp/fp/fn, mean IoU and label confusions for the dashboard's breakdowns.
 * An escalated gold item is stored with `escalated` true and counts as escalated, not wrong.
 */
export const goldScores = pgTable(
  'gold_scores',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    annotationId: uuid('annotation_id')
      .notNull()
      .references(() => annotations.id, { onDelete: 'cascade' }),
    /** The version the annotator worked under. */
    guidelineVersionId: uuid('guideline_version_id')
      .notNull()
      .references(() => guidelineVersions.id),
    score: doublePrecision('score').notNull(),
    escalated: boolean('escalated').notNull().default(false),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    scoredAt: ts('scored_at').notNull(),
  },
  (t) => [
    uniqueIndex('gold_scores_annotation_uq').on(t.annotationId),
    index('gold_scores_user_idx').on(t.projectId, t.userId, t.scoredAt),
    // An annotator's latest score on one item (the one a new submission replaces): without it, that
    // read walks all of the annotator's scores, and scoring or re-scoring n of them costs n².
    index('gold_scores_user_item_idx').on(t.userId, t.itemId, t.scoredAt),
  ],
);

/**
 * Labels imported to start annotators off (COCO / JSONL pre-annotation import): at most one per
 * item, replaced by a later import. Kept apart from annotations (no annotator made them) and from
 * gold answers (they are not the truth, and may be shown to annotators).
 */
export const preAnnotations = pgTable(
  'pre_annotations',
  {
    itemId: uuid('item_id')
      .primaryKey()
      .references(() => items.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    payload: jsonb('payload').$type<AnnotationPayload>().notNull(),
    /** "import:coco" or "import:jsonl". */
    source: text('source').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('pre_annotations_project_idx').on(t.projectId)],
);

/** Qualification quiz: the score of each annotator's first submission on each quiz item. */
export const quizScores = pgTable(
  'quiz_scores',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    score: doublePrecision('score').notNull(),
    scoredAt: ts('scored_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.itemId] }), index('quiz_scores_project_user_idx').on(t.projectId, t.userId)],
);

/**
 * Incremental gold aggregates, kept up to date inside the sync transaction (gold-scoring hook) so
 * the dashboard sums these rows and never scans annotations. One row per project × annotator ×
 * label ('' = whole item) × hour × guideline version; a re-submission subtracts its old score.
 */
export const goldAggregates = pgTable(
  'gold_aggregates',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    bucket: ts('bucket').notNull(),
    guidelineVersionId: uuid('guideline_version_id')
      .notNull()
      .references(() => guidelineVersions.id),
    n: integer('n').notNull(),
    sum: doublePrecision('sum').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId, t.label, t.bucket, t.guidelineVersionId] })],
);

/** Label confusion counts (truth label × answered label, '∅' for none) per project, kept like goldAggregates. */
export const goldConfusions = pgTable(
  'gold_confusions',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    truth: text('truth').notNull(),
    answer: text('answer').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.truth, t.answer] })],
);

/** An annotator held by the project's gold policy: 'pause' (no live work) or 'recalibrate' (quiz first). Lifted by deleting the row. */
export const annotatorHolds = pgTable(
  'annotator_holds',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['pause', 'recalibrate'] }).notNull(),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] })],
);

/** Work totals per project × annotator (every stored submission, live and gold alike), kept by the gold-scoring hook for the dashboard's throughput. */
export const workAggregates = pgTable(
  'work_aggregates',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    items: integer('items').notNull(),
    totalMs: doublePrecision('total_ms').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] })],
);

/** A lead's decision on an overlapped item whose annotators tied; the export uses it over the majority vote. One row per item: resolving again overwrites. */
export const adjudications = pgTable('adjudications', {
  itemId: uuid('item_id')
    .primaryKey()
    .references(() => items.id, { onDelete: 'cascade' }),
  projectId: uuid('project_id')
    .notNull()
    .references(() => projects.id, { onDelete: 'cascade' }),
  payload: jsonb('payload').$type<AnnotationPayload>().notNull(),
  resolvedBy: uuid('resolved_by')
    .notNull()
    .references(() => users.id),
  resolvedAt: ts('resolved_at').notNull().defaultNow(),
});

/** An annotator's escalation. While status is 'open' the item is held out of exports; at most one open escalation per item and annotator. */
export const escalations = pgTable(
  'escalations',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    guidelineVersionId: uuid('guideline_version_id')
      .notNull()
      .references(() => guidelineVersions.id),
    reason: text('reason', { enum: ['not_covered', 'ambiguous_labels', 'bad_asset', 'other'] }).notNull(),
    note: text('note').notNull().default(''),
    guidelineRef: text('guideline_ref').notNull().default(''),
    // 'ambiguous_labels': the label ids the annotator could not choose between.
    labels: jsonb('labels').$type<string[]>().notNull().default([]),
    tentative: jsonb('tentative').$type<AnnotationPayload>(),
    status: text('status', { enum: ['open', 'resolved', 'returned'] })
      .notNull()
      .default('open'),
    createdAt: ts('created_at').notNull().defaultNow(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    mutationId: uuid('mutation_id').notNull(),
    // The lead's answer: a ruling (final labels + explanation) or a return with a comment.
    ruling: jsonb('ruling').$type<AnnotationPayload>(),
    explanation: text('explanation').notNull().default(''),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    index('escalations_project_status_idx').on(t.projectId, t.status, t.createdAt),
    index('escalations_item_idx').on(t.itemId),
    // Escalation figures fold rows into roll-ups by arrival and by decision time (escalations/escalation-figures.ts).
    index('escalations_project_received_idx').on(t.projectId, t.receivedAt),
    index('escalations_project_decided_idx').on(t.projectId, t.decidedAt),
  ],
);

/** A live label sampled for review; a correction adds a revision with the reviewer recorded. */
export const reviewTasks = pgTable(
  'review_tasks',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    annotatorId: uuid('annotator_id')
      .notNull()
      .references(() => users.id),
    /** The revision under review; a newer revision by the annotator supersedes an open task. */
    annotationId: uuid('annotation_id')
      .notNull()
      .references(() => annotations.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['open', 'accepted', 'corrected', 'superseded'] })
      .notNull()
      .default('open'),
    createdAt: ts('created_at').notNull().defaultNow(),
    reviewerId: uuid('reviewer_id').references(() => users.id),
    decidedAt: ts('decided_at'),
    comment: text('comment').notNull().default(''),
    correctionId: uuid('correction_id').references(() => annotations.id),
  },
  (t) => [
    uniqueIndex('review_tasks_annotation_uq').on(t.annotationId),
    index('review_tasks_project_status_idx').on(t.projectId, t.status, t.createdAt),
    index('review_tasks_item_idx').on(t.itemId, t.annotatorId),
  ],
);

/**
 * Dashboard roll-ups, kept beside gold_aggregates by the same sync-time fold so the
 * dashboard reads a few thousand rows instead of summing every hour: all-time sums per (annotator,
 * label, guideline version) — per-annotator and per-version figures, drift baselines — and daily
 * sums, scanned only for the recent drift window and for the chart of the annotators shown.
 */
export const goldTotals = pgTable(
  'gold_totals',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    guidelineVersionId: uuid('guideline_version_id')
      .notNull()
      .references(() => guidelineVersions.id),
    n: integer('n').notNull(),
    sum: doublePrecision('sum').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId, t.label, t.guidelineVersionId] })],
);
export const goldDaily = pgTable(
  'gold_daily',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    day: ts('day').notNull(),
    n: integer('n').notNull(),
    sum: doublePrecision('sum').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId, t.label, t.day] }), index('gold_daily_project_day_idx').on(t.projectId, t.day)],
);

/**
 * Escalation figures' denominators: items each annotator submitted, whole ('' label) and
 * per label named in their current revision — kept by a sync hook (escalations/escalation-figures.ts)
 * so the rate per annotator and per label never scans annotations. A re-submission moves the item
 * between labels but does not count it twice.
 */
export const escalationWork = pgTable(
  'escalation_work',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    items: integer('items').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId, t.label] })],
);

/**
 * Failed sign-ins, kept only for the login rate limit (auth/login-limit.ts): counted per account and
 * network address over a sliding window, pruned once older than it. Lockouts go to the audit log.
 */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('login_failures_ip_idx').on(t.ip, t.at), index('login_failures_email_idx').on(t.email, t.at)],
);

/**
 * A lead's proposed guideline change, born of one or more escalations: it lands in the
 * guideline author's inbox; the author accepts it (optionally naming the version that settled it)
 * or declines it with a comment. Deciding is a conditional update on status 'open'.
 */
export const guidelineProposals = pgTable(
  'guideline_proposals',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** The guideline section it concerns (a section id of the version current when proposed); '' = a new section. */
    sectionId: text('section_id').notNull(),
    sectionTitle: text('section_title').notNull(),
    text: text('text').notNull(),
    status: text('status', { enum: ['open', 'accepted', 'declined'] })
      .notNull()
      .default('open'),
    proposedBy: uuid('proposed_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
    comment: text('comment').notNull().default(''),
    settledByVersionId: uuid('settled_by_version_id').references(() => guidelineVersions.id),
  },
  (t) => [index('guideline_proposals_project_status_idx').on(t.projectId, t.status, t.createdAt)],
);

/** Which escalations a proposal grew from (one or more; an escalation may back several proposals). */
export const guidelineProposalEscalations = pgTable(
  'guideline_proposal_escalations',
  {
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => guidelineProposals.id, { onDelete: 'cascade' }),
    escalationId: uuid('escalation_id')
      .notNull()
      .references(() => escalations.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.escalationId] }), index('guideline_proposal_escalations_escalation_idx').on(t.escalationId)],
);

/**
 * Escalation figures' roll-ups, folded from the escalations table on read up to a
 * watermark that trails the clock (escalations/escalation-figures.ts explains): counts per annotator
 * and label ('' = all of the annotator's escalations), and resolution times to the minute.
 */
export const escalationFold = pgTable('escalation_fold', {
  projectId: uuid('project_id')
    .primaryKey()
    .references(() => projects.id, { onDelete: 'cascade' }),
  /** Escalations received before this are in escalation_counts. */
  receivedUntil: ts('received_until').notNull(),
  /** Resolutions decided before this are in escalation_resolution_minutes. */
  decidedUntil: ts('decided_until').notNull(),
});
export const escalationCounts = pgTable(
  'escalation_counts',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId, t.label] })],
);
export const escalationResolutionMinutes = pgTable(
  'escalation_resolution_minutes',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** Whole minutes from arrival to ruling (floored). */
    minutes: integer('minutes').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.minutes] })],
);

/**
 * Submissions waiting to be scored against gold (gold-scoring.ts). Every submission, gold or live,
 * writes one row inside the sync transaction — the same work, so the sync answer takes as long for
 * a gold item as for a live one — and the scoring runs right after the commit. A row left by a crash
 * is scored on the next start.
 */
export const pendingScores = pgTable('pending_scores', {
  revisionId: uuid('revision_id')
    .primaryKey()
    .references(() => annotations.id, { onDelete: 'cascade' }),
  queuedAt: ts('queued_at').notNull(),
  /** Failed tries so far; each row is scored alone, so one bad row never holds back the others. */
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  /** Set after the last allowed try: the row waits here, with its error, for a person (shown in /api/health). */
  parkedAt: ts('parked_at'),
  /** The id of the sync request that queued it (http/request-id.ts): its failures are logged with it. */
  requestId: text('request_id'),
});

/**
 * Agreement, kept per item: each non-empty item's summary (domain/metrics/item-agreement.ts:
 * its answers' class labels, shapes and spans matched into units, pairwise F1) as the JSON the domain
 * encodes. The report sums these instead of reading every answer and matching shapes again, so its
 * cost grows with the items, not the revisions or the geometry. `iou_threshold` is the one the shapes
 * were matched at (null: nothing to match), so a changed project threshold is seen and redone.
 * Written only by agreement/agreement-items.ts, from agreement_pending.
 */
export const agreementItems = pgTable(
  'agreement_items',
  {
    itemId: uuid('item_id')
      .primaryKey()
      .references(() => items.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    iouThreshold: doublePrecision('iou_threshold'),
    summary: text('summary').notNull(),
  },
  (t) => [index('agreement_items_project_idx').on(t.projectId)],
);

/**
 * Items whose agreement summary is out of date: one row per new revision, written in the same
 * transaction as the revision (no two transactions ever write the same row, so overlapping sync
 * batches cannot block each other), taken off when the item's summary is redone.
 */
export const agreementPending = pgTable(
  'agreement_pending',
  {
    revisionId: uuid('revision_id')
      .primaryKey()
      .references(() => annotations.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').notNull(),
    itemId: uuid('item_id').notNull(),
  },
  (t) => [index('agreement_pending_project_item_idx').on(t.projectId, t.itemId)],
);

/**
 * Hidden repeats: an item the annotator already submitted, served to them again under a
 * fresh opaque id (and a fresh opaque asset id), so nothing on the wire ties it to the original.
 * Its own row, not an assignment: the unique (user, item) index on assignments keeps "never the
 * same annotator twice on an item" a database fact for real work. The answer is kept here only —
 * never an annotation revision — so labels, exports, agreement and gold scores are untouched.
 * `score` is the self-consistency (domain/dashboard/self-consistency.ts) against the original revision.
 */
export const itemRepeats = pgTable(
  'item_repeats',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The annotator's revision of the item when the repeat was served: what the answer is compared with. */
    originalRevisionId: uuid('original_revision_id')
      .notNull()
      .references(() => annotations.id, { onDelete: 'cascade' }),
    /** The opaque id the image is served by (/api/assets/<this annotator's handle of it>), to this annotator only. */
    assetAlias: uuid('asset_alias').notNull().unique(),
    /** In the annotator's one sequence of positions, shared with their assignments. */
    position: integer('position').notNull(),
    status: text('status', { enum: ['open', 'done', 'expired'] })
      .notNull()
      .default('open'),
    leaseExpiresAt: ts('lease_expires_at').notNull(),
    servedAt: ts('served_at').notNull(),
    answer: jsonb('answer').$type<AnnotationPayload>(),
    /** How many answers arrived (a re-submission replaces the answer, like a revision). */
    revision: integer('revision').notNull().default(0),
    /** The repeat was escalated instead of answered: recorded here, no real escalation, no score. */
    escalated: boolean('escalated').notNull().default(false),
    answeredAt: ts('answered_at'),
    score: doublePrecision('score'),
  },
  (t) => [
    // At most one repeat per annotator and item, ever.
    uniqueIndex('item_repeats_user_item_uq').on(t.userId, t.itemId),
    index('item_repeats_user_project_idx').on(t.userId, t.projectId, t.status, t.position),
    index('item_repeats_project_user_idx').on(t.projectId, t.userId),
  ],
);

/**
 * One-time links: invitations, password resets and the first-run setup token. Only the token's
 * keyed hash is stored (auth/secret-hash.ts), so a database dump hands out no working link.
 */
export const accountLinks = pgTable(
  'account_links',
  {
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    kind: text('kind', { enum: ['invitation', 'password_reset', 'setup'] }).notNull(),
    email: text('email').notNull(),
    /** A reset's account; for an invitation, the account it created once accepted. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    /** Invitation: what the new account gets. */
    isAdmin: boolean('is_admin').notNull().default(false),
    projectRoles: jsonb('project_roles').$type<Array<{ projectId: string; role: Role }>>().notNull().default([]),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('account_links_kind_idx').on(t.kind, t.createdAt)],
);

/** Personal access tokens (Authorization: Bearer): the secret's keyed hash, its scope and life. */
export const accessTokens = pgTable(
  'access_tokens',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    scope: text('scope', { enum: ['read', 'write'] }).notNull(),
    /** Null: every project the owner may reach. */
    projectIds: jsonb('project_ids').$type<string[] | null>(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('access_tokens_user_idx').on(t.userId)],
);
