// What a dishonest annotator can compute from what the server gives them, and the project the
// attacks are played on. The attacks themselves go through the HTTP API only (the harness); the
// project is set up straight in the database, as a lead's imports would leave it.
import { eq } from 'drizzle-orm';
import { goldAnswers, projects } from '../../../src/server/db/schema.ts';
import { addTextItem, createProject, grantRole } from '../../../src/server/admin/create.ts';
import { currentGuideline } from '../../../src/server/guidelines/guidelines.ts';
import { textGuideline, textSchema } from '../../../src/server/seed/demo-content.ts';
import { mutationId } from '../fixtures.ts';
import type { Caller, TestServer } from '../harness.ts';

/**
 * Area under the ROC curve of `score` as a gold detector (gold the positive class), folded to
 * ≥ 0.5: a detector that is reliably wrong is as good as one that is reliably right.
 */
export function auc(scored: Array<{ score: number; gold: boolean }>): number {
  const gold = scored.filter((s) => s.gold).map((s) => s.score);
  const live = scored.filter((s) => !s.gold).map((s) => s.score);
  if (gold.length === 0 || live.length === 0) return 0.5;
  let wins = 0;
  for (const g of gold) for (const l of live) wins += g > l ? 1 : g === l ? 0.5 : 0;
  const a = wins / (gold.length * live.length);
  return Math.max(a, 1 - a);
}

/** The longest run of consecutive gold items in a served sequence. */
export function longestGoldRun(order: readonly boolean[]): number {
  let best = 0;
  let run = 0;
  for (const g of order) {
    run = g ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/** Live items between consecutive gold items (the gaps the project's minimum gap bounds). */
export function goldGaps(order: readonly boolean[]): number[] {
  const at = order.flatMap((g, k) => (g ? [k] : []));
  return at.slice(1).map((p, k) => p - (at[k] as number) - 1);
}

export interface AttackProject {
  id: string;
  guidelineVersionId: string;
  /** Item text → gold or not (what the attacker wants to learn; the test's ground truth). */
  goldText: Set<string>;
  /** Item text → its import number (content that shows the import order). */
  indexOf: Map<string, number>;
}

/**
 * A text project of `live` + `gold` items whose texts carry their import number ("Report 17 …"),
 * gold spread evenly over the import, with these annotators and settings.
 */
export async function attackProject(
  server: TestServer,
  opts: { name: string; live: number; gold: number; annotatorIds: string[]; settings?: Partial<typeof projects.$inferInsert> },
): Promise<AttackProject> {
  const ctx = server.ctx;
  const project = await createProject(ctx, { name: opts.name, kind: 'text', labelSchema: textSchema, sections: textGuideline, overlap: 1 });
  if (opts.settings) await ctx.db.update(projects).set(opts.settings).where(eq(projects.id, project.id));
  const total = opts.live + opts.gold;
  const every = total / opts.gold;
  const goldText = new Set<string>();
  const indexOf = new Map<string, number>();
  const goldIds: string[] = [];
  await ctx.db.transaction(async (tx) => {
    for (let i = 0; i < total; i++) {
      const text = `Report ${i}: the council met on the budget.`;
      const id = await addTextItem(ctx, tx, project.id, text);
      indexOf.set(text, i);
      if (Math.floor(i % every) === 0 && goldIds.length < opts.gold) {
        goldIds.push(id);
        goldText.add(text);
      }
    }
  });
  for (const userId of opts.annotatorIds) await grantRole(ctx, project.id, userId, 'annotator');
  const guideline = await currentGuideline(ctx.db, project.id);
  await ctx.db
    .insert(goldAnswers)
    .values(
      goldIds.map((itemId) => ({ itemId, projectId: project.id, answer: { shapes: [], spans: [], classes: ['sports'] }, guidelineVersionId: guideline!.id })),
    );
  return { id: project.id, guidelineVersionId: guideline!.id, goldText, indexOf };
}

export interface Served {
  id: string;
  text: string;
  image: { url: string } | null;
}

/**
 * Works the queue the way an annotator does, through the API: fetch, submit everything fetched
 * (a class label each), fetch again, until the queue is empty or `max` items were served.
 * Returns the items in the order they were served, and the last answer's body.
 */
export async function workQueue(
  caller: Caller,
  project: { id: string; guidelineVersionId: string },
  max = 10_000,
): Promise<{ served: Served[]; last: Record<string, unknown> }> {
  const served: Served[] = [];
  const seen = new Set<string>();
  let last: Record<string, unknown> = {};
  for (;;) {
    const res = await caller.post(`/api/projects/${project.id}/queue?limit=50`);
    if (res.status !== 200) throw new Error(`queue: ${res.status} ${JSON.stringify(res.body)}`);
    last = res.body;
    const fresh = (res.body.items as Served[]).filter((i) => !seen.has(i.id));
    if (fresh.length === 0) break;
    for (const i of fresh) seen.add(i.id);
    served.push(...fresh);
    const now = new Date().toISOString();
    const mutations = fresh.map((i) => ({
      id: mutationId(),
      type: 'annotation.submit',
      projectId: project.id,
      itemId: i.id,
      guidelineVersionId: project.guidelineVersionId,
      payload: { shapes: [], spans: [], classes: ['sports'] },
      startedAt: now,
      submittedAt: now,
      durationMs: 4000,
    }));
    const sync = await caller.post('/api/sync', { schemaVersion: 1, mutations });
    if (sync.status !== 200) throw new Error(`sync: ${sync.status} ${JSON.stringify(sync.body)}`);
    if (served.length >= max) break;
  }
  return { served, last };
}
