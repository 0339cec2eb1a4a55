// Migrating another tool's project: a Label Studio export and a CVAT XML export go into NEW
// projects through the label import route, and come back out through the export route in the same
// format with every shape within 1e-6 px. Projects are created with createProject (admin/create.ts):
// the projects API arrives with the admin branch. Reads ../shared/fixtures; fails without it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabelImportReport, type LabelSchema } from '../../src/domain/api/index.ts';
import { labelStudioPath } from '../../src/domain/import/labels/label-studio.ts';
import { parseLabels } from '../../src/domain/import/labels/index.ts';
import { addImageItem, createProject, grantRole } from '../../src/server/admin/create.ts';
import { engines, LEAD, startTestServer, type Caller, type TestServer } from './harness.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');
const read = (rel: string) => readFileSync(path.join(FIXTURES, rel));
const lab = (id: string, tools: LabelSchema['labels'][number]['tools'], attributes: LabelSchema['labels'][number]['attributes'] = []) => ({
  id,
  name: id,
  color: '#123456',
  tools,
  attributes,
});
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6;

describe.each(engines)('migration from other tools on %s', (engine) => {
  let server: TestServer;
  let lead: Caller;
  beforeAll(async () => {
    server = await startTestServer(engine);
    lead = await server.as(LEAD);
  });
  afterAll(async () => server?.close());

  const newProject = async (name: string, labels: LabelSchema['labels']) => {
    const p = await createProject(server.ctx, {
      name,
      kind: 'image',
      labelSchema: { labels, classMode: 'multi', allowOverlappingSpans: false, snapSpansToTokens: false },
      sections: [],
    });
    await grantRole(server.ctx, p.id, server.demo.userIds[LEAD]!, 'lead');
    return p.id;
  };
  const exportOf = async (projectId: string, format: string) => {
    const res = await server.app.inject({ method: 'GET', url: `/api/projects/${projectId}/export?format=${format}`, headers: { cookie: lead.cookie! } });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  it('a Label Studio export: imported as starting labels, exported back as Label Studio JSON with every rectangle within 1e-6 px', async () => {
    const content = read('label-studio-converter/test_export_yolo/data.json').toString('utf8');
    const parsed = parseLabels('label-studio', [{ path: 'data.json', content }]);
    const projectId = await newProject(
      'from Label Studio',
      parsed.categories
        .map((c) => lab(c.toLowerCase().replace(/[^a-z0-9_-]+/g, '_'), ['box', 'polygon']))
        .map((l, i) => ({ ...l, name: parsed.categories[i]! })),
    );
    for (const it of parsed.items) {
      const bytes = await sharp({ create: { width: it.width!, height: it.height!, channels: 3, background: '#777' } })
        .jpeg()
        .toBuffer();
      await addImageItem(server.ctx, server.ctx.db, projectId, bytes, { fileName: it.key, source: it.key });
    }
    const res = await lead.post(`/api/projects/${projectId}/labels/import`, { format: 'label-studio', as: 'labels', files: [{ path: 'data.json', content }] });
    expect(res.status).toBe(200);
    const report = LabelImportReport.parse(res.body);
    expect(report.dropped).toBe(0);
    const back = parseLabels('label-studio', [{ path: 'out.json', content: await exportOf(projectId, 'label-studio') }]);
    for (const original of parsed.items) {
      const again = back.items.find((i) => i.key === labelStudioPath(original.key))!;
      expect(again.shapes).toHaveLength(original.shapes.length);
      original.shapes.forEach((s, k) => {
        const t = again.shapes[k]!;
        expect(t.category).toBe(s.category);
        if (s.kind === 'box' && t.kind === 'box')
          expect([close(s.x, t.x), close(s.y, t.y), close(s.w, t.w), close(s.h, t.h)]).toEqual([true, true, true, true]);
      });
    }
  });

  it('a CVAT XML export: boxes (with attributes) and polygons in, CVAT XML out, the same shapes within 1e-6 px; what CVAT drew that Touchstone cannot is in the report', async () => {
    const dir = 'datumaro/cvat_dataset/for_images/export_task';
    const xml = read(`${dir}/train.xml`).toString('utf8');
    const projectId = await newProject('from CVAT', [
      lab(
        'label1',
        ['box', 'polygon'],
        [
          { type: 'boolean', name: 'a1', default: false },
          { type: 'select', name: 'a2', options: ['v1', 'v2', 'v3'] },
          { type: 'boolean', name: 'occluded', default: false },
        ],
      ),
      lab('label2', ['box', 'polygon']),
    ]);
    for (const name of ['img0.jpg', 'img1.jpg'])
      await addImageItem(server.ctx, server.ctx.db, projectId, read(`${dir}/images/${name}`), { fileName: `images/${name}`, source: `images/${name}` });
    const res = await lead.post(`/api/projects/${projectId}/labels/import`, {
      format: 'cvat',
      as: 'labels',
      mode: 'valid_only',
      files: [{ path: 'train.xml', content: xml }],
    });
    expect(res.status).toBe(200);
    const report = LabelImportReport.parse(res.body);
    expect(report.report.map((r) => [r.line, r.message.replace(/:.*/, '')])).toContainEqual([expect.any(Number), '<polyline>']);
    const original = parseLabels('cvat', [{ path: 'train.xml', content: xml }]);
    const back = parseLabels('cvat', [{ path: 'out.xml', content: await exportOf(projectId, 'cvat') }]);
    const img0 = back.items.find((i) => i.key === 'images/img0.jpg')!;
    const src = original.items[0]!.shapes[0]!;
    const got = img0.shapes[0]!;
    expect(got.category).toBe('label1');
    if (src.kind === 'box' && got.kind === 'box')
      expect([close(src.x, got.x), close(src.y, got.y), close(src.w, got.w), close(src.h, got.h)]).toEqual([true, true, true, true]);
    expect(got.attributes).toMatchObject({ a1: 'true', a2: 'v3', occluded: true });
  });
});
