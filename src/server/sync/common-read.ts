// The reads every kind of sync mutation shares (common.ts checks them), in one statement with any
// reads of the kind's own (db/folded-read.ts). Only the columns the checks, the writes and the
// batch hooks use are read, typed as drizzle would give them.
import { sql, type SQL } from 'drizzle-orm';
import type { Role } from '../../domain/api/index.ts';
import type { SessionUser } from '../auth/guard.ts';
import type { DbOrTx } from '../db/client.ts';
import { fromJson, readFolded, textArray } from '../db/folded-read.ts';
import type { assignments, mutations } from '../db/schema.ts';
import type { BatchItem, BatchProject } from './batch.ts';
import { uniq, type BatchMutation } from './common.ts';

type LedgerRow = Pick<typeof mutations.$inferSelect, 'id' | 'userId' | 'bodyHash' | 'result'>;
type AssignmentRow = Pick<typeof assignments.$inferSelect, 'id' | 'itemId' | 'status'>;

export interface CommonState {
  /** Mutations made before this (ms) are refused unless the ledger has them (ledger-expiry.ts). */
  horizon: number;
  ledger: Map<string, LedgerRow>;
  /** The caller's roles, by project. */
  roles: Map<string, Role[]>;
  projects: Map<string, BatchProject>;
  items: Map<string, BatchItem>;
  /** The caller's assignments, by item (closeAssignment changes their status in memory). */
  assignments: Map<string, AssignmentRow>;
  /** Guideline version id → its project. */
  versions: Map<string, string>;
}

/** The six reads, as folded subqueries; the aliases are the JS property names. */
function commonReads(user: SessionUser, batch: readonly BatchMutation[]) {
  const ids = textArray(uniq(batch.map((m) => m.id)));
  const projectIds = textArray(uniq(batch.map((m) => m.projectId)));
  const itemIds = textArray(uniq(batch.map((m) => m.itemId)));
  const versionIds = textArray(uniq(batch.map((m) => m.guidelineVersionId)));
  return {
    ledger: sql`select id, user_id as "userId", body_hash as "bodyHash", result from mutations where id = any(${ids}::uuid[])`,
    roles: sql`select project_id as "projectId", role from memberships where user_id = ${user.id} and project_id = any(${projectIds}::uuid[])`,
    projects: sql`select id, kind, label_schema as "labelSchema", lease_minutes as "leaseMinutes", gold_iou_threshold as "goldIouThreshold",
        review_rate as "reviewRate", gold_target_accuracy as "goldTargetAccuracy"
      from projects where id = any(${projectIds}::uuid[])`,
    items: sql`select id, project_id as "projectId", text, width, height, quiz, created_at as "createdAt" from items where id = any(${itemIds}::uuid[])`,
    assignments: sql`select id, item_id as "itemId", status from assignments where user_id = ${user.id} and item_id = any(${itemIds}::uuid[])`,
    versions: sql`select id, project_id as "projectId" from guideline_versions where id = any(${versionIds}::uuid[])`,
  };
}

/** Projects' and items' rows as JSON: what needs decoding is typed unknown. */
type ProjectJson = Omit<BatchProject, 'goldIouThreshold' | 'reviewRate' | 'goldTargetAccuracy'> &
  Record<'goldIouThreshold' | 'reviewRate' | 'goldTargetAccuracy', unknown>;
type ItemJson = Omit<BatchItem, 'createdAt'> & { createdAt: unknown };

function decodeCommon(rows: Record<keyof ReturnType<typeof commonReads>, unknown[]>, horizon: number): CommonState {
  const roles = new Map<string, Role[]>();
  for (const r of rows.roles as Array<{ projectId: string; role: Role }>) roles.set(r.projectId, [...(roles.get(r.projectId) ?? []), r.role]);
  const projects = (rows.projects as ProjectJson[]).map((p): BatchProject => ({
    id: p.id,
    kind: p.kind,
    labelSchema: p.labelSchema,
    leaseMinutes: p.leaseMinutes,
    goldIouThreshold: fromJson.number(p.goldIouThreshold),
    reviewRate: fromJson.number(p.reviewRate),
    goldTargetAccuracy: fromJson.number(p.goldTargetAccuracy),
  }));
  const items = (rows.items as ItemJson[]).map((i): BatchItem => ({
    id: i.id,
    projectId: i.projectId,
    text: i.text,
    width: i.width,
    height: i.height,
    quiz: i.quiz,
    createdAt: fromJson.date(i.createdAt),
  }));
  return {
    horizon,
    ledger: new Map((rows.ledger as LedgerRow[]).map((r) => [r.id, r])),
    roles,
    projects: new Map(projects.map((p) => [p.id, p])),
    items: new Map(items.map((i) => [i.id, i])),
    assignments: new Map((rows.assignments as AssignmentRow[]).map((a) => [a.itemId, a])),
    versions: new Map((rows.versions as Array<{ id: string; projectId: string }>).map((v) => [v.id, v.projectId])),
  };
}

/**
 * The shared reads and a kind's own (`more`: named SELECTs, as readFolded takes them) in one
 * statement; `more` comes back as JSON rows for the kind to decode. `horizon`: see CommonState.
 */
export async function loadCommonWith<K extends string>(
  db: DbOrTx,
  user: SessionUser,
  batch: readonly BatchMutation[],
  horizon: number,
  more: Record<K, SQL>,
): Promise<{ common: CommonState; more: Record<K, unknown[]> }> {
  const reads = commonReads(user, batch);
  for (const k of Object.keys(more)) if (k in reads) throw new Error(`a kind's read may not be named ${k}`);
  const rows = await readFolded(db, { ...reads, ...more });
  return { common: decodeCommon(rows, horizon), more: rows };
}

/** Everything the shared checks need, in one statement. */
export async function loadCommon(db: DbOrTx, user: SessionUser, batch: readonly BatchMutation[], horizon: number): Promise<CommonState> {
  return (await loadCommonWith(db, user, batch, horizon, {})).common;
}
