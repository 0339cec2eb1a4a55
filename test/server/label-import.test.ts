import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabelImportReport } from '../../src/domain/api/index.ts';
import { annotations, auditLog, goldAnswers, items, preAnnotations } from '../../src/server/db/schema.ts';
import { currentGuideline } from '../../src/server/guidelines/guidelines.ts';
import { ANNOTATOR, engines, LEAD, startTestServer, type Caller, type TestServer } from './harness.ts';

// POST /labels/import on both engines: who may, the three targets, the report, the limits.
describe.each(engines)('label import on %s', (engine) => {
  let server: TestServer;
  let lead: Caller;
  let annotator: Caller;
  beforeAll(async () => {
    server = await startTestServer(engine);
    [lead, annotator] = await Promise.all([server.as(LEAD), server.as(ANNOTATOR)]);
  });
  afterAll(async () => server?.close());

  const url = (p: string) => `/api/projects/${p}/labels/import`;
  const img = () => server.demo.imageProjectId;
  const item = async (source: string) => (await server.ctx.db.select().from(items).where(eq(items.projectId, img()))).find((r) => r.meta.source === source)!;
  const cvat = (name: string, w: number, h: number, body: string) =>
    `<?xml version="1.0" encoding="utf-8"?>\n<annotations>\n  <version>1.1</version>\n  <image id="0" name="${name}" width="${w}" height="${h}">\n${body}\n  </image>\n</annotations>\n`;

  it('refuses annotators (403) and answers 413 with the limit for too much text', async () => {
    const files = [{ path: 'a.xml', content: cvat('x.jpg', 1, 1, '') }];
    expect((await annotator.post(url(img()), { format: 'cvat', as: 'labels', files })).status).toBe(403);
    const big = await lead.post(url(img()), { format: 'cvat', as: 'labels', files: [{ path: 'a.xml', content: 'x'.repeat(33 * 1024 * 1024) }] });
    expect(big.status).toBe(413);
    expect(big.body.error.message).toMatch(/at most 32 MB/);
  });

  it('CVAT XML as starting labels: revisions by the importer under the current guideline; unknown categories named, by file and line', async () => {
    const a = await item('astronaut.jpg');
    const body = [
      '    <box label="Person" occluded="1" xtl="10" ytl="10" xbr="60" ybr="80" z_order="0"></box>',
      '    <box label="zebra" xtl="1" ytl="1" xbr="6" ybr="6"></box>',
      '    <polygon label="cup" points="100,100;150,100;125,140"></polygon>',
    ].join('\n');
    const files = [{ path: 'task/annotations.xml', content: cvat('astronaut.jpg', a.width!, a.height!, body) }];
    const strict = await lead.post(url(img()), { format: 'cvat', as: 'labels', files });
    expect(strict.status).toBe(400);
    const refused = LabelImportReport.parse(strict.body.error.details);
    expect(refused.unknownCategories).toEqual([{ source: 'zebra', uses: 1 }]);
    expect(refused.report).toContainEqual({ file: 'task/annotations.xml', line: 6, message: '<box label="zebra">: "zebra" is not a label of this project' });
    expect(await server.ctx.db.$count(annotations, eq(annotations.itemId, a.id))).toBe(0);

    const res = await lead.post(url(img()), { format: 'cvat', as: 'labels', mode: 'valid_only', files });
    expect(res.status).toBe(200);
    const report = LabelImportReport.parse(res.body);
    expect([report.committed, report.imported, report.kept, report.dropped]).toEqual([true, 1, 2, 1]);
    const [rev] = await server.ctx.db.select().from(annotations).where(eq(annotations.itemId, a.id));
    expect(rev!.userId).toBe(server.demo.userIds[LEAD]);
    expect(rev!.guidelineVersionId).toBe((await currentGuideline(server.ctx.db, img())).id);
    expect(rev!.payload.shapes.map((s) => [s.kind, s.label, s.attributes])).toEqual([
      ['box', 'person', { occluded: true }],
      ['polygon', 'cup', {}],
    ]);
    const audits = await server.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'import'), eq(auditLog.projectId, img())));
    expect(audits.some((x) => x.details.kind === 'labels' && x.details.format === 'cvat' && x.details.committed === true)).toBe(true);
  });

  it('Label Studio JSON as pre-annotations: percent coordinates become pixels of the item', async () => {
    const c = await item('coins.jpg');
    const task = {
      id: 1,
      data: { image: '/data/upload/4/0a1b2c3d-coins.jpg' },
      annotations: [
        {
          id: 1,
          result: [
            {
              type: 'rectanglelabels',
              original_width: c.width,
              original_height: c.height,
              value: { x: 10, y: 20, width: 30, height: 40, rotation: 0, rectanglelabels: ['Coin'] },
            },
          ],
        },
      ],
    };
    const res = await lead.post(url(img()), {
      format: 'label-studio',
      as: 'pre-annotations',
      files: [{ path: 'export.json', content: JSON.stringify([task]) }],
    });
    expect(res.status).toBe(200);
    const [pre] = await server.ctx.db.select().from(preAnnotations).where(eq(preAnnotations.itemId, c.id));
    const b = pre!.payload.shapes[0]!;
    expect(b.kind === 'box' && [b.label, b.x, b.y, b.w, b.h]).toEqual([
      'coin',
      expect.closeTo(c.width! * 0.1, 9),
      expect.closeTo(c.height! * 0.2, 9),
      expect.closeTo(c.width! * 0.3, 9),
      expect.closeTo(c.height! * 0.4, 9),
    ]);
  });

  it('spaCy JSONL as gold in a text project; an image format is refused for it', async () => {
    const [t] = await server.ctx.db.select().from(items).where(eq(items.projectId, server.demo.textProjectId)).limit(1);
    const line = JSON.stringify({ text: t!.text, spans: [{ start: 0, end: 1, label: 'per' }], cats: { politics: 1 } });
    const res = await lead.post(url(server.demo.textProjectId), {
      format: 'spacy',
      as: 'gold',
      mode: 'valid_only',
      files: [{ path: 'g.jsonl', content: `${line}\n` }],
    });
    expect(res.status).toBe(200);
    const [gold] = await server.ctx.db.select().from(goldAnswers).where(eq(goldAnswers.itemId, t!.id));
    expect(gold!.answer.classes).toEqual(['politics']);
    const wrong = await lead.post(url(server.demo.textProjectId), { format: 'yolo', as: 'gold', files: [{ path: 'a.txt', content: '' }] });
    expect(wrong.status).toBe(400);
  });
});
