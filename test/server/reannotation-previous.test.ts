import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuidelineSection, Shape } from '../../src/domain/api/index.ts';
import { box, queueOf, submission, sync } from './fixtures.ts';
import { ANNOTATOR, AUTHOR, engines, startTestServer, type Caller, type TestServer } from './harness.ts';

// An item sent back by a label-changing version must come back with the annotator's own latest
// answer (every shape, not only the affected ones), and say which shapes the change concerns.
describe.each(engines)('re-annotation keeps the previous answer on %s', (engine) => {
  let server: TestServer;
  let author: Caller;
  let a1: Caller;
  beforeAll(async () => {
    server = await startTestServer(engine);
    [author, a1] = await Promise.all([server.as(AUTHOR), server.as(ANNOTATOR)]);
  });
  afterAll(async () => server?.close());

  it('serves a sent-back image with its four shapes, the vehicle marked with the rule that changed', async () => {
    const projectId = server.demo.imageProjectId;
    const { items, guidelineVersionId } = await queueOf(a1, projectId);
    const item = items[0]!;
    const shapes: Shape[] = [
      { ...box('person', 10, 10, 50, 80, 'astronaut'), attributes: { occluded: false, truncated: false } },
      { ...box('vehicle', 100, 20, 60, 60, 'rocket'), attributes: { type: 'other' } },
      box('animal', 200, 40, 30, 30, 'dog'),
      box('cup', 250, 50, 20, 20, 'mug'),
    ];
    const res = await sync(a1, submission(projectId, item.id, guidelineVersionId, { shapes }));
    expect(res.body.results[0].status).toBe('applied');

    const current = (await author.get(`/api/projects/${projectId}`)).body.guideline;
    const sections = (current.sections as GuidelineSection[]).map((s) =>
      s.id === 'vehicle' ? { ...s, body: `${s.body} Rockets are vehicles only when on the ground.` } : s,
    );
    expect((await author.request('PUT', `/api/projects/${projectId}/guideline/draft`, { baseVersionId: current.id, sections })).status).toBe(200);
    const pub = await author.post(`/api/projects/${projectId}/guideline/publish`, {
      kind: 'label_change',
      affectedLabels: ['vehicle'],
      changelog: 'Rockets in flight are not vehicles.',
      baseVersionId: current.id,
    });
    expect(pub.status).toBe(200);

    const back = (await a1.post(`/api/projects/${projectId}/queue?limit=20`)).body.items.find((i: { id: string }) => i.id === item.id);
    expect(back.reannotation).toMatchObject({ version: '2.0', labels: ['vehicle'] });
    expect(back.reannotation.previous.shapes.map((s: { id: string }) => s.id)).toEqual(['astronaut', 'rocket', 'dog', 'mug']);
    expect(back.reannotation.previous.shapes[0].attributes).toEqual({ occluded: false, truncated: false });
    expect(back.reannotation.affected).toEqual([{ id: 'rocket', label: 'vehicle', rule: expect.stringContaining('Rockets in flight are not vehicles.') }]);
  });
});
