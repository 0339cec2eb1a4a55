import { crc32, deflateSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportProgressLine, ItemImportReport } from '../../src/domain/api/index.ts';
import { items, preAnnotations } from '../../src/server/db/schema.ts';
import { ANNOTATOR, engines, LEAD, startTestServer, type Caller, type TestServer } from './harness.ts';

const png = (r: number, g: number, w = 8, h = 6) =>
  sharp({ create: { width: w, height: h, channels: 3, background: { r, g, b: 0 } } })
    .png()
    .toBuffer();

/** A multipart body: the mode field first, then the files (as a browser's FormData sends them). */
function multipart(mode: string, files: Array<{ name: string; bytes: Buffer }>) {
  const boundary = '----touchstone-test-boundary';
  const parts: Buffer[] = [Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="mode"\r\n\r\n${mode}\r\n`)];
  for (const f of files) {
    parts.push(
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="files"; filename="${f.name}"\r\ncontent-type: application/octet-stream\r\n\r\n`),
      f.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

// Item import on both engines: who may, duplicates, bad input in both modes, traversal refused.
describe.each(engines)('item import on %s', (engine) => {
  let server: TestServer;
  let lead: Caller;
  let annotator: Caller;
  let root: string;
  beforeAll(async () => {
    server = await startTestServer(engine);
    [lead, annotator] = await Promise.all([server.as(LEAD), server.as(ANNOTATOR)]);
    root = mkdtempSync(path.join(os.tmpdir(), 'touchstone-import-'));
    server.ctx.config.importRoot = path.join(root, 'allowed');
    mkdirSync(path.join(root, 'allowed', 'batch', 'sub'), { recursive: true });
    mkdirSync(path.join(root, 'secret'), { recursive: true });
    writeFileSync(path.join(root, 'secret', 'outside.png'), await png(1, 2));
    writeFileSync(path.join(root, 'allowed', 'batch', 'one.png'), await png(10, 20));
    writeFileSync(path.join(root, 'allowed', 'batch', 'sub', 'two.png'), await png(30, 40));
    writeFileSync(path.join(root, 'allowed', 'batch', 'copy.png'), await png(10, 20));
    writeFileSync(path.join(root, 'allowed', 'batch', 'notes.txt'), 'not looked at');
    symlinkSync(path.join(root, 'secret'), path.join(root, 'allowed', 'batch', 'link-out'));
    symlinkSync(path.join(root, 'secret'), path.join(root, 'allowed', 'escape'));
  });
  afterAll(async () => {
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const img = () => server.demo.imageProjectId;
  const txt = () => server.demo.textProjectId;
  const count = async (projectId: string) => (await server.ctx.db.select({ id: items.id }).from(items).where(eq(items.projectId, projectId))).length;
  const upload = (caller: Caller, mode: string, files: Array<{ name: string; bytes: Buffer }>) => {
    const { payload, contentType } = multipart(mode, files);
    return server.app.inject({
      method: 'POST',
      url: `/api/projects/${img()}/items/import/images`,
      payload,
      headers: { cookie: caller.cookie!, 'content-type': contentType, 'x-requested-with': 'touchstone' },
    });
  };

  it('refuses annotators (403) on every import route', async () => {
    expect((await upload(annotator, 'valid_only', [{ name: 'a.png', bytes: await png(1, 1) }])).statusCode).toBe(403);
    expect((await annotator.post(`/api/projects/${txt()}/items/import/text`, { format: 'jsonl', content: '{"text":"x"}' })).status).toBe(403);
    expect((await annotator.post(`/api/projects/${img()}/items/import/folder`, { path: 'batch' })).status).toBe(403);
  });

  it('uploads images: the type by content, a corrupt one and a non-image reported; all-or-nothing writes nothing', async () => {
    const before = await count(img());
    const good = await png(200, 100);
    const jpeg = await sharp(await png(5, 5, 64, 48))
      .jpeg()
      .toBuffer();
    const files = [
      { name: 'good.png', bytes: good },
      { name: 'truncated.jpg', bytes: jpeg.subarray(0, Math.floor(jpeg.length / 2)) },
      { name: 'not-an-image.jpg', bytes: Buffer.from('hello, I am text') },
    ];
    const refused = ItemImportReport.parse(JSON.parse((await upload(lead, 'all_or_nothing', files)).body));
    expect(refused).toMatchObject({ committed: false, total: 3, invalid: 2, itemIds: [] });
    expect(refused.issues.map((i) => i.ref)).toEqual(['truncated.jpg', 'not-an-image.jpg']);
    expect(await count(img())).toBe(before);

    const partial = ItemImportReport.parse(JSON.parse((await upload(lead, 'valid_only', files)).body));
    expect(partial).toMatchObject({ committed: true, imported: 1, invalid: 2 });
    expect(await count(img())).toBe(before + 1);
    const [row] = await server.ctx.db.select().from(items).where(eq(items.id, partial.itemIds[0]!));
    expect(row).toMatchObject({ width: 8, height: 6, meta: { fileName: 'good.png' } });

    // The same bytes again (twice in one upload, and already in the project): reported, not stored.
    const again = ItemImportReport.parse(
      JSON.parse(
        (
          await upload(lead, 'valid_only', [
            { name: 'good-again.png', bytes: good },
            { name: 'new.png', bytes: await png(3, 3) },
            { name: 'new-copy.png', bytes: await png(3, 3) },
          ])
        ).body,
      ),
    );
    expect(again).toMatchObject({ imported: 1, duplicates: 2 });
    expect(again.issues.map((i) => [i.ref, i.message])).toEqual([
      ['good-again.png', 'already in the project as good.png'],
      ['new-copy.png', 'the same image as new.png in this import'],
    ]);
  });

  it('keeps the folder path of each upload and the EXIF frame of a turned photo; a COCO file over its raw pixels is accepted', async () => {
    // 40×20 raw pixels, EXIF orientation 6 (turn 90° clockwise): stored upright as 20×40.
    const turned = await sharp({ create: { width: 40, height: 20, channels: 3, background: { r: 9, g: 99, b: 9 } } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const report = ItemImportReport.parse(
      JSON.parse(
        (
          await upload(lead, 'valid_only', [
            { name: 'shots/train/turned.jpg', bytes: turned },
            { name: '../../etc/x.png', bytes: await png(1, 2) },
          ])
        ).body,
      ),
    );
    expect(report.imported).toBe(2);
    const rows = await server.ctx.db.select().from(items).where(eq(items.projectId, img()));
    const row = rows.find((r) => r.meta.fileName === 'shots/train/turned.jpg')!;
    expect(row).toMatchObject({ width: 20, height: 40, meta: { exif: { orientation: 6, width: 40, height: 20 } } });
    expect(rows.some((r) => r.meta.fileName === 'etc/x.png')).toBe(true);
    const coco = {
      images: [{ id: 1, file_name: 'train/turned.jpg', width: 40, height: 20 }],
      categories: [{ id: 1, name: 'person' }],
      annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 10, 5] }],
    };
    const res = await lead.post(`/api/projects/${img()}/labels/import`, {
      format: 'coco',
      as: 'pre-annotations',
      files: [{ path: 'instances.json', content: JSON.stringify(coco) }],
    });
    expect(res.status).toBe(200);
    const [pre] = await server.ctx.db.select().from(preAnnotations).where(eq(preAnnotations.itemId, row.id));
    expect(pre!.payload.shapes).toEqual([{ id: 'i1', kind: 'box', label: 'person', x: 15, y: 0, w: 5, h: 10, attributes: {} }]);
  });

  it('refuses an image over MAX_IMAGE_PIXELS from its header, with the reason, before decoding it', async () => {
    // A PNG that says 10000 × 10000 (100 MP, ≈ 400 MB decoded): the header is all it takes to refuse.
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
      const len = Buffer.alloc(4);
      len.writeUInt32BE(data.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(body));
      return Buffer.concat([len, body, crc]);
    };
    const header = (w: number, h: number) => {
      const ihdr = Buffer.alloc(13);
      ihdr.writeUInt32BE(w, 0);
      ihdr.writeUInt32BE(h, 4);
      ihdr.set([8, 2, 0, 0, 0], 8);
      return Buffer.concat([
        Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
        chunk('IHDR', ihdr),
        chunk('IDAT', deflateSync(Buffer.alloc(0))),
        chunk('IEND', Buffer.alloc(0)),
      ]);
    };
    const report = ItemImportReport.parse(
      JSON.parse(
        (
          await upload(lead, 'valid_only', [
            { name: 'huge.png', bytes: header(10_000, 10_000) },
            { name: 'fine.png', bytes: await png(9, 9) },
          ])
        ).body,
      ),
    );
    expect(report).toMatchObject({ imported: 1, invalid: 1 });
    expect(report.issues).toEqual([
      expect.objectContaining({
        ref: 'huge.png',
        message: expect.stringMatching(/^The image is 10000 × 10000 pixels \(100 megapixels\); at most 50 megapixels are accepted/),
      }),
    ]);
  });

  it('refuses SVG and HTML whatever the file is called: only decoded JPEG, PNG or WebP are stored', async () => {
    const before = await count(img());
    const files = [
      { name: 'logo.png', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="4" height="4"/></svg>') },
      { name: 'page.jpg', bytes: Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>') },
      { name: 'drawing.svg', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>') },
    ];
    const report = ItemImportReport.parse(JSON.parse((await upload(lead, 'valid_only', files)).body));
    expect(report).toMatchObject({ imported: 0, invalid: 3, itemIds: [] });
    expect(report.issues.map((i) => i.ref)).toEqual(['logo.png', 'page.jpg', 'drawing.svg']);
    expect(report.issues.every((i) => /JPEG, PNG or WebP/.test(i.message))).toBe(true);
    expect(await count(img())).toBe(before);
  });

  it('imports a server folder under the import root, streaming progress; links out and non-images are not read', async () => {
    const first = await server.app.inject({
      method: 'POST',
      url: `/api/projects/${img()}/items/import/folder`,
      payload: { path: 'batch', mode: 'valid_only' },
      headers: { cookie: lead.cookie!, 'x-requested-with': 'touchstone' },
    });
    expect(first.body).toContain('"imported":2');
    expect(first.body).toContain('the same image as batch/copy.png in this import');
    const raw = await server.app.inject({
      method: 'POST',
      url: `/api/projects/${img()}/items/import/folder`,
      payload: { path: 'batch', mode: 'valid_only' },
      headers: { cookie: lead.cookie!, 'x-requested-with': 'touchstone' },
    });
    const lines = raw.body
      .trim()
      .split('\n')
      .map((l) => ImportProgressLine.parse(JSON.parse(l)));
    expect(lines[0]).toEqual({ type: 'progress', processed: 0, total: 3 });
    const last = lines.at(-1);
    expect(last?.type).toBe('report');
    if (last?.type !== 'report') return;
    // The first request imported copy.png and sub/two.png (one.png, read after copy.png, is the same bytes).
    expect(last.report).toMatchObject({ total: 3, imported: 0, duplicates: 3, committed: false });
    const names = (await server.ctx.db.select({ meta: items.meta }).from(items).where(eq(items.projectId, img()))).map((r) => r.meta.fileName);
    expect(names).toEqual(expect.arrayContaining([path.join('batch', 'copy.png'), path.join('batch', 'sub', 'two.png')]));
    expect(names).not.toContain(path.join('batch', 'link-out', 'outside.png'));
  });

  it('refuses path traversal, absolute paths and links that lead out of the import root', async () => {
    for (const p of ['../secret', 'batch/../../secret', '/etc', 'escape']) {
      const res = await lead.post(`/api/projects/${img()}/items/import/folder`, { path: p });
      expect(res.status, p).toBe(403);
    }
    expect((await lead.post(`/api/projects/${img()}/items/import/folder`, { path: 'nope' })).status).toBe(404);
  });

  it('imports texts from CSV and JSONL: bad lines by number in both modes, duplicates reported, metadata kept', async () => {
    const before = await count(txt());
    const csv = 'text,source\n"Hello, world",a\n"bad"x,b\n"Hello, world",c\nSecond text,d\n';
    const refused = ItemImportReport.parse(
      (await lead.post(`/api/projects/${txt()}/items/import/text`, { format: 'csv', content: csv, mode: 'all_or_nothing' })).body,
    );
    expect(refused).toMatchObject({ committed: false, invalid: 1 });
    expect(refused.issues.map((i) => [i.line, i.status])).toEqual([
      [3, 'invalid'],
      [4, 'duplicate'],
    ]);
    expect(await count(txt())).toBe(before);
    const partial = ItemImportReport.parse(
      (await lead.post(`/api/projects/${txt()}/items/import/text`, { format: 'csv', content: csv, mode: 'valid_only' })).body,
    );
    expect(partial).toMatchObject({ committed: true, imported: 2, duplicates: 1, invalid: 1 });
    const [row] = await server.ctx.db.select().from(items).where(eq(items.id, partial.itemIds[0]!));
    expect(row).toMatchObject({ text: 'Hello, world', meta: { source: 'a' } });

    const jsonl = '{"text":"Second text"}\n{"text":"Third","meta":{"lang":"en"}}\n{"text": "trunc\n';
    const j = ItemImportReport.parse(
      (await lead.post(`/api/projects/${txt()}/items/import/text`, { format: 'jsonl', content: jsonl, mode: 'valid_only' })).body,
    );
    expect(j.issues.map((i) => [i.line, i.status, i.message])).toEqual([
      [1, 'duplicate', 'this text is already in the project'],
      [3, 'invalid', expect.stringMatching(/not valid JSON/)],
    ]);
    expect(j.imported).toBe(1);
    expect(await count(txt())).toBe(before + 3);
    // Texts into an image project are refused with the reason.
    expect((await lead.post(`/api/projects/${img()}/items/import/text`, { format: 'jsonl', content: '{"text":"x"}' })).body.error.message).toMatch(
      /image project/,
    );
  });
});
