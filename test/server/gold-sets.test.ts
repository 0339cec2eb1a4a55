import { readFileSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoldItemDetail, LabelImportReport, GoldModeItemList, GoldSetList, type LabelSchema } from '../../src/domain/api/index.ts';
import { assignments, auditLog, goldAnswers, items } from '../../src/server/db/schema.ts';
import { addImageItem, createProject, grantRole } from '../../src/server/admin/create.ts';
import { imageGuideline, imageSchema } from '../../src/server/seed/demo-content.ts';
import { ANNOTATOR, ANNOTATOR2, AUTHOR, engines, LEAD, startTestServer, type Caller, type TestServer } from './harness.ts';

const fixture = (name: string) => readFileSync(new URL(`../domain/fixtures/coco/${name}`, import.meta.url));
const cocoFile = (name: string) => ({ path: `annotations/${name}`, content: fixture(name).toString('utf8') });
/** Gold answers are imported through the one label-import route. */
const goldImport = (projectId: string) => `/api/projects/${projectId}/labels/import`;
const box = (id: string, label: string, x: number, y: number, w: number, h: number) => ({ id, kind: 'box' as const, label, x, y, w, h, attributes: {} });

// Gold sets on both engines: COCO and JSONL imports (bad entries, unmapped categories, both
// modes), gold mode (browse, open, save), the gold-set list, and that annotators get none of it.
describe.each(engines)('gold sets on %s', (engine) => {
  let server: TestServer;
  let lead: Caller;
  let author: Caller;
  let annotator: Caller;
  beforeAll(async () => {
    server = await startTestServer(engine);
    [lead, author, annotator] = await Promise.all([server.as(LEAD), server.as(AUTHOR), server.as(ANNOTATOR)]);
  });
  afterAll(async () => server?.close());

  const uid = (email: string) => server.demo.userIds[email] as string;
  const img = () => server.demo.imageProjectId;
  const txt = () => server.demo.textProjectId;
  const goldRows = (projectId: string) => server.ctx.db.select().from(goldAnswers).where(eq(goldAnswers.projectId, projectId));
  const itemBySource = async (projectId: string, source: string) => {
    const rows = await server.ctx.db.select().from(items).where(eq(items.projectId, projectId));
    const row = rows.find((r) => r.meta.source === source);
    if (!row) throw new Error(`no item ${source}`);
    return row;
  };
  const textItems = async () => (await server.ctx.db.select().from(items).where(eq(items.projectId, txt()))).sort((a, b) => a.seq - b.seq);

  it('answers annotators 403 on every gold-set route, and non-members 404', async () => {
    const item = await itemBySource(img(), 'astronaut.jpg');
    const base = `/api/projects/${img()}/gold-set`;
    const calls = [
      annotator.get(base),
      annotator.get(`${base}/items`),
      annotator.get(`${base}/items/${item.id}`),
      annotator.request('PUT', `${base}/items/${item.id}`, { answer: { shapes: [] }, justification: 'mine' }),
      annotator.post(`/api/projects/${img()}/labels/import`, { format: 'coco', as: 'gold', files: [{ path: 'a.json', content: '{}' }] }),
      annotator.post(`/api/projects/${txt()}/labels/import`, { format: 'touchstone', as: 'gold', files: [{ path: 'a.jsonl', content: '{}' }] }),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      // The refusal says which role is needed, nothing about the item.
      expect(JSON.stringify(res.body)).not.toMatch(/gold answer|justification/i);
    }
    const other = await createProject(server.ctx, { name: 'Elsewhere', kind: 'image', labelSchema: imageSchema, sections: imageGuideline });
    expect((await lead.get(`/api/projects/${other.id}/gold-set`)).status).toBe(404);
  });

  it('imports the Datumaro COCO files into an image project (bbox → box, polygon → polygon, crowd RLE kept as an ignore region)', async () => {
    const schema: LabelSchema = {
      labels: [
        { id: 'alpha', name: 'Alpha', color: '#ff0000', tools: ['box', 'polygon'], attributes: [] },
        { id: 'beta', name: 'Beta', color: '#00ff00', tools: ['box', 'polygon'], attributes: [] },
      ],
      classMode: 'single',
      allowOverlappingSpans: false,
      snapSpansToTokens: false,
    };
    const p = await createProject(server.ctx, { name: 'COCO conformance', kind: 'image', labelSchema: schema, sections: imageGuideline });
    await grantRole(server.ctx, p.id, uid(LEAD), 'lead');
    const a = await addImageItem(server.ctx, server.ctx.db, p.id, fixture('a.jpg'), { source: 'a.jpg' });
    const b = await addImageItem(server.ctx, server.ctx.db, p.id, fixture('b.jpg'), { fileName: 'images/val/b.jpg' });
    const categoryMap = { a: 'alpha', b: 'beta' };

    const train = await lead.post(goldImport(p.id), { format: 'coco', as: 'gold', files: [cocoFile('instances_train.json')], categoryMap });
    expect(train.status).toBe(200);
    expect(LabelImportReport.parse(train.body)).toMatchObject({
      format: 'coco',
      as: 'gold',
      mode: 'all_or_nothing',
      committed: true,
      imported: 1,
      invalid: 0,
      unknownCategories: [],
    });
    const val = await lead.post(goldImport(p.id), {
      format: 'coco',
      as: 'gold',
      files: [cocoFile('instances_val.json')],
      categoryMap,
      justification: 'Datumaro val',
    });
    expect(val.status).toBe(200);
    expect(
      LabelImportReport.parse(val.body)
        .report.map((r) => r.message)
        .join(' '),
    ).toMatch(/crowd region: kept as an ignore region/);

    const rows = await goldRows(p.id);
    const byItem = new Map(rows.map((r) => [r.itemId, r]));
    expect(byItem.get(a.id)?.answer.shapes).toEqual([box('i1', 'beta', 2, 2, 3, 1)]);
    const [object, crowd] = byItem.get(b.id)!.answer.shapes;
    expect(object).toEqual({
      id: 'i1',
      kind: 'polygon',
      label: 'alpha',
      points: [
        [0, 0],
        [1, 0],
        [1, 2],
        [0, 2],
      ],
      attributes: {},
    });
    expect(crowd).toMatchObject({ kind: 'polygon', label: 'beta', ignore: true });
    expect(byItem.get(b.id)).toMatchObject({ guidelineVersionId: p.guidelineVersionId, active: true, justification: 'Datumaro val', createdBy: uid(LEAD) });
    const logged = await server.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.projectId, p.id), eq(auditLog.action, 'gold_created')));
    expect(logged.map((l) => l.details.source)).toEqual(['import:coco', 'import:coco']);
  });

  it('COCO with bad annotations and unknown categories: all-or-nothing writes nothing; valid-only writes only the whole answers', async () => {
    const cup = await itemBySource(img(), 'coffee-cup.jpg');
    const astro = await itemBySource(img(), 'astronaut.jpg');
    const rocket = await itemBySource(img(), 'rocket-launch.jpg');
    const coco = {
      images: [
        { id: 1, file_name: 'astronaut.jpg', width: astro.width, height: astro.height },
        { id: 2, file_name: 'rocket-launch.jpg', width: rocket.width, height: rocket.height },
        { id: 3, file_name: 'not-in-project.jpg', width: 10, height: 10 },
        { id: 4, file_name: 'coffee-cup.jpg', width: cup.width, height: cup.height },
      ],
      categories: [
        { id: 1, name: 'person' },
        { id: 2, name: 'Vehicle' },
        { id: 3, name: 'unicorn' },
      ],
      annotations: [
        { id: 10, image_id: 1, category_id: 1, bbox: [10, 10, 100, 200] },
        { id: 11, image_id: 2, category_id: 2, bbox: [5, 5, 50, 50] },
        { id: 12, image_id: 2, category_id: 3, bbox: [5, 5, 50, 50] },
        { id: 13, image_id: 4, category_id: 1, bbox: [(cup.width ?? 0) - 10, 0, 50, 50] },
      ],
    };
    const files = [{ path: 'instances.json', content: JSON.stringify(coco) }];
    const before = await goldRows(img());
    const strict = await lead.post(goldImport(img()), { format: 'coco', as: 'gold', files });
    expect(strict.status).toBe(400);
    expect(strict.body.error.code).toBe('validation_failed');
    const report = LabelImportReport.parse(strict.body.error.details);
    expect(report.committed).toBe(false);
    expect(report.unknownCategories).toEqual([{ source: 'unicorn', uses: 1 }]);
    const said = report.report.map((r) => `${r.file}: ${r.message}`).join('\n');
    expect(said).toMatch(/instances.json: annotations\[3\] \(id 13\): lies more than 1 px outside/);
    expect(said).toMatch(/no item of this project is named "not-in-project.jpg"/);
    expect(await goldRows(img())).toEqual(before);

    const lenient = await lead.post(goldImport(img()), { format: 'coco', as: 'gold', files, mode: 'valid_only' });
    expect(lenient.status).toBe(200);
    // The rocket lost its unicorn: a partial gold answer would mark right answers wrong, so it is refused.
    expect(lenient.body).toMatchObject({ committed: true, imported: 1, invalid: 1 });
    expect(
      LabelImportReport.parse(lenient.body)
        .report.map((r) => r.message)
        .join('\n'),
    ).toMatch(/gold answer must be whole/);
    const after = await goldRows(img());
    expect(after).toHaveLength(before.length + 1);
    expect(after.find((g) => g.itemId === astro.id)?.answer.shapes).toEqual([box('i1', 'person', 10, 10, 100, 200)]);
    // The cup's existing (demo) gold answer was not touched by its one, invalid, annotation.
    expect(after.find((g) => g.itemId === cup.id)).toEqual(before.find((g) => g.itemId === cup.id));
  });

  it('imports Touchstone JSONL (short form) for a text project with a report by line, in both modes, and refuses the wrong format for the project kind', async () => {
    const [first, second, third] = await textItems();
    const lines = [
      JSON.stringify({
        itemId: second?.id,
        spans: [
          [10, 29, 'org'],
          [38, 43, 'Location'],
        ],
        class: 'business',
      }),
      'not json at all',
      JSON.stringify({
        text: third?.text,
        spans: [
          [0, 12, 'per'],
          [0, 3, 'per'],
        ],
        class: 'sports',
      }),
      JSON.stringify({ text: 'No such sentence.', spans: [] }),
      JSON.stringify({ itemId: first?.id, spans: [[0, 5, 'weather']] }),
    ].join('\n');
    const files = [{ path: 'gold.jsonl', content: lines }];
    const before = await goldRows(txt());
    const strict = await author.post(goldImport(txt()), { format: 'touchstone', as: 'gold', files });
    expect(strict.status).toBe(400);
    const report = LabelImportReport.parse(strict.body.error.details);
    const byLine = (n: number) =>
      report.report
        .filter((r) => r.line === n)
        .map((r) => r.message)
        .join(' ');
    expect(byLine(2)).toMatch(/not valid JSON/);
    expect(byLine(3)).toMatch(/overlap/i);
    expect(byLine(4)).toMatch(/no item of this project is a text exactly like this one/);
    expect(byLine(5)).toMatch(/"weather" is not a label of this project/);
    expect(report.unknownCategories).toEqual([{ source: 'weather', uses: 1 }]);
    expect(await goldRows(txt())).toEqual(before);

    const lenient = await author.post(goldImport(txt()), { format: 'touchstone', as: 'gold', files, mode: 'valid_only', justification: 'Checked twice.' });
    expect(lenient.status).toBe(200);
    expect(lenient.body).toMatchObject({ committed: true, imported: 1 });
    const saved = (await goldRows(txt())).find((g) => g.itemId === second?.id);
    expect(saved?.answer).toEqual({
      shapes: [],
      spans: [
        { id: 's1', label: 'org', start: 10, end: 29 },
        { id: 's2', label: 'loc', start: 38, end: 43 },
      ],
      classes: ['business'],
    });
    expect(saved?.createdBy).toBe(uid(AUTHOR));
    expect(saved?.justification).toBe('Checked twice.');

    const again = await author.post(goldImport(txt()), { format: 'touchstone', as: 'gold', files: [{ path: 'gold.jsonl', content: lines.split('\n')[0]! }] });
    expect(again.body).toMatchObject({ committed: true, imported: 1 });
    expect((await lead.post(goldImport(txt()), { format: 'coco', as: 'gold', files: [{ path: 'x.json', content: '{}' }] })).status).toBe(400);
    const notCoco = await lead.post(goldImport(img()), { format: 'coco', as: 'gold', files: [{ path: 'x.json', content: '"not an object"' }] });
    expect(notCoco.status).toBe(400);
    expect(LabelImportReport.parse(notCoco.body.error.details).report[0]!.message).toMatch(/not a COCO instances file/);
  });

  it('gold mode: lists items with their gold status, opens one, saves a validated gold answer with a justification', async () => {
    const list = GoldModeItemList.parse((await lead.get(`/api/projects/${img()}/gold-set/items?limit=4`)).body);
    expect(list.items).toHaveLength(4);
    expect(list.next).not.toBeNull();
    const rest = GoldModeItemList.parse((await lead.get(`/api/projects/${img()}/gold-set/items?after=${list.next}`)).body);
    const all = [...list.items, ...rest.items];
    expect(all.map((i) => i.preview)).toContain('Espresso on a saucer (coffee-cup.jpg)');
    expect(all.find((i) => i.preview.includes('coffee-cup'))).toMatchObject({ hasGold: true, goldActive: true });
    const onlyGold = GoldModeItemList.parse((await lead.get(`/api/projects/${img()}/gold-set/items?filter=gold`)).body);
    expect(onlyGold.items.every((i) => i.hasGold)).toBe(true);

    const coins = all.find((i) => i.preview.includes('coins.jpg'));
    if (!coins) throw new Error('coins item missing');
    const opened = GoldItemDetail.parse((await author.get(`/api/projects/${img()}/gold-set/items/${coins.id}`)).body);
    expect(opened.gold).toBeNull();
    expect(opened.item.image?.url).toMatch(/^\/api\/assets\/[0-9a-f-]{36}$/);
    expect((await author.get(opened.item.image!.url)).status).toBe(200);

    const url = `/api/projects/${img()}/gold-set/items/${coins.id}`;
    const bad = await lead.request('PUT', url, { answer: { shapes: [box('g1', 'coin', 10, 10, 99_999, 20)] }, justification: 'Counted by hand.' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.problems[0].message).toMatch(/outside/);
    expect((await lead.request('PUT', url, { answer: { shapes: [] }, justification: '   ' })).status).toBe(400);

    const ok = await lead.request('PUT', url, { answer: { shapes: [box('g1', 'coin', 10, 10, 40, 40)] }, justification: 'Counted by hand.' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      itemId: coins.id,
      replaced: false,
      gold: { justification: 'Counted by hand.', active: true, guidelineVersion: '1.0', createdBy: 'Lea Lead' },
    });
    const reopened = GoldItemDetail.parse((await lead.get(url)).body);
    expect(reopened.gold?.answer.shapes).toEqual([box('g1', 'coin', 10, 10, 40, 40)]);
    expect((await lead.request('PUT', url, { answer: { shapes: [] }, justification: 'No coins after all.' })).body.replaced).toBe(true);
    expect((await lead.get(`/api/projects/${img()}/gold-set/items/${(await textItems())[0]?.id}`)).status).toBe(404);
  });

  it('the gold-set list shows version, active or out of scoring, and exposure; a label change deactivates, saving again re-activates', async () => {
    // Exposure counts the annotators an item was assigned to (open, done or expired alike);
    // written directly, since which gold the queue hands out when is random by design.
    const cup = await itemBySource(img(), 'coffee-cup.jpg');
    const lease = new Date(Date.now() + 3_600_000);
    await server.ctx.db.insert(assignments).values([
      { id: server.ctx.newId(), projectId: img(), itemId: cup.id, userId: uid(ANNOTATOR), position: 900, status: 'done', leaseExpiresAt: lease },
      { id: server.ctx.newId(), projectId: img(), itemId: cup.id, userId: uid(ANNOTATOR2), position: 900, status: 'expired', leaseExpiresAt: lease },
    ]);
    const list = GoldSetList.parse((await lead.get(`/api/projects/${img()}/gold-set`)).body);
    expect(list.annotators).toBe(2);
    expect(list.totals.gold).toBe(list.entries.length);
    expect(list.entries.every((e) => e.current && e.active && e.guidelineVersion === '1.0')).toBe(true);
    expect(list.entries.find((e) => e.itemId === cup.id)?.exposure).toBe(2);

    const moto = await itemBySource(img(), 'motorcycle.jpg');
    const current = (await author.get(`/api/projects/${img()}/guideline/versions/${list.currentVersionId}`)).body;
    const sections = current.sections.map((s: { id: string; body: string }) =>
      s.id === 'vehicle' ? { ...s, body: `${s.body} Trailers count as vehicles.` } : s,
    );
    expect((await author.request('PUT', `/api/projects/${img()}/guideline/draft`, { baseVersionId: list.currentVersionId, sections })).status).toBe(200);
    const publish = await author.post(`/api/projects/${img()}/guideline/publish`, {
      kind: 'label_change',
      affectedLabels: ['vehicle'],
      changelog: 'Vehicles now include trailers.',
      baseVersionId: list.currentVersionId,
    });
    expect(publish.status).toBe(200);
    const after = GoldSetList.parse((await lead.get(`/api/projects/${img()}/gold-set`)).body);
    expect(after.currentVersion).toBe('2.0');
    expect(after.entries.find((e) => e.itemId === moto.id)).toMatchObject({ active: false, current: false, guidelineVersion: '1.0' });
    expect(after.totals.inactive).toBe(1);
    expect(after.entries.filter((e) => e.itemId !== moto.id).every((e) => e.active && !e.current)).toBe(true);

    const resaved = await lead.request('PUT', `/api/projects/${img()}/gold-set/items/${moto.id}`, {
      answer: { shapes: [box('g1', 'vehicle', 95, 85, 590, 350)] },
      justification: 'Re-verified under 2.0.',
    });
    expect(resaved.body.gold).toMatchObject({ active: true, guidelineVersion: '2.0' });
    const last = GoldSetList.parse((await lead.get(`/api/projects/${img()}/gold-set`)).body);
    expect(last.entries.find((e) => e.itemId === moto.id)).toMatchObject({ active: true, current: true });
  });

  it('never returns gold to an annotator: queue items carry no gold field, and no annotator response names a justification', async () => {
    const queue = await annotator.post(`/api/projects/${img()}/queue?limit=20`);
    expect(queue.status).toBe(200);
    const keys = new Set(queue.body.items.map((i: object) => Object.keys(i).sort().join(',')));
    expect(keys.size).toBe(1);
    const text = JSON.stringify([queue.body, (await annotator.get(`/api/projects/${img()}`)).body]);
    expect(text).not.toMatch(/gold|justification|Counted by hand|Re-verified/i);
  });
});
