// Making and running projects through the HTTP API: creation with its checks, templates, a schema
// from a dataset file, archiving, and members (one lead always; leases go back).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { assignments, auditLog, projects } from '../../src/server/db/schema.ts';
import { ADMIN, ANNOTATOR, ANNOTATOR2, engines, LEAD, startTestServer, type Caller, type TestServer } from './harness.ts';

const schema = (labels: object[]) => ({ labels });
const box = (id: string, name: string, over: object = {}) => ({ id, name, color: '#112233', tools: ['box'], ...over });
const body = (over: object = {}) => ({
  name: 'Shelf products',
  kind: 'image',
  labelSchema: schema([
    box('bottle', 'Bottle', { hotkey: '1', attributes: [{ type: 'boolean', name: 'damaged' }] }),
    box('can', 'Can', { hotkey: '2', attributes: [{ type: 'select', name: 'size', options: ['small', 'large'] }] }),
    box('box', 'Box', { hotkey: '3', tools: ['box', 'polygon'], attributes: [{ type: 'text', name: 'brand', maxLength: 40 }] }),
  ]),
  guideline: { sections: [{ id: 'scope', kind: 'definition', title: 'What to box', body: 'Every product facing.', labels: ['bottle'] }] },
  ...over,
});

describe.each(engines)('projects and members on %s', (engine) => {
  let server: TestServer;
  let admin: Caller;
  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await server.as(ADMIN);
  }, 120_000);
  afterAll(async () => server?.close());
  const projectCount = async () => (await server.ctx.db.select({ n: count() }).from(projects))[0]!.n;

  it('refuses a bad schema in a sentence and writes nothing', async () => {
    const before = await projectCount();
    const cases: Array<[object, RegExp]> = [
      [{ labelSchema: schema([box('a', 'Car'), box('b', 'car')]) }, /used twice/],
      [{ labelSchema: schema([box('a', 'Car', { hotkey: 'b' })]) }, /editor's key for the box tool/],
      [{ labelSchema: schema([box('a', 'Car', { tools: [] })]) }, /at least one tool/],
      [{ labelSchema: schema([]) }, /at least one label/],
      [{ labelSchema: schema([box('a', 'Car', { tools: ['span'] })]) }, /span tool, which an image project does not have/],
      [{ guideline: { sections: [{ id: 's', kind: 'rule', title: 'T', body: '', labels: ['nope'] }] } }, /names label "nope"/],
      [{ name: '   ' }, /project name/],
    ];
    for (const [over, message] of cases) {
      const res = await admin.post('/api/projects', body(over));
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect(await projectCount()).toBe(before);
    expect((await (await server.as(LEAD)).post('/api/projects', body())).status).toBe(403);
  });

  it("creates a project whose creator leads it, copying another project's settings when asked", async () => {
    const lead = await server.as(LEAD);
    await lead.put(`/api/projects/${server.demo.imageProjectId}/queue-settings`, { goldRate: 0.25 });
    // The administrator may copy only from a project they may run: administrators may run any.
    const res = await admin.post('/api/projects', body({ copySettingsFrom: server.demo.imageProjectId }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Shelf products', kind: 'image', roles: ['lead', 'author'], archived: false });
    expect(res.body.labelSchema.labels.map((l: { name: string }) => l.name)).toEqual(['Bottle', 'Can', 'Box']);
    expect(res.body.guideline.version).toBe('1.0');
    const [row] = await server.ctx.db.select().from(projects).where(eq(projects.id, res.body.id));
    expect(row!.goldRate).toBe(0.25);
    const audit = await server.ctx.db.select().from(auditLog).where(eq(auditLog.projectId, res.body.id));
    expect(audit.map((a) => a.action)).toContain('project_created');
  });

  it('offers templates and reads a schema from a dataset file', async () => {
    const annotator = await server.as(ANNOTATOR);
    const templates = (await annotator.get('/api/project-templates')).body.templates;
    expect(templates.map((t: { id: string }) => t.id)).toEqual(['object-detection', 'instance-segmentation', 'named-entities', 'document-classification']);
    for (const t of templates)
      expect((await admin.post('/api/projects', { name: t.name, kind: t.kind, labelSchema: t.labelSchema, guideline: { sections: t.sections } })).status).toBe(
        201,
      );
    const read = await annotator.post('/api/label-schema/from-dataset', {
      format: 'coco',
      content: JSON.stringify({
        categories: [
          { id: 1, name: 'person' },
          { id: 2, name: 'bike' },
        ],
      }),
    });
    expect(read.body.labelSchema.labels.map((l: { id: string }) => l.id)).toEqual(['person', 'bike']);
    const bad = await annotator.post('/api/label-schema/from-dataset', { format: 'coco', content: '{' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/not JSON/);
  });

  it('archives a project: read-only with a plain 409, hidden from annotators, listed and flagged for its lead', async () => {
    const lead = await server.as(LEAD);
    const annotator = await server.as(ANNOTATOR);
    const projectId = server.demo.textProjectId;
    expect((await annotator.post(`/api/projects/${projectId}/archive`)).status).toBe(403);
    expect((await lead.post(`/api/projects/${projectId}/archive`)).body.archived).toBe(true);
    const write = await lead.put(`/api/projects/${projectId}/queue-settings`, { goldRate: 0.2 });
    expect(write.status).toBe(409);
    expect(write.body.error.message).toMatch(/archived, so it is read-only/);
    expect((await annotator.post(`/api/projects/${projectId}/queue`)).status).toBe(409);
    expect((await lead.get(`/api/projects/${projectId}/dashboard`)).status).toBe(200);
    expect((await annotator.get('/api/projects')).body.projects.map((p: { id: string }) => p.id)).not.toContain(projectId);
    expect((await lead.get('/api/projects')).body.projects.find((p: { id: string }) => p.id === projectId)).toMatchObject({ archived: true });
    expect((await lead.post(`/api/projects/${projectId}/unarchive`)).body.archived).toBe(false);
    expect((await lead.put(`/api/projects/${projectId}/queue-settings`, { goldRate: 0.2 })).status).toBe(200);
  });

  it("manages members: adds by email, keeps one lead, and gives a removed annotator's leases back", async () => {
    const lead = await server.as(LEAD);
    const projectId = server.demo.imageProjectId;
    const url = `/api/projects/${projectId}/members`;
    const members = (await lead.get(url)).body.members as Array<{ userId: string; email: string; roles: string[] }>;
    const id = (email: string) => members.find((m) => m.email === email)!.userId;
    expect(members.find((m) => m.email === LEAD)!.roles).toContain('lead');

    const unknown = await lead.post(url, { email: 'nobody@team.test', roles: ['annotator'] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/administrator can invite/);

    // The demo lead is the only lead: removing that role is refused, and nothing changes.
    const last = await lead.put(`${url}/${id(LEAD)}`, { roles: [] });
    expect(last.status).toBe(409);
    expect(last.body.error.message).toMatch(/at least one lead/);
    expect((await lead.get(url)).body.members.find((m: { email: string }) => m.email === LEAD).roles).toContain('lead');

    const annotator2 = await server.as(ANNOTATOR2);
    const leased = (await annotator2.post(`/api/projects/${projectId}/queue?limit=3`)).body.items.length;
    expect(leased).toBeGreaterThan(0);
    const after = await lead.delete(`${url}/${id(ANNOTATOR2)}`);
    expect(after.status).toBe(200);
    expect(after.body.members.map((m: { email: string }) => m.email)).not.toContain(ANNOTATOR2);
    const open = await server.ctx.db
      .select()
      .from(assignments)
      .where(eq(assignments.userId, id(ANNOTATOR2)));
    expect(open.filter((a) => a.status === 'open')).toEqual([]);
    expect((await annotator2.get(`/api/projects/${projectId}`)).status).toBe(404);

    const added = await lead.post(url, { email: ANNOTATOR2.toUpperCase(), roles: ['annotator', 'lead'] });
    expect(added.body.members.find((m: { email: string }) => m.email === ANNOTATOR2).roles).toEqual(['annotator', 'lead']);
    expect((await lead.put(`${url}/${id(LEAD)}`, { roles: ['annotator'] })).status).toBe(200);
    const audit = await server.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'member_roles_changed'));
    expect(audit.length).toBeGreaterThanOrEqual(3);
  });
});
