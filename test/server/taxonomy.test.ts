import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuidelineSection, LabelSchema, SchemaChange, Shape } from '../../src/domain/api/index.ts';
import { annotations, goldAnswers, goldScores, guidelineVersions, projects, reannotationTasks } from '../../src/server/db/schema.ts';
import { scoringRunner } from '../../src/server/gold/gold-scoring.ts';
import { createUser, grantRole } from '../../src/server/admin/create.ts';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-content.ts';
import { box, handlesOf, submission, syncReal } from './fixtures.ts';
import { ANNOTATOR, ANNOTATOR2, AUTHOR, engines, LEAD, startTestServer, type Caller, type TestServer } from './harness.ts';
import { defectProject } from './taxonomy-fixtures.ts';
import { consensusLabelFor, currentAnswers } from '../../src/server/agreement/consensus.ts';

const SPLIT: SchemaChange = {
  op: 'split_class',
  id: 'defect',
  into: [
    { id: 'cosmetic', name: 'Cosmetic', color: '#00aa00', hotkey: '5' },
    { id: 'functional', name: 'Functional', color: '#aa0000', hotkey: '6' },
  ],
};
const MERGE: SchemaChange = { op: 'merge_classes', from: ['scratch'], into: { id: 'cosmetic' } };

// Label-schema changes published as guideline versions, on both engines: every kind of change,
// what goes back and what is mapped, gold following, late offline work, and every refusal.
describe.each(engines)('taxonomy changes on %s', (engine) => {
  let server: TestServer;
  let author: Caller;
  let lead: Caller;
  let a1: Caller;
  let a2: Caller;
  beforeAll(async () => {
    server = await startTestServer(engine);
    [author, lead, a1, a2] = await Promise.all([server.as(AUTHOR), server.as(LEAD), server.as(ANNOTATOR), server.as(ANNOTATOR2)]);
  });
  afterAll(async () => server?.close());

  const uid = (email: string) => server.demo.userIds[email] as string;
  const base = (p: string) => `/api/projects/${p}/guideline`;
  const project = (items = 6, overlap = 2) =>
    defectProject(server.ctx, { items, overlap, annotatorIds: [uid(ANNOTATOR), uid(ANNOTATOR2)], staffIds: { author: uid(AUTHOR), lead: uid(LEAD) } });
  const sectionsOf = async (p: { id: string; guidelineVersionId: string }) =>
    (await author.get(`${base(p.id)}/versions/${p.guidelineVersionId}`)).body.sections as GuidelineSection[];
  const draft = async (p: { id: string; guidelineVersionId: string }, schemaChanges: SchemaChange[], baseVersionId = p.guidelineVersionId, c = author) =>
    c.request('PUT', `${base(p.id)}/draft`, { baseVersionId, sections: await sectionsOf(p), schemaChanges });
  const publish = (p: { id: string }, baseVersionId: string, kind: 'label_change' | 'clarification' = 'label_change', c = author) =>
    c.post(`${base(p.id)}/publish`, { kind, changelog: 'Taxonomy change.', baseVersionId });
  const schemaOf = async (projectId: string) => (await server.ctx.db.select().from(projects).where(eq(projects.id, projectId)))[0]!.labelSchema as LabelSchema;
  const versions = async (projectId: string) => server.ctx.db.select().from(guidelineVersions).where(eq(guidelineVersions.projectId, projectId));
  const tasks = async (projectId: string) => server.ctx.db.select().from(reannotationTasks).where(eq(reannotationTasks.projectId, projectId));
  // Items by their real ids, to follow one item across annotators and into the database;
  // syncReal sends each annotator's own handle of it, as their client would.
  const queue = async (c: Caller, projectId: string, limit = 20) => {
    const handles = await handlesOf(c, projectId);
    const items = (await c.post(`/api/projects/${projectId}/queue?limit=${limit}`)).body.items as Array<{
      id: string;
      reannotation: null | { labels: string[]; previous: { shapes: Shape[] }; affected: Array<{ id: string; label: string; rule: string }> };
    }>;
    return items.map((i) => ({ ...i, id: handles.real(i.id) }));
  };

  it('splits defect and merges scratch into cosmetic: exactly the defect labels go back, scratch is mapped, gold follows, late work is kept', async () => {
    const p = await project(8, 2);
    const q1 = await queue(a1, p.id, 4);
    const q2 = await queue(a2, p.id, 2);
    const [i0, i1, i2, i3] = q1.map((x) => x.id) as [string, string, string, string];
    const v1 = p.guidelineVersionId;
    const s = (itemId: string, shapes: Shape[], v = v1) => submission(p.id, itemId, v, { shapes });
    expect(
      (
        await syncReal(
          a1,
          s(i0, [box('defect', 1, 1, 5, 5, 'd'), box('scratch', 10, 10, 5, 5, 'sc'), box('dent', 20, 20, 5, 5, 'dn')]),
          s(i1, [box('scratch', 1, 1, 5, 5, 'sc')]),
          s(i2, [box('defect', 2, 2, 5, 5, 'd')]),
        )
      ).body.results.map((r: { status: string }) => r.status),
    ).toEqual(['applied', 'applied', 'applied']);
    expect((await syncReal(a2, s(q2[0]!.id, [box('defect', 3, 3, 5, 5, 'd2')]))).body.results[0].status).toBe('applied');
    // Gold on two items nobody was served: one with a defect (leaves scoring), one with a scratch (mapped, stays).
    const [g1, g2] = p.itemIds.filter((id) => !q1.some((x) => x.id === id) && !q2.some((x) => x.id === id));
    if (!g1 || !g2) throw new Error('expected two unserved items');
    const goldOf = (itemId: string, label: string) => ({
      itemId,
      projectId: p.id,
      answer: { shapes: [box(label, 1, 1, 4, 4, 'g')], spans: [], classes: [] },
      guidelineVersionId: v1,
    });
    await server.ctx.db.insert(goldAnswers).values([goldOf(g1, 'defect'), goldOf(g2, 'scratch')]);

    // The preview, before anything is written.
    const impact = await author.post(`${base(p.id)}/schema-impact`, { changes: [SPLIT, MERGE] });
    expect(impact.status).toBe(200);
    expect(impact.body.changes).toEqual([
      { change: 0, summary: '"Defect" is split: choose "Cosmetic" or "Functional".', sendsBack: true, labels: 3, items: 2, annotators: 2, goldAnswers: 1 },
      { change: 1, summary: '"Scratch" is merged into "Cosmetic".', sendsBack: false, labels: 2, items: 2, annotators: 1, goldAnswers: 1 },
    ]);
    expect(impact.body.total).toEqual({ labels: 5, items: 3, annotators: 2, goldAnswers: 2, sentBack: 3 });
    expect(await versions(p.id)).toHaveLength(1);

    expect((await draft(p, [SPLIT, MERGE])).body.schemaChanges).toEqual([SPLIT, MERGE]);
    const pub = await publish(p, v1);
    expect(pub.status).toBe(200);
    expect(pub.body.version).toMatchObject({ version: '2.0', kind: 'label_change', affectedLabels: ['defect'], schemaChanges: [SPLIT, MERGE] });
    expect(pub.body.reannotation).toEqual({ annotations: 3, goldDeactivated: 1 });
    const v2 = pub.body.version.id as string;

    // Exactly the revisions with a defect went back, one task each.
    expect((await tasks(p.id)).map((t) => [t.itemId, t.userId, t.labels, t.status]).sort()).toEqual(
      [
        [i0, uid(ANNOTATOR), ['defect'], 'open'],
        [i2, uid(ANNOTATOR), ['defect'], 'open'],
        [q2[0]!.id, uid(ANNOTATOR2), ['defect'], 'open'],
      ].sort(),
    );
    // The schema is versioned with the guideline: 1.0 keeps its own, 2.0 and the project have the new one.
    const vs = await versions(p.id);
    expect(vs.find((v) => v.id === v1)!.labelSchema!.labels.map((l) => l.id)).toEqual(['defect', 'scratch', 'dent', 'tag']);
    const now = await schemaOf(p.id);
    expect(vs.find((v) => v.id === v2)!.labelSchema).toEqual(now);
    expect(now.labels.filter((l) => !l.retired).map((l) => l.id)).toEqual(['dent', 'tag', 'cosmetic', 'functional']);

    // i0 comes back with all three shapes, scratch read as cosmetic, the defect to redo with the prompt.
    const back = (await queue(a1, p.id)).find((x) => x.id === i0)!;
    expect(back.reannotation!.previous.shapes.map((x) => [x.id, x.label])).toEqual([
      ['d', 'defect'],
      ['sc', 'cosmetic'],
      ['dn', 'dent'],
    ]);
    expect(back.reannotation!.affected).toEqual([{ id: 'd', label: 'defect', rule: 'Guideline v2.0 split "Defect": choose Cosmetic or Functional.' }]);
    expect((await queue(a1, p.id)).some((x) => x.id === i1)).toBe(false);

    // Gold: the defect answer left scoring; the scratch answer is now cosmetic and still counts.
    const gold = Object.fromEntries((await server.ctx.db.select().from(goldAnswers).where(eq(goldAnswers.projectId, p.id))).map((g) => [g.itemId, g]));
    expect(gold[g1]!.active).toBe(false);
    expect(gold[g2]!).toMatchObject({ active: true, answer: { shapes: [{ label: 'cosmetic' }] } });

    // Offline under 1.0, synced late: a scratch is stored and stays (it reads as cosmetic); a defect
    // is stored and sent back. Neither is refused, nothing is lost.
    const lateScratch = s(i3, [box('scratch', 4, 4, 5, 5, 'late')]);
    expect((await syncReal(a1, lateScratch)).body.results[0].status).toBe('applied');
    expect((await tasks(p.id)).some((t) => t.itemId === i3)).toBe(false);
    const lateDefect = s(i1, [box('scratch', 1, 1, 5, 5, 'sc'), box('defect', 7, 7, 5, 5, 'late-d')]);
    expect((await syncReal(a1, lateDefect)).body.results[0].status).toBe('applied');
    const [stored] = await server.ctx.db.select().from(annotations).where(eq(annotations.mutationId, lateDefect.id));
    expect(stored!.payload.shapes.map((x) => x.label)).toEqual(['scratch', 'defect']);
    expect((await tasks(p.id)).find((t) => t.itemId === i1)).toMatchObject({ status: 'open', labels: ['defect'] });

    // Redone under 2.0 with the defect chosen as functional: the task is done, the other shapes kept.
    const redo = s(i0, [box('functional', 1, 1, 5, 5, 'd'), box('cosmetic', 10, 10, 5, 5, 'sc'), box('dent', 20, 20, 5, 5, 'dn')], v2);
    expect((await syncReal(a1, redo)).body.results[0].status).toBe('applied');
    expect((await tasks(p.id)).find((t) => t.itemId === i0 && t.userId === uid(ANNOTATOR))!.status).toBe('done');
    // A submission under 2.0 that still uses the split class (the annotator did not choose) is
    // stored and stays to redo.
    expect((await syncReal(a2, s(q2[1]!.id, [box('defect', 1, 1, 5, 5, 'x')], v2))).body.results[0].status).toBe('applied');
    expect((await tasks(p.id)).find((t) => t.itemId === q2[1]!.id && t.userId === uid(ANNOTATOR2))).toMatchObject({ status: 'open', labels: ['defect'] });

    // The COCO export names the schema version its labels are in and reads the final labels in it:
    // scratch written as cosmetic, the defects not yet redone still defects. The full history reads
    // each revision as it was made, or mapped on request, and holds every shape ever stored.
    type Coco = { info: { version: string }; categories: Array<{ id: number; name: string }>; annotations: Array<{ category_id: number }> };
    const names = (doc: Coco) => doc.annotations.map((a) => doc.categories.find((c) => c.id === a.category_id)!.name);
    const latest = await lead.get(`/api/projects/${p.id}/export?format=coco`);
    expect(latest.status).toBe(200);
    expect(latest.headers['x-touchstone-schema-version']).toBe('2.0');
    const doc = latest.body as Coco;
    expect(doc.info.version).toBe('2.0');
    expect(names(doc)).toContain('Cosmetic');
    expect(names(doc)).not.toContain('Scratch');
    const history = (await lead.get(`/api/projects/${p.id}/export?format=coco&history=all`)).body as Coco;
    expect(names(history).filter((n) => n === 'Scratch').length).toBeGreaterThan(0);
    const mapped = (await lead.get(`/api/projects/${p.id}/export?format=coco&history=all&mapToCurrent=1`)).body as Coco;
    expect(names(mapped)).not.toContain('Scratch');
    expect(mapped.annotations).toHaveLength(history.annotations.length);
    // Every shape of every revision is in the full history: none lost to the mapping.
    const revisions = await server.ctx.db.select().from(annotations).where(eq(annotations.projectId, p.id));
    expect(history.annotations).toHaveLength(revisions.reduce((n, r) => n + r.payload.shapes.length, 0));
  });

  it('compares answers across a merge through the mapping: a scratch under 1.0 and a cosmetic under 2.0 agree, and score so against gold', async () => {
    const p = await project(2, 2);
    const [x, y] = (await queue(a1, p.id, 2)).map((q) => q.id);
    await queue(a2, p.id, 2);
    // y is gold with a scratch; the publish maps it to cosmetic.
    await server.ctx.db.insert(goldAnswers).values({
      itemId: y!,
      projectId: p.id,
      answer: { shapes: [box('scratch', 2, 2, 6, 6, 'g')], spans: [], classes: [] },
      guidelineVersionId: p.guidelineVersionId,
    });
    expect((await syncReal(a1, submission(p.id, x!, p.guidelineVersionId, { shapes: [box('scratch', 1, 1, 5, 5, 's')] }))).body.results[0].status).toBe(
      'applied',
    );
    const merge: SchemaChange = { op: 'merge_classes', from: ['scratch', 'defect'], into: { id: 'cosmetic', name: 'Cosmetic', color: '#00aa00' } };
    expect((await draft(p, [merge])).status).toBe(200);
    const pub = await publish(p, p.guidelineVersionId, 'clarification');
    expect(pub.status).toBe(200);
    const v2 = pub.body.version.id as string;
    expect((await syncReal(a2, submission(p.id, x!, v2, { shapes: [box('cosmetic', 1, 1, 5, 5, 'c')] }))).body.results[0].status).toBe('applied');
    const answers = await currentAnswers(server.ctx.db, p.id, [x!]);
    expect(answers.map((a) => a.payload.shapes.map((s) => s.label))).toEqual([['cosmetic'], ['cosmetic']]);
    expect(await consensusLabelFor(server.ctx.db, p.id, x!)).toMatchObject({ source: 'majority', payload: { shapes: [{ label: 'cosmetic' }] } });
    // An answer made offline under 1.0 arrives after the merge: its scratch is scored as cosmetic, right.
    expect((await syncReal(a1, submission(p.id, y!, p.guidelineVersionId, { shapes: [box('scratch', 2, 2, 6, 6, 'o')] }))).body.results[0].status).toBe(
      'applied',
    );
    await scoringRunner(server.ctx).flush();
    const [score] = await server.ctx.db
      .select()
      .from(goldScores)
      .where(and(eq(goldScores.itemId, y!), eq(goldScores.userId, uid(ANNOTATOR))));
    expect(score!.score).toBe(1);
    // The lead's per-version figures mark the version that changed the label set.
    expect((await syncReal(a2, submission(p.id, y!, v2, { shapes: [box('cosmetic', 2, 2, 6, 6, 'o2')] }))).body.results[0].status).toBe('applied');
    await scoringRunner(server.ctx).flush();
    const view = await lead.get(`/api/projects/${p.id}/dashboard`);
    expect(view.status).toBe(200);
    expect([...new Set((view.body.versions as Array<{ version: string }>).map((c) => c.version))].sort()).toEqual(['v1.0', 'v1.1 · label set changed']);
  });

  it('renames, recolours, rehotkeys, adds classes and attributes as a clarification: nothing goes back, ids stay', async () => {
    const p = await project(2, 1);
    const [i0] = (await queue(a1, p.id)).map((x) => x.id);
    await syncReal(a1, submission(p.id, i0!, p.guidelineVersionId, { shapes: [box('scratch', 1, 1, 5, 5)] }));
    const changes: SchemaChange[] = [
      { op: 'rename_class', id: 'scratch', name: 'Scuff' },
      { op: 'recolour_class', id: 'scratch', color: '#123456' },
      { op: 'rehotkey_class', id: 'scratch', hotkey: '9' },
      { op: 'add_class', id: 'crack', name: 'Crack', color: '#000000', hotkey: '7', tools: ['box', 'polygon'] },
      { op: 'add_attribute', id: 'crack', attribute: { type: 'boolean', name: 'through', default: false }, labels: 'keep' },
      { op: 'change_options', id: 'dent', name: 'depth', options: ['shallow', 'medium', 'deep'], labels: 'keep' },
      { op: 'retire_attribute', id: 'dent', name: 'depth', labels: 'keep' },
    ];
    const impact = await lead.post(`${base(p.id)}/schema-impact`, { changes });
    expect(impact.body.changes.map((c: { labels: number; sendsBack: boolean }) => [c.labels, c.sendsBack])).toEqual([
      [1, false],
      [1, false],
      [1, false],
      [0, false],
      [0, false],
      [0, false],
      [0, false],
    ]);
    await draft(p, changes);
    const pub = await publish(p, p.guidelineVersionId, 'clarification');
    expect(pub.status).toBe(200);
    expect(pub.body.version.version).toBe('1.1');
    expect(pub.body.reannotation).toEqual({ annotations: 0, goldDeactivated: 0 });
    const scratch = (await schemaOf(p.id)).labels.find((l) => l.id === 'scratch')!;
    expect(scratch).toMatchObject({ id: 'scratch', name: 'Scuff', color: '#123456', hotkey: '9' });
    expect(await tasks(p.id)).toEqual([]);
    // The project's schema is what annotators are served.
    expect((await a1.get(`/api/projects/${p.id}`)).body.labelSchema.labels.map((l: { name: string }) => l.name)).toContain('Crack');
  });

  it('retires a class either way, and changes options sending labels back', async () => {
    const p = await project(3, 1);
    const [i0, i1, i2] = (await queue(a1, p.id)).map((x) => x.id) as [string, string, string];
    const v1 = p.guidelineVersionId;
    await syncReal(
      a1,
      submission(p.id, i0, v1, { shapes: [box('scratch', 1, 1, 5, 5, 'a')] }),
      submission(p.id, i1, v1, { shapes: [box('defect', 1, 1, 5, 5, 'b')] }),
      submission(p.id, i2, v1, { shapes: [{ ...box('dent', 1, 1, 5, 5, 'c'), attributes: { depth: 'deep' } }] }),
    );
    await draft(p, [
      { op: 'retire_class', id: 'scratch', labels: 'keep' },
      { op: 'retire_class', id: 'defect', labels: 'send_back' },
      { op: 'change_options', id: 'dent', name: 'depth', options: ['shallow', 'medium'], labels: 'send_back' },
      { op: 'add_class', id: 'flaw', name: 'Flaw', color: '#000000', tools: ['box'] },
    ]);
    const pub = await publish(p, v1);
    expect(pub.status).toBe(200);
    expect(pub.body.reannotation.annotations).toBe(2);
    expect((await tasks(p.id)).map((t) => [t.itemId, t.labels]).sort()).toEqual(
      [
        [i1, ['defect']],
        [i2, ['dent']],
      ].sort(),
    );
    const schema = await schemaOf(p.id);
    expect(schema.labels.find((l) => l.id === 'scratch')!.retired).toEqual({ version: '2.0', labels: 'keep' });
    // A kept label of a retired class and an old option stay valid on a later submission.
    const again = await syncReal(
      a1,
      submission(p.id, i2, pub.body.version.id, {
        shapes: [box('scratch', 1, 1, 5, 5, 'a'), { ...box('dent', 9, 9, 5, 5, 'c'), attributes: { depth: 'deep' } }],
      }),
    );
    expect(again.body.results[0].status).toBe('applied');
  });

  it('refuses bad change lists with a plain message, and writes nothing', async () => {
    const p = await project(2, 1);
    const [i0] = (await queue(a1, p.id)).map((x) => x.id);
    await syncReal(a1, submission(p.id, i0!, p.guidelineVersionId, { shapes: [box('defect', 1, 1, 5, 5)] }));
    const before = await schemaOf(p.id);
    const cases: Array<[SchemaChange[], RegExp]> = [
      [
        [{ op: 'split_class', id: 'defect', into: [{ id: 'only', name: 'Only', color: '#000000' }] }],
        /split "Defect" into at least two classes \(it names 1\)/,
      ],
      [[{ op: 'split_class', id: 'defect', into: [] }], /split "Defect" into at least two classes \(it names 0\)/],
      [[{ op: 'merge_classes', from: ['scratch'], into: { id: 'scratch' } }], /a class cannot be merged into itself \("Scratch"\)/],
      [
        [{ op: 'merge_classes', from: ['scratch'], into: { id: 'tag' } }],
        /"Scratch" \(box, polygon\) cannot go into "Tag" \(class\): the classes must use the same tools/,
      ],
      [[{ op: 'rename_class', id: 'scratch', name: 'Defect' }], /there is already a class named "Defect"/],
      [[{ op: 'rehotkey_class', id: 'scratch', hotkey: '1' }], /hotkey "1" is already used by "Defect"/],
      [
        [
          { op: 'retire_class', id: 'defect', labels: 'keep' },
          { op: 'retire_class', id: 'scratch', labels: 'keep' },
          { op: 'retire_class', id: 'dent', labels: 'keep' },
          { op: 'retire_class', id: 'tag', labels: 'keep' },
        ],
        /"Tag" is the last class offered; a project needs at least one/,
      ],
      [[{ op: 'recolour_class', id: 'bogus', color: '#000000' }], /there is no class "bogus"/],
    ];
    for (const [changes, message] of cases) {
      const preview = await author.post(`${base(p.id)}/schema-impact`, { changes });
      expect(preview.status).toBe(400);
      expect(preview.body.error.message).toMatch(message);
      expect((await draft(p, changes)).status).toBe(200);
      const res = await publish(p, p.guidelineVersionId);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    // A split sends labels back: not as a clarification.
    await draft(p, [SPLIT]);
    const clar = await publish(p, p.guidelineVersionId, 'clarification');
    expect(clar.status).toBe(400);
    expect(clar.body.error.message).toMatch(/publish them as a label-changing update/);
    // Malformed input is refused by the wire schema, and an annotator may not preview.
    expect((await author.post(`${base(p.id)}/schema-impact`, { changes: [{ op: 'split_class', id: 'Not An Id', into: [] }] })).status).toBe(400);
    expect((await a1.post(`${base(p.id)}/schema-impact`, { changes: [SPLIT] })).status).toBe(403);
    expect(await versions(p.id)).toHaveLength(1);
    expect(await schemaOf(p.id)).toEqual(before);
    expect(await tasks(p.id)).toEqual([]);
  });

  it("refuses publishing a schema change while another author's newer version is out, writing nothing", async () => {
    const p = await project(2, 1);
    const email = `taxonomy-author-${engine}@t.test`;
    const otherId = await createUser(server.ctx, { email, displayName: 'Other Author', password: DEMO_PASSWORD });
    await grantRole(server.ctx, p.id, otherId, 'author');
    const other = await server.as(email);
    await draft(p, [SPLIT]);
    await draft(p, [{ op: 'rename_class', id: 'scratch', name: 'Scuff' }], p.guidelineVersionId, other);
    expect((await publish(p, p.guidelineVersionId, 'clarification', other)).status).toBe(200);
    const res = await publish(p, p.guidelineVersionId);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/Version 1.1 was published after you started this draft from version 1.0/);
    expect(await versions(p.id)).toHaveLength(2);
    expect((await schemaOf(p.id)).labels.some((l) => l.id === 'cosmetic')).toBe(false);
    expect(await tasks(p.id)).toEqual([]);
    const [t] = await server.ctx.db
      .select()
      .from(reannotationTasks)
      .where(and(eq(reannotationTasks.projectId, p.id)));
    expect(t).toBeUndefined();
  });
});
