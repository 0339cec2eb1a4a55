import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindImport } from '../../src/domain/import/labels/bind.ts';
import { parseCoco } from '../../src/domain/import/labels/coco.ts';
import { parseTouchstoneJsonl } from '../../src/domain/import/touchstone.ts';
import { auditLog, items, projects } from '../../src/server/db/schema.ts';
import { exportChunks } from '../../src/server/data/export.ts';
import { imageSchema } from '../../src/server/seed/demo-content.ts';
import { box, handlesOf, queueOf, submission, sync } from './fixtures.ts';
import { ANNOTATOR, AUTHOR, engines, LEAD, startTestServer, type Caller, type TestServer } from './harness.ts';

/** The files of a ustar archive: name → contents (enough to check what the export packed). */
function untar(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (let off = 0; off + 512 <= buf.length;) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const field = (a: number, n: number) =>
      h
        .subarray(a, a + n)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const name = [field(345, 155), field(0, 100)].filter(Boolean).join('/');
    const size = parseInt(field(124, 12), 8);
    out.set(name, buf.subarray(off + 512, off + 512 + size));
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

// Export over HTTP on both engines: who may, what each format holds, latest vs full history, audit.
describe.each(engines)('export on %s', (engine) => {
  let server: TestServer;
  let lead: Caller;
  let author: Caller;
  let annotator: Caller;
  let itemId: string;
  beforeAll(async () => {
    server = await startTestServer(engine);
    [lead, author, annotator] = await Promise.all([server.as(LEAD), server.as(AUTHOR), server.as(ANNOTATOR)]);
    // The annotator labels one image twice (revision 1, then revision 2) and one text.
    const q = await queueOf(annotator, server.demo.imageProjectId);
    const served = q.items[0]!.id;
    // Exports carry the real id; the annotator submits by their own handle of it.
    itemId = (await handlesOf(annotator, server.demo.imageProjectId)).real(served);
    const first = submission(server.demo.imageProjectId, served, q.guidelineVersionId, { shapes: [box('person', 1, 2, 30, 40, 'b1')] });
    expect((await sync(annotator, first)).status).toBe(200);
    const second = submission(server.demo.imageProjectId, served, q.guidelineVersionId, {
      shapes: [
        box('person', 1, 2, 30, 40, 'b1'),
        {
          id: 'p1',
          kind: 'polygon',
          label: 'cup',
          points: [
            [50, 50],
            [90, 50],
            [70, 80],
          ],
          attributes: {},
        },
      ],
    });
    expect((await sync(annotator, second)).status).toBe(200);
    const t = await queueOf(annotator, server.demo.textProjectId);
    const text = t.items[0]!.text!;
    // The first word, whatever the script (live order is random: the first item may be the Arabic one).
    const firstWord = Array.from(text.split(/\s/)[0]!.replace(/[^\p{L}\p{N}]+$/u, '')).length;
    expect(
      (
        await sync(
          annotator,
          submission(server.demo.textProjectId, t.items[0]!.id, t.guidelineVersionId, {
            spans: [{ id: 's1', label: 'per', start: 0, end: firstWord }],
            classes: ['politics'],
          }),
        )
      ).status,
    ).toBe(200);
  });
  afterAll(async () => server?.close());

  const url = (projectId: string, q: string) => `/api/projects/${projectId}/export?${q}`;
  /** The body as sent (the harness's Caller parses JSON, which a one-line JSONL file also is). */
  const raw = (caller: Caller, u: string) => server.app.inject({ method: 'GET', url: u, headers: { cookie: caller.cookie! } });

  it('refuses annotators (403) on every format, and non-members see 404', async () => {
    for (const format of ['coco', 'yolo', 'voc', 'touchstone']) {
      const res = await annotator.get(url(server.demo.imageProjectId, `format=${format}`));
      expect(res.status).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain('"annotations"');
    }
    expect((await annotator.get(url(server.demo.textProjectId, 'format=spacy'))).status).toBe(403);
    expect((await server.anonymous().get(url(server.demo.imageProjectId, 'format=coco'))).status).toBe(401);
  });

  it('COCO: an attachment that the COCO importer reads back to the latest revision; audited', async () => {
    const res = await lead.get(url(server.demo.imageProjectId, 'format=coco'));
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".+-coco-\d{4}-\d{2}-\d{2}\.json"$/);
    const [row] = await server.ctx.db.select().from(items).where(eq(items.id, itemId));
    const back = bindImport(parseCoco([{ path: 'export.json', content: JSON.stringify(res.body) }]), imageSchema, [
      { itemId, names: [String(row!.meta.source)], width: row!.width, height: row!.height, text: null },
    ]);
    expect(res.body.images).toHaveLength(1); // only labelled items by default
    expect(back.report).toEqual([]);
    expect(back.entries[0]!.payload.shapes.map((s) => s.kind)).toEqual(['box', 'polygon']);
    const audits = await server.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'export'));
    expect(audits.some((a) => a.actorId === server.demo.userIds[LEAD] && a.details.format === 'coco' && a.details.history === 'latest')).toBe(true);
  });

  it('Touchstone JSONL: latest gives one line per annotator and item, full history every revision, with lineage', async () => {
    const latest = parseTouchstoneJsonl((await raw(author, url(server.demo.imageProjectId, 'format=touchstone'))).body);
    const all = parseTouchstoneJsonl((await raw(author, url(server.demo.imageProjectId, 'format=touchstone&history=all'))).body);
    expect(latest.problems).toEqual([]);
    expect(latest.lines.map((l) => l.value.revision)).toEqual([2]);
    expect(all.lines.map((l) => l.value.revision)).toEqual([1, 2]);
    expect(all.lines[0]!.value.annotator?.email).toBe(ANNOTATOR);
    expect(all.lines[0]!.value.guideline_version?.label).toMatch(/^v?1\.0$/);
  });

  it('YOLO and VOC come as tar archives with data.yaml / labels and Annotations; images on request', async () => {
    const yolo = await raw(lead, url(server.demo.imageProjectId, 'format=yolo&images=true'));
    expect(yolo.statusCode).toBe(200);
    expect(yolo.headers['content-type']).toBe('application/x-tar');
    const files = untar(yolo.rawPayload);
    const names = [...files.keys()];
    // data.yaml comes last (the splits are known then); no "path:" so Ultralytics uses its folder.
    expect(names.at(-1)).toBe('data.yaml');
    expect(files.get('data.yaml')!.toString()).toMatch(/^train: images\/train$/m);
    expect(files.get('data.yaml')!.toString()).not.toMatch(/^path:/m);
    const label = names.find((n) => n.startsWith('labels/train/'))!;
    expect(files.get(label)!.toString().trim().split('\n')).toHaveLength(2);
    expect(names.some((n) => /^images\/train\/.+\.jpg$/.test(n))).toBe(true);
    const voc = await raw(lead, url(server.demo.imageProjectId, 'format=voc'));
    const vocFiles = untar(voc.rawPayload);
    const annotations = [...vocFiles.keys()].filter((n) => n.startsWith('Annotations/'));
    expect(annotations).toHaveLength(1);
    expect([...vocFiles.keys()]).toContain('ImageSets/Main/default.txt');
    // Without the image bytes, <filename> keeps the item's own name (its real extension).
    const [row] = await server.ctx.db.select().from(items).where(eq(items.id, itemId));
    const own = String(row!.meta.fileName ?? row!.meta.source)
      .split('/')
      .pop()!;
    expect(vocFiles.get(annotations[0]!)!.toString()).toContain(`<filename>${own}</filename>`);
  });

  it('pages through the items by seq: a page of one item writes exactly what one large page writes', async () => {
    const [project] = await server.ctx.db.select().from(projects).where(eq(projects.id, server.demo.imageProjectId));
    const at = new Date();
    const text = async (format: 'coco' | 'touchstone', pageSize: number) => {
      let out = '';
      for await (const b of exportChunks(
        server.ctx.db,
        project!,
        format,
        { history: 'all', holdEscalated: true, onlyAnnotated: false, images: false, pageSize },
        at,
      ))
        out += b.toString('utf8');
      return out;
    };
    const coco = await text('coco', 1);
    expect(coco).toBe(await text('coco', 1000));
    expect(JSON.parse(coco).images).toHaveLength(6); // every demo image, labelled or not
    expect(await text('touchstone', 1)).toBe(await text('touchstone', 1000));
    // A cut from an hour ago, before the demo's items existed: nothing to export.
    let early = '';
    for await (const b of exportChunks(
      server.ctx.db,
      project!,
      'touchstone',
      { history: 'all', holdEscalated: true, onlyAnnotated: false, images: false },
      new Date(Date.now() - 3_600_000),
    ))
      early += b.toString('utf8');
    expect(early).toBe('');
  });

  it('text projects export CoNLL and spaCy JSONL; a format of the other kind is refused with a reason', async () => {
    const conll = await lead.get(url(server.demo.textProjectId, 'format=conll'));
    expect(conll.status).toBe(200);
    // What BIO could not hold is counted and written to the audit log when the file is done.
    const finished = await server.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'export_finished'));
    expect(finished.some((a) => a.details.format === 'conll' && a.details.spansLost === 0)).toBe(true);
    expect(conll.body).toMatch(/^-DOCSTART- -X- -X- O\n\n\S+ _ _ B-per\n/);
    const spacy = await lead.get(url(server.demo.textProjectId, 'format=spacy'));
    expect(spacy.body.spans[0]).toMatchObject({ start: 0, label: 'per' });
    expect(spacy.body.cats.politics).toBe(1);
    const wrong = await lead.get(url(server.demo.textProjectId, 'format=yolo'));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/text project exports as conll, spacy, label-studio, touchstone/);
    expect((await lead.get(url(server.demo.imageProjectId, 'format=xml'))).status).toBe(400);
  });
});
