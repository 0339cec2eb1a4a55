import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnnotationPayload } from '../../src/domain/api/index.ts';
import { goldAnswers, guidelineVersions, items, users } from '../../src/server/db/schema.ts';
import { storeRevisions } from './fixtures.ts';
import { ANNOTATOR, ANNOTATOR2, engines, LEAD, startTestServer, type TestServer } from './harness.ts';

// The agreement report on image (shapes) and text (spans) projects: per-label rows, confused pairs
// and worst items come from shapes matched into units (domain/metrics/unit-agreement.ts), and gold
// items are left out of every figure.
const box = (id: string, label: string, x: number) => ({ id, kind: 'box' as const, label, x, y: 10, w: 40, h: 40, attributes: {} });
const span = (id: string, label: string, start: number, end: number) => ({ id, label, start, end });
const shapes = (s: AnnotationPayload['shapes']): AnnotationPayload => ({ shapes: s, spans: [], classes: [] });
const spans = (s: AnnotationPayload['spans']): AnnotationPayload => ({ shapes: [], spans: s, classes: [] });

type Row = { label: string; unit?: string; alpha: { value: number | null; items: number } };
type Pair = { a: string; b: string; unit?: string; count: number };

describe.each(engines)('agreement on shapes and spans on %s', (engine) => {
  let server: TestServer;
  let imageItems: string[];
  let textItems: string[];

  async function seed(projectId: string, n: number, answer: (i: number, who: 1 | 2) => AnnotationPayload): Promise<string[]> {
    const db = server.ctx.db;
    // Fresh items (the demo projects hold few, some of them gold).
    const ids = Array.from({ length: n }, () => randomUUID());
    await db.insert(items).values(
      ids.map((id, i) => ({
        id,
        projectId,
        text: projectId === server.demo.textProjectId ? `Alice met Bob, document ${i}.` : null,
        width: 640,
        height: 480,
      })),
    );
    const [gv] = await db.select({ id: guidelineVersions.id }).from(guidelineVersions).where(eq(guidelineVersions.projectId, projectId)).limit(1);
    const people = await db
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(inArray(users.email, [ANNOTATOR, ANNOTATOR2]));
    const uid = (email: string) => people.find((p) => p.email === email)!.id;
    const now = new Date();
    const row = (itemId: string, who: 1 | 2, payload: AnnotationPayload) => ({
      id: randomUUID(),
      projectId,
      itemId,
      userId: uid(who === 1 ? ANNOTATOR : ANNOTATOR2),
      revision: 1,
      guidelineVersionId: gv!.id,
      payload,
      durationMs: 1000,
      startedAt: now,
      submittedAt: now,
      mutationId: randomUUID(),
    });
    await storeRevisions(
      db,
      ids.flatMap((id, i) => [row(id, 1, answer(i, 1)), row(id, 2, answer(i, 2))]),
    );
    return ids;
  }

  beforeAll(async () => {
    server = await startTestServer(engine);
    // Image: items 0–9 one person each (annotator 2 calls two of them animals); item 10 both draw a
    // person and annotator 1 also a vehicle annotator 2 missed; item 11 becomes a GOLD item on which
    // they split cup/coin — it must not show anywhere.
    imageItems = await seed(server.demo.imageProjectId, 12, (i, who) => {
      if (i < 10) return shapes([box('s', who === 2 && i >= 8 ? 'animal' : 'person', 10)]);
      if (i === 10) return shapes(who === 1 ? [box('s', 'person', 10), box('t', 'vehicle', 200)] : [box('s', 'person', 12)]);
      return shapes([box('s', who === 1 ? 'cup' : 'coin', 10)]);
    });
    const [gv] = await server.ctx.db
      .select({ id: guidelineVersions.id })
      .from(guidelineVersions)
      .where(eq(guidelineVersions.projectId, server.demo.imageProjectId))
      .limit(1);
    await server.ctx.db
      .insert(goldAnswers)
      .values({ itemId: imageItems[11]!, projectId: server.demo.imageProjectId, answer: shapes([box('g', 'cup', 10)]), guidelineVersionId: gv!.id });
    // Text: 10 documents, both mark "per" on [0, 5); on 3 of them annotator 2 says "org" instead.
    textItems = await seed(server.demo.textProjectId, 10, (i, who) => spans([span('a', who === 2 && i < 3 ? 'org' : 'per', 0, 5)]));
  });
  afterAll(async () => server?.close());

  it('image project: per-label alpha over IoU-matched shapes, confused pairs with "(no shape)", worst items; gold item left out', async () => {
    const res = await (await server.as(LEAD)).get(`/api/projects/${server.demo.imageProjectId}/agreement`);
    expect(res.status).toBe(200);
    const rows = res.body.perLabel as Row[];
    expect(rows.filter((r) => r.unit === 'shape').map((r) => r.label)).toEqual(['animal', 'person', 'vehicle']);
    const person = rows.find((r) => r.label === 'person')!;
    // 12 units (10 single objects, item 10's person and vehicle), 24 values, 20 of them person;
    // units 8 and 9 split person/animal: α = 1 − 23·4 / (2·20·4) = 0.425.
    expect(person.alpha.items).toBe(12);
    expect(person.alpha.value).toBeCloseTo(0.425, 12);
    const pairs = (res.body.confused as Pair[]).map((p) => `${p.unit}:${p.a}|${p.b}:${p.count}`);
    expect(pairs).toEqual(['shape:animal|person:2', 'shape:(no shape)|vehicle:1']);
    const worst = (res.body.worstItems as { itemId: string; share: number }[]).map((w) => w.itemId);
    expect(worst.sort()).toEqual([imageItems[8], imageItems[9], imageItems[10]].sort());
    // The gold item's cup/coin split is scored against gold, not counted as disagreement.
    expect(JSON.stringify(res.body)).not.toMatch(/"(cup|coin)"/);
    expect(worst).not.toContain(imageItems[11]);
    const animalRows = (res.body.byVersion as { perLabel: Row[] }[]).flatMap((v) => v.perLabel).filter((p) => p.unit === 'shape');
    expect(animalRows.map((r) => r.label)).toContain('person');
  });

  it("matches the shapes again at the project's new IoU threshold", async () => {
    // Item 10's two person boxes overlap with IoU 38·40 / (42·40) ≈ 0.905: one object at 0.5, two
    // objects (each missed by the other annotator) at 0.95. The summaries were made at 0.5.
    const lead = await server.as(LEAD);
    const report = async () => (await lead.get(`/api/projects/${server.demo.imageProjectId}/agreement`)).body;
    const personOf = (body: { perLabel: Row[] }) => body.perLabel.find((r) => r.unit === 'shape' && r.label === 'person')!;
    const pairsOf = (body: { confused: Pair[] }) => body.confused.map((p) => `${p.unit}:${p.a}|${p.b}:${p.count}`);
    const setIou = async (iouThreshold: number) =>
      expect((await lead.put(`/api/projects/${server.demo.imageProjectId}/gold-policy`, { iouThreshold })).status).toBe(200);
    expect(personOf(await report()).alpha.items).toBe(12);
    await setIou(0.95);
    const strict = await report();
    expect(personOf(strict).alpha.items).toBe(13);
    expect(pairsOf(strict)).toContain('shape:(no shape)|person:2');
    await setIou(0.5);
    const again = await report();
    expect(personOf(again).alpha.items).toBe(12);
    expect(pairsOf(again)).toEqual(['shape:animal|person:2', 'shape:(no shape)|vehicle:1']);
  });

  it('text project: per-label alpha over span units, confused span labels', async () => {
    const res = await (await server.as(LEAD)).get(`/api/projects/${server.demo.textProjectId}/agreement`);
    expect(res.status).toBe(200);
    const rows = (res.body.perLabel as Row[]).filter((r) => r.unit === 'span');
    expect(rows.map((r) => r.label)).toEqual(['org', 'per']);
    expect(rows[0]!.alpha.items).toBe(10);
    expect((res.body.confused as Pair[])[0]).toMatchObject({ a: 'org', b: 'per', unit: 'span', count: 3 });
    expect((res.body.worstItems as { itemId: string }[]).map((w) => w.itemId).sort()).toEqual(textItems.slice(0, 3).sort());
  });
});
