// Personal access tokens through the HTTP API: shown once, stored as a hash, Bearer on any route
// the owner may call without a CSRF header, held to scope and projects, dead once expired or revoked.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { accessTokens } from '../../src/server/db/schema.ts';
import { submission, sync } from './fixtures.ts';
import { ADMIN, engines, LEAD, startTestServer, type Caller, type TestServer } from './harness.ts';

let clock = Date.parse('2026-04-01T09:00:00Z');
const now = () => new Date(clock);

describe.each(engines)('access tokens on %s', (engine) => {
  let server: TestServer;
  let lead: Caller;
  beforeAll(async () => {
    server = await startTestServer(engine, { now });
    lead = await server.as(LEAD);
  }, 120_000);
  afterAll(async () => server?.close());

  it('is shown once, stored only as a hash, and works as Bearer without the CSRF header a cookie needs', async () => {
    const made = await lead.post('/api/tokens', { name: 'nightly export', expiresInDays: 30, scope: 'write' });
    expect(made.status).toBe(201);
    const token = made.body.token as string;
    expect(token).toMatch(/^tst_/);
    const stored = await server.ctx.db.select().from(accessTokens);
    expect(JSON.stringify(stored)).not.toContain(token.slice(4));
    expect((await lead.get('/api/tokens')).body.tokens).toEqual([expect.objectContaining({ name: 'nightly export', lastUsedAt: null, expired: false })]);
    expect(JSON.stringify((await lead.get('/api/tokens')).body)).not.toContain(token);

    const bot = server.bearer(token);
    const projectId = server.demo.imageProjectId;
    expect((await bot.get('/api/projects')).body.projects.map((p: { id: string }) => p.id)).toContain(projectId);
    expect((await bot.put(`/api/projects/${projectId}/queue-settings`, { goldRate: 0.2 })).status).toBe(200);
    // The same write with the cookie but without the header is refused.
    const cookieNoHeader = await lead.request('PUT', `/api/projects/${projectId}/queue-settings`, { goldRate: 0.2 }, { 'x-requested-with': '' });
    expect(cookieNoHeader.status).toBe(403);
    expect((await lead.get('/api/tokens')).body.tokens[0].lastUsedAt).not.toBeNull();
    // A token does not manage tokens.
    expect((await bot.post('/api/tokens', { name: 'child', expiresInDays: 365, scope: 'write' })).status).toBe(403);
  });

  it('holds a read token to reading, and a project-limited token to its projects (a sync batch included)', async () => {
    const read = server.bearer((await lead.post('/api/tokens', { name: 'dashboards', expiresInDays: 1, scope: 'read' })).body.token);
    const projectId = server.demo.imageProjectId;
    expect((await read.get(`/api/projects/${projectId}/dashboard`)).status).toBe(200);
    const write = await read.put(`/api/projects/${projectId}/queue-settings`, { goldRate: 0.3 });
    expect(write.status).toBe(403);
    expect(write.body.error.message).toMatch(/read-only/);

    const limited = server.bearer(
      (await lead.post('/api/tokens', { name: 'images only', expiresInDays: 1, scope: 'write', projectIds: [projectId] })).body.token,
    );
    const other = server.demo.textProjectId;
    expect((await limited.get('/api/projects')).body.projects.map((p: { id: string }) => p.id)).toEqual([projectId]);
    expect((await limited.get(`/api/projects/${other}/dashboard`)).status).toBe(404);
    const batch = await sync(limited, submission(other, randomUUID(), randomUUID(), { shapes: [], spans: [], classes: ['sports'] }));
    expect(batch.status).toBe(404);
    expect(batch.body.error.message).toBe('That project was not found.');
    const foreign = await lead.post('/api/tokens', { name: 'x', expiresInDays: 1, scope: 'read', projectIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(foreign.status).toBe(404);
  });

  it("keeps an administrator's project-limited token out of instance administration (accounts, invitations, new projects)", async () => {
    const admin = await server.as(ADMIN);
    const limited = server.bearer(
      (await admin.post('/api/tokens', { name: 'one project', expiresInDays: 1, scope: 'write', projectIds: [server.demo.textProjectId] })).body.token,
    );
    const whole = server.bearer((await admin.post('/api/tokens', { name: 'whole instance', expiresInDays: 1, scope: 'write' })).body.token);
    expect((await whole.get('/api/admin/users')).status).toBe(200);
    const before = (await admin.get('/api/admin/invitations')).body;
    for (const [method, url, body] of [
      ['GET', '/api/admin/users', undefined],
      ['POST', '/api/admin/invitations', { email: 'x@limited.test', roles: [] }],
      ['POST', '/api/projects', { name: 'Made by a limited token', kind: 'text' }],
    ] as const) {
      const res = await limited.request(method, url, body);
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(res.body.error.message).toMatch(/limited to some projects/);
    }
    expect((await admin.get('/api/admin/invitations')).body).toEqual(before);
    // Inside its project, the token still runs what an administrator may run there.
    expect((await limited.get(`/api/projects/${server.demo.textProjectId}/members`)).status).toBe(200);
  });

  it('answers a plain 401 to an expired, revoked or unknown token', async () => {
    const made = (await lead.post('/api/tokens', { name: 'short', expiresInDays: 1, scope: 'read' })).body;
    const revoked = (await lead.post('/api/tokens', { name: 'revoked', expiresInDays: 5, scope: 'read' })).body;
    expect((await lead.delete(`/api/tokens/${revoked.accessToken.id}`)).status).toBe(204);
    const r = await server.bearer(revoked.token).get('/api/projects');
    expect(r.status).toBe(401);
    expect(r.body.error.message).toBe('That access token was revoked. Create a new one.');
    expect((await lead.get('/api/tokens')).body.tokens.map((t: { name: string }) => t.name)).not.toContain('revoked');

    clock += 2 * 86_400_000;
    lead = await server.as(LEAD);
    const e = await server.bearer(made.token).get('/api/projects');
    expect(e.status).toBe(401);
    expect(e.body.error.message).toMatch(/^That access token expired on \d{4}-\d{2}-\d{2}\. Create a new one\.$/);
    expect((await lead.get('/api/tokens')).body.tokens.find((t: { name: string }) => t.name === 'short').expired).toBe(true);
    expect((await server.bearer('tst_nope').get('/api/projects')).status).toBe(401);
    const malformed = await server.anonymous().request('GET', '/api/projects', undefined, { authorization: 'Basic abc' });
    expect(malformed.status).toBe(401);
    expect(malformed.body.error.message).toMatch(/Bearer/);
    const [row] = await server.ctx.db.select().from(accessTokens).where(eq(accessTokens.id, revoked.accessToken.id));
    expect(row!.revokedAt).not.toBeNull();
  });
});
