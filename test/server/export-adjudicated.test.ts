import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotations, guidelineVersions, items, users } from '../../src/server/db/schema.ts';
import { ANNOTATOR, ANNOTATOR2, engines, LEAD, startTestServer, type Caller, type TestServer } from './harness.ts';

// Flat exports write one label set per item: the lead's adjudication, else the majority vote, else
// the single answer (export-final.ts) — never simply the newest annotator's answer.
describe.each(engines)('export uses the adjudicated / consensus label on %s', (engine) => {
  let server: TestServer;
  let lead: Caller;
  let majority: string;
  let tied: string;
  let single: string;
  const TEXT = 'Alice went to Paris.';

  beforeAll(async () => {
    server = await startTestServer(engine);
    lead = await server.as(LEAD);
    const db = server.ctx.db;
    const projectId = server.demo.textProjectId;
    [majority, tied, single] = [randomUUID(), randomUUID(), randomUUID()];
    await db.insert(items).values([majority, tied, single].map((id) => ({ id, projectId, text: TEXT })));
    const [gv] = await db.select({ id: guidelineVersions.id }).from(guidelineVersions).where(eq(guidelineVersions.projectId, projectId)).limit(1);
    const people = await db
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(inArray(users.email, [ANNOTATOR, ANNOTATOR2, LEAD]));
    const uid = (email: string) => people.find((p) => p.email === email)!.id;
    let minute = 0;
    // Submitted one minute apart in this order: the LAST answer of each item is the minority one.
    const row = (itemId: string, email: string, label: string) => {
      const at = new Date(Date.UTC(2026, 0, 1, 12, minute++));
      return {
        id: randomUUID(),
        projectId,
        itemId,
        userId: uid(email),
        revision: 1,
        guidelineVersionId: gv!.id,
        payload: { shapes: [], spans: [{ id: 's', label, start: 0, end: 5 }], classes: [] },
        durationMs: 1000,
        startedAt: at,
        submittedAt: at,
        mutationId: randomUUID(),
      };
    };
    await db
      .insert(annotations)
      .values([
        row(majority, ANNOTATOR, 'per'),
        row(majority, ANNOTATOR2, 'per'),
        row(majority, LEAD, 'org'),
        row(tied, ANNOTATOR, 'per'),
        row(tied, ANNOTATOR2, 'org'),
        row(single, ANNOTATOR, 'misc'),
      ]);
  });
  afterAll(async () => server?.close());

  const spacy = async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/projects/${server.demo.textProjectId}/export?format=spacy`,
      headers: { cookie: lead.cookie! },
    });
    expect(res.statusCode).toBe(200);
    const lines = res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { spans: { label: string }[]; meta: { item_id: string } });
    return (id: string) => lines.find((l) => l.meta.item_id === id)!.spans.map((s) => s.label);
  };
  const conll = async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/projects/${server.demo.textProjectId}/export?format=conll`,
      headers: { cookie: lead.cookie! },
    });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  it('majority beats the newest answer; a single answer is exported as is', async () => {
    const label = await spacy();
    expect(label(majority)).toEqual(['per']);
    expect(label(single)).toEqual(['misc']);
  });

  it('after the lead resolves a tie, spaCy and CoNLL exports carry the adjudicated label', async () => {
    const list = await lead.get(`/api/projects/${server.demo.textProjectId}/adjudications`);
    expect(list.status).toBe(200);
    expect((list.body as { tasks: { itemId: string; resolved: unknown }[] }).tasks.find((t) => t.itemId === tied)).toMatchObject({ resolved: null });
    const before = await conll();
    expect(
      (
        await lead.put(`/api/projects/${server.demo.textProjectId}/adjudications/${tied}`, {
          payload: { shapes: [], spans: [{ id: 'x', label: 'loc', start: 0, end: 5 }], classes: [] },
        })
      ).status,
    ).toBe(204);
    expect((await spacy())(tied)).toEqual(['loc']);
    const after = await conll();
    expect(after).toMatch(/^Alice _ _ B-loc$/m);
    expect(before).not.toMatch(/B-loc/);
  });
});
