import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldAnswers, items } from '../../src/server/db/schema.ts';
import { engines, LEAD, startTestServer, type Caller, type TestServer } from './harness.ts';

/** An uncompressed COCO RLE (runs down columns, starting with 0s) of the rectangle [x0, x1) × [y0, y1). */
function rectRle(width: number, height: number, x0: number, y0: number, x1: number, y1: number) {
  const counts: number[] = [];
  let value = 0;
  let run = 0;
  for (let x = 0; x < width; x++)
    for (let y = 0; y < height; y++) {
      const v = x >= x0 && x < x1 && y >= y0 && y < y1 ? 1 : 0;
      if (v === value) run++;
      else {
        counts.push(run);
        value = v;
        run = 1;
      }
    }
  counts.push(run);
  return { size: [height, width], counts };
}

// Gold imported from a COCO file whose objects are masks: an RLE mask (iscrowd 0) is an object
// of the gold answer, a crowd an ignore region; neither may turn the answer into "nothing here".
describe.each(engines)('gold import of COCO masks on %s', (engine) => {
  let server: TestServer;
  let lead: Caller;
  beforeAll(async () => {
    server = await startTestServer(engine);
    lead = await server.as(LEAD);
  });
  afterAll(async () => server?.close());

  it('an RLE mask with iscrowd 0 becomes a polygon of the gold answer, a crowd an ignore region', async () => {
    const projectId = server.demo.imageProjectId;
    const rows = await server.ctx.db.select().from(items).where(eq(items.projectId, projectId));
    const astro = rows.find((r) => r.meta.source === 'astronaut.jpg')!;
    const [W, H] = [astro.width!, astro.height!];
    const coco = {
      images: [{ id: 1, file_name: 'astronaut.jpg', width: W, height: H }],
      categories: [{ id: 1, name: 'person' }],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, iscrowd: 0, bbox: [10, 20, 30, 40], area: 1200, segmentation: rectRle(W, H, 10, 20, 40, 60) },
        { id: 2, image_id: 1, category_id: 1, iscrowd: 1, bbox: [100, 100, 20, 20], area: 400, segmentation: rectRle(W, H, 100, 100, 120, 120) },
      ],
    };
    const res = await lead.post(`/api/projects/${projectId}/labels/import`, {
      format: 'coco',
      as: 'gold',
      files: [{ path: 'annotations/instances_default.json', content: JSON.stringify(coco) }],
      justification: 'masks',
    });
    expect(res.status).toBe(200);
    // The retired COCO-only gold route (its parser dropped masks) is gone: no second way in.
    expect((await lead.post(`/api/projects/${projectId}/gold-set/import/coco`, { coco })).status).toBe(404);
    const [gold] = await server.ctx.db
      .select()
      .from(goldAnswers)
      .where(and(eq(goldAnswers.projectId, projectId), eq(goldAnswers.itemId, astro.id)));
    const shapes = gold!.answer.shapes;
    expect(shapes).toHaveLength(2);
    const [object, crowd] = shapes;
    expect(object).toMatchObject({ kind: 'polygon', label: 'person' });
    expect(object!.ignore).toBeUndefined();
    expect(object!.kind === 'polygon' && [...object!.points].sort()).toEqual(
      [
        [10, 20],
        [40, 20],
        [40, 60],
        [10, 60],
      ].sort(),
    );
    expect(crowd).toMatchObject({ kind: 'polygon', label: 'person', ignore: true });
  });
});
