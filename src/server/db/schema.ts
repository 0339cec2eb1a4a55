// The one storage schema (Postgres dialect), shared by PGlite and PostgreSQL.
// Migrations under ./migrations are generated from this file by drizzle-kit (`npm run db:generate`).
import { sql } from 'drizzle-orm';
import { bigserial, boolean, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AnnotationPayload, GuidelineSection, LabelSchema, MutationResult, Role } from '../../domain/api/index.ts';

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
});

export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
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
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const memberships = pgTable(
  'memberships',
  {
    projectId: uuid('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').$type<Role>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId, t.role] }), index('memberships_user_idx').on(t.userId)],
);

export const guidelineVersions = pgTable(
  'guideline_versions',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    major: integer('major').notNull(),
    minor: integer('minor').notNull(),
    kind: text('kind', { enum: ['initial', 'clarification', 'label_change'] }).notNull(),
    affectedLabels: jsonb('affected_labels').$type<string[]>().notNull().default([]),
    changelog: text('changelog').notNull().default(''),
    sections: jsonb('sections').$type<GuidelineSection[]>().notNull(),
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
    projectId: uuid('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    /** Order in which live items are handed out. */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    text: text('text'),
    assetId: uuid('asset_id').references(() => assets.id),
    width: integer('width'),
    height: integer('height'),
    meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
    /** Active assignments (open leases + done). Kept on the row so SKIP LOCKED re-checks it. */
    assignedCount: integer('assigned_count').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('items_project_seq_idx').on(t.projectId, t.seq)],
);

/** Gold answers live only here: nothing served to annotators reads this table's existence. */
export const goldAnswers = pgTable('gold_answers', {
  itemId: uuid('item_id').primaryKey().references(() => items.id, { onDelete: 'cascade' }),
  projectId: uuid('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
  answer: jsonb('answer').$type<AnnotationPayload>().notNull(),
  guidelineVersionId: uuid('guideline_version_id').notNull().references(() => guidelineVersions.id),
  justification: text('justification').notNull().default(''),
  active: boolean('active').notNull().default(true),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const assignments = pgTable(
  'assignments',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id').notNull().references(() => items.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    status: text('status', { enum: ['open', 'done', 'expired'] }).notNull().default('open'),
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
    projectId: uuid('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id').notNull().references(() => items.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id),
    revision: integer('revision').notNull(),
    guidelineVersionId: uuid('guideline_version_id').notNull().references(() => guidelineVersions.id),
    payload: jsonb('payload').$type<AnnotationPayload>().notNull(),
    durationMs: integer('duration_ms').notNull(),
    startedAt: ts('started_at').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    mutationId: uuid('mutation_id').notNull(),
  },
  (t) => [
    uniqueIndex('annotations_item_user_rev_uq').on(t.itemId, t.userId, t.revision),
    index('annotations_project_idx').on(t.projectId, t.receivedAt),
  ],
);

/** The idempotency ledger: one row per applied client mutation, holding the answer it got. */
export const mutations = pgTable('mutations', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id),
  type: text('type').notNull(),
  result: jsonb('result').$type<Extract<MutationResult, { status: 'applied' }>['result']>().notNull(),
  appliedAt: ts('applied_at').notNull().defaultNow(),
});

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

export const schemaTables = { users, sessions, projects, memberships, guidelineVersions, assets, items, goldAnswers, assignments, annotations, mutations, auditLog };
export const nowSql = sql`now()`;

/** An author's unpublished guideline draft; `baseVersionId` is the version it was started from. */
export const guidelineDrafts = pgTable(
  'guideline_drafts',
  {
    projectId: uuid('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    baseVersionId: uuid('base_version_id').notNull().references(() => guidelineVersions.id),
    sections: jsonb('sections').$type<GuidelineSection[]>().notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.authorId] })],
);

/** Which guideline versions each annotator has read and acknowledged. */
export const guidelineAcks = pgTable(
  'guideline_acks',
  {
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    versionId: uuid('version_id').notNull().references(() => guidelineVersions.id, { onDelete: 'cascade' }),
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
    projectId: uuid('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id').notNull().references(() => items.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** The revision that went back. */
    annotationId: uuid('annotation_id').notNull().references(() => annotations.id),
    /** The label-changing version that sent it back. */
    versionId: uuid('version_id').notNull().references(() => guidelineVersions.id),
    labels: jsonb('labels').$type<string[]>().notNull(),
    status: text('status', { enum: ['open', 'done'] }).notNull().default('open'),
    createdAt: ts('created_at').notNull().defaultNow(),
    doneAt: ts('done_at'),
  },
  (t) => [
    // At most one open task per annotator and item; a later major widens it instead.
    uniqueIndex('reannotation_open_uq').on(t.userId, t.itemId).where(sql`status = 'open'`),
    index('reannotation_project_idx').on(t.projectId, t.status),
  ],
);

/**
 * One scored gold submission: written inside the sync transaction when a revision of a gold item
 * arrives (the gold-scoring afterSubmit hook). Never read by any annotator-facing route.
 * `score` is in [0, 1] (F1 for shapes and spans, exact match or Jaccard for classes); `details`
 * holds per-label tp/fp/fn, mean IoU and label confusions for the dashboard's breakdowns.
 * An escalated gold item is stored with `escalated` true and counts as escalated, not wrong.
 */
export const goldScores = pgTable(
  'gold_scores',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id').notNull().references(() => projects.id, { onDelete: 'cascade' }),
    itemId: uuid('item_id').notNull().references(() => items.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    annotationId: uuid('annotation_id').notNull().references(() => annotations.id, { onDelete: 'cascade' }),
    /** The version the annotator worked under. */
    guidelineVersionId: uuid('guideline_version_id').notNull().references(() => guidelineVersions.id),
    score: doublePrecision('score').notNull(),
    escalated: boolean('escalated').notNull().default(false),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    scoredAt: ts('scored_at').notNull(),
  },
  (t) => [
    uniqueIndex('gold_scores_annotation_uq').on(t.annotationId),
    index('gold_scores_user_idx').on(t.projectId, t.userId, t.scoredAt),
  ],
);
