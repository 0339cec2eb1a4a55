// Seeding and payloads for the sync benchmark (sync-ingest.bench.ts): an image project (boxes and
// polygons) and a text project (spans and a class), review sampling on in both, every tenth item
// gold. Rows go straight into the database before the server starts (scrypt and the queue per
// annotator would dominate the set-up); leases run for a day, so none expires during the run.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { eq, inArray } from 'drizzle-orm';
import type { AnnotationPayload, SubmitAnnotation } from '../../src/domain/api/index.ts';
import { uuidv7 } from '../../src/domain/ids.ts';
import { hashPassword } from '../../src/server/auth/password.ts';
import { createSession } from '../../src/server/auth/sessions.ts';
import type { AppContext } from '../../src/server/context.ts';
import { assignments, goldAnswers, items, memberships, projects, users } from '../../src/server/db/schema.ts';
import { addImageItem, createProject } from '../../src/server/admin/create.ts';
import { imageGuideline, imageSchema, textGuideline, textSchema } from '../../src/server/seed/demo-content.ts';

export const newId = () => uuidv7(Date.now(), randomBytes(10));
export const chunks = <T>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, k) => xs.slice(k * n, k * n + n));

const SENTENCE = 'Angela Merkel met Emmanuel Macron in Paris on Monday.';
const TEXT_LABELS = ['politics', 'business', 'sports', 'science', 'culture'];
const IMAGE_LABELS = ['person', 'animal', 'vehicle', 'cup', 'utensil'];

/** What an annotator sends for item number k of a project of this kind: a realistic size and mix. */
export function payloadFor(kind: 'image' | 'text', k: number): AnnotationPayload {
  if (kind === 'text') {
    return {
      shapes: [],
      spans: [
        { id: 's1', label: 'per', start: 0, end: 13 },
        { id: 's2', label: 'per', start: 18, end: 33 },
        { id: 's3', label: 'loc', start: 37, end: 42 },
      ],
      classes: [TEXT_LABELS[k % TEXT_LABELS.length] as string],
    };
  }
  const x = 10 + (k % 50);
  return {
    shapes: [
      { id: 'b1', kind: 'box', label: IMAGE_LABELS[k % IMAGE_LABELS.length] as string, x, y: 20, w: 120, h: 90, attributes: { occluded: k % 3 === 0 } },
      { id: 'b2', kind: 'box', label: 'person', x: x + 150, y: 40, w: 60, h: 140, attributes: {} },
      {
        id: 'p1',
        kind: 'polygon',
        label: 'animal',
        points: [
          [x, 200],
          [x + 80, 210],
          [x + 90, 280],
          [x + 20, 300],
          [x - 5, 250],
        ],
        attributes: { truncated: true },
      },
    ],
    spans: [],
    classes: [],
  };
}

export interface BenchItem {
  itemId: string;
  projectId: string;
  guidelineVersionId: string;
  kind: 'image' | 'text';
  k: number;
}

export interface Seeded {
  userIds: string[];
  tokens: string[];
  /** Per annotator, the items leased to them, in order. */
  work: BenchItem[][];
  spare: { userId: string; itemId: string; projectId: string; guidelineVersionId: string };
}

/** Two projects, `nUsers` annotators in both, `perUser[u]` items leased to annotator u. */
export async function seedLoad(ctx: AppContext, nUsers: number, perUser: (u: number) => number, reviewRate = 0.1, goldShare = 0.1): Promise<Seeded> {
  const image = await createProject(ctx, { name: 'Bench images', kind: 'image', labelSchema: imageSchema, sections: imageGuideline });
  const text = await createProject(ctx, { name: 'Bench texts', kind: 'text', labelSchema: textSchema, sections: textGuideline });
  await ctx.db
    .update(projects)
    .set({ reviewRate })
    .where(inArray(projects.id, [image.id, text.id]));
  const asset = await addImageItem(ctx, ctx.db, image.id, readFileSync(new URL('../../src/server/seed/assets/coins.jpg', import.meta.url)));
  const hash = await hashPassword('bench-password');
  const userIds = Array.from({ length: nUsers + 1 }, newId);
  for (const part of chunks(userIds, 500))
    await ctx.db.insert(users).values(part.map((u) => ({ id: u, email: `bench-${u}@bench.test`, displayName: 'Bench', passwordHash: hash })));
  for (const part of chunks(userIds, 250))
    await ctx.db
      .insert(memberships)
      .values(part.flatMap((u) => [image.id, text.id].map((projectId) => ({ projectId, userId: u, role: 'annotator' as const }))));

  const lease = new Date(Date.now() + 86_400_000);
  const work: BenchItem[][] = [];
  const itemRows: Array<typeof items.$inferInsert> = [];
  const assignmentRows: Array<typeof assignments.$inferInsert> = [];
  const goldRows: Array<typeof goldAnswers.$inferInsert> = [];
  let k = 0;
  for (let u = 0; u <= nUsers; u++) {
    const mine: BenchItem[] = [];
    const n = u === nUsers ? 1 : perUser(u);
    for (let j = 0; j < n; j++, k++) {
      const kind = k % 2 === 0 ? 'image' : 'text';
      const p = kind === 'image' ? image : text;
      const itemId = randomUUID();
      itemRows.push(
        kind === 'image'
          ? { id: itemId, projectId: p.id, assetId: asset.assetId, width: asset.width, height: asset.height, meta: {} }
          : { id: itemId, projectId: p.id, text: SENTENCE, meta: {} },
      );
      assignmentRows.push({ id: newId(), projectId: p.id, itemId, userId: userIds[u] as string, position: j, status: 'open', leaseExpiresAt: lease });
      // Every tenth item gold, its answer a little off what is sent (so scoring has work to do).
      if (k % Math.round(1 / goldShare) === 5)
        goldRows.push({ itemId, projectId: p.id, answer: payloadFor(kind, k + 1), guidelineVersionId: p.guidelineVersionId });
      mine.push({ itemId, projectId: p.id, guidelineVersionId: p.guidelineVersionId, kind, k });
    }
    work.push(mine);
  }
  for (const part of chunks(itemRows, 1000)) await ctx.db.insert(items).values(part);
  for (const part of chunks(assignmentRows, 1000)) await ctx.db.insert(assignments).values(part);
  for (const part of chunks(goldRows, 1000)) await ctx.db.insert(goldAnswers).values(part);
  await ctx.db
    .update(items)
    .set({ assignedCount: 1, servedCount: 1 })
    .where(inArray(items.projectId, [image.id, text.id]));
  const tokens: string[] = [];
  for (const u of userIds) tokens.push((await createSession(ctx, u)).token);
  const spareItem = work.pop()?.[0] as BenchItem;
  const spare = { userId: userIds.pop() as string, itemId: spareItem.itemId, projectId: spareItem.projectId, guidelineVersionId: spareItem.guidelineVersionId };
  tokens.pop();
  const [row] = await ctx.db.select({ id: projects.id }).from(projects).where(eq(projects.id, image.id));
  if (!row) throw new Error('seed failed');
  return { userIds, tokens, work, spare };
}

export function submissionOf(item: BenchItem): SubmitAnnotation {
  const now = Date.now();
  return {
    id: newId(),
    type: 'annotation.submit',
    projectId: item.projectId,
    itemId: item.itemId,
    guidelineVersionId: item.guidelineVersionId,
    payload: payloadFor(item.kind, item.k),
    startedAt: new Date(now - 4000).toISOString(),
    submittedAt: new Date(now).toISOString(),
    durationMs: 4000,
  };
}
