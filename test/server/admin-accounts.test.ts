// Accounts through the HTTP API: the first administrator from the setup link the server logs,
// invitations, password resets, deactivation, and a person's own name and password.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { firstRunNotice } from '../../src/server/admin/first-run-notice.ts';
import { accountLinks, annotations, assignments, auditLog, users } from '../../src/server/db/schema.ts';
import { ADMIN, ANNOTATOR, engines, LEAD, startTestServer, type Caller, type TestServer } from './harness.ts';
import { submission, sync } from './fixtures.ts';

const STRONG = 'correct horse battery staple';
let clock = Date.parse('2026-03-01T09:00:00Z');
const now = () => new Date(clock);
const tokenOf = (url: string) => decodeURIComponent(url.split('/').pop()!);
const actions = async (s: TestServer) => (await s.ctx.db.select({ action: auditLog.action }).from(auditLog)).map((r) => r.action);

describe.each(engines)('first run on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine, { now }, { seed: false });
  }, 120_000);
  afterAll(async () => server?.close());

  it('logs a one-time, expiring setup link that makes the first administrator, and then refuses', async () => {
    const anon = server.anonymous();
    expect((await anon.get('/api/setup')).body).toEqual({ needsFirstAdmin: true });
    const lines = await firstRunNotice(server.ctx);
    expect(lines.join('\n')).toContain('npm run admin -- create-admin');
    const url = lines.map((l) => /open (\S+)/.exec(l)?.[1]).find(Boolean)!;
    expect(url).toMatch(/\/setup\//);

    // An hour later the link has expired; a restart prints a new one and the old one stops working.
    clock += 61 * 60_000;
    const late = await anon.post('/api/setup/first-admin', { token: tokenOf(url), email: 'root@team.test', displayName: 'Root', password: STRONG });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/expired/);
    const fresh = tokenOf((await firstRunNotice(server.ctx)).map((l) => /open (\S+)/.exec(l)?.[1]).find(Boolean)!);
    expect((await anon.post('/api/setup/first-admin', { token: tokenOf(url), email: 'root@team.test', displayName: 'Root', password: STRONG })).status).toBe(
      409,
    );

    // A weak password is refused with the rule, and nothing is written.
    const weak = await anon.post('/api/setup/first-admin', { token: fresh, email: 'root@team.test', displayName: 'Root', password: 'password123' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toMatch(/at least 10 characters/);
    expect((await server.ctx.db.select({ n: count() }).from(users))[0]!.n).toBe(0);

    const made = await anon.post('/api/setup/first-admin', { token: fresh, email: 'Root@Team.test', displayName: 'Root', password: STRONG });
    expect(made.status).toBe(200);
    expect(made.body.isAdmin).toBe(true);
    expect(made.body.user.email).toBe('root@team.test');
    expect(made.headers['set-cookie']).toBeTruthy();
    expect((await anon.get('/api/setup')).body).toEqual({ needsFirstAdmin: false });
    // Works once; and no new link is printed once an administrator exists.
    const again = await anon.post('/api/setup/first-admin', { token: fresh, email: 'other@team.test', displayName: 'Other', password: STRONG });
    expect(again.status).toBe(409);
    expect(await firstRunNotice(server.ctx)).toEqual([]);
    // Only hashes are stored.
    const stored = await server.ctx.db.select().from(accountLinks);
    expect(JSON.stringify(stored)).not.toContain(fresh);
    expect(await actions(server)).toEqual(expect.arrayContaining(['setup_link_issued', 'first_admin_created', 'user_created']));
  });
});

describe.each(engines)('accounts on %s', (engine) => {
  let server: TestServer;
  let admin: Caller;
  beforeAll(async () => {
    server = await startTestServer(engine, { now });
  }, 120_000);
  // The clock moves by days in some tests; sessions last hours.
  beforeEach(async () => {
    admin = await server.as(ADMIN);
  });
  afterAll(async () => server?.close());

  it('invites by a one-time link: the invitee sets their own password and gets the granted roles', async () => {
    const projectId = server.demo.imageProjectId;
    const dup = await admin.post('/api/admin/invitations', { email: 'LEAD@touchstone.test' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toMatch(/already exists/);
    expect((await admin.get('/api/admin/invitations')).body.invitations).toEqual([]);

    const res = await admin.post('/api/admin/invitations', { email: 'New.Person@Team.test', projectRoles: [{ projectId, role: 'annotator' }] });
    expect(res.status).toBe(201);
    expect(res.body.invitation).toMatchObject({ email: 'new.person@team.test', status: 'pending', isAdmin: false });
    const token = res.body.link.token as string;
    expect(res.body.link.url).toBe(`http://localhost:80/account/${token}`);

    const anon = server.anonymous();
    expect((await anon.get(`/api/account-links/${token}`)).body).toMatchObject({ kind: 'invitation', email: 'new.person@team.test' });
    const noName = await anon.post(`/api/account-links/${token}/accept`, { password: STRONG });
    expect(noName.status).toBe(400);
    const weak = await anon.post(`/api/account-links/${token}/accept`, { displayName: 'New Person', password: 'new.person-pw' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toMatch(/email/);
    expect(await server.ctx.db.select().from(users).where(eq(users.email, 'new.person@team.test'))).toEqual([]);

    const ok = await anon.post(`/api/account-links/${token}/accept`, { displayName: 'New Person', password: STRONG });
    expect(ok.status).toBe(200);
    expect(ok.body.memberships).toEqual([{ projectId, roles: ['annotator'] }]);
    const reused = await anon.post(`/api/account-links/${token}/accept`, { displayName: 'Again', password: STRONG });
    expect(reused.status).toBe(409);
    expect(reused.body.error.message).toMatch(/already used/);
    expect((await server.anonymous().login('new.person@team.test', STRONG)).cookie).toBeTruthy();
    expect((await admin.get('/api/admin/invitations')).body.invitations[0].status).toBe('accepted');
  });

  it('refuses a revoked or expired invitation', async () => {
    const a = (await admin.post('/api/admin/invitations', { email: 'revoked@team.test' })).body;
    expect((await admin.delete(`/api/admin/invitations/${a.invitation.id}`)).body.status).toBe('revoked');
    const revoked = await server.anonymous().post(`/api/account-links/${a.link.token}/accept`, { displayName: 'R', password: STRONG });
    expect(revoked.status).toBe(409);
    expect(revoked.body.error.message).toMatch(/withdrawn/);

    const b = (await admin.post('/api/admin/invitations', { email: 'late@team.test', expiresInDays: 1 })).body;
    clock += 2 * 86_400_000;
    const late = await server.anonymous().post(`/api/account-links/${b.link.token}/accept`, { displayName: 'L', password: STRONG });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/expired/);
    expect(await server.ctx.db.select().from(users).where(eq(users.email, 'late@team.test'))).toEqual([]);
  });

  it('deactivates at once — sessions and tokens end, labels stay, leases go back — and never the administrator themself', async () => {
    const annotator = await server.as(ANNOTATOR);
    const token = (await annotator.post('/api/tokens', { name: 'script', expiresInDays: 5, scope: 'read' })).body.token as string;
    const projectId = server.demo.textProjectId;
    const me = (await annotator.get('/api/auth/me')).body.user.id as string;
    const queue = (await annotator.post(`/api/projects/${projectId}/queue?limit=3`)).body.items as Array<{ id: string }>;
    const version = (await annotator.get(`/api/projects/${projectId}`)).body.guideline.id as string;
    await annotator.post(`/api/projects/${projectId}/guideline/ack`, { versionId: version });
    expect((await sync(annotator, submission(projectId, queue[0]!.id, version, { shapes: [], spans: [], classes: ['sports'] }))).status).toBe(200);
    const labelsBefore = (await server.ctx.db.select().from(annotations).where(eq(annotations.userId, me))).length;
    expect(labelsBefore).toBeGreaterThan(0);

    const self = await admin.post(`/api/admin/users/${(await admin.get('/api/auth/me')).body.user.id}/deactivate`);
    expect(self.status).toBe(409);
    expect(self.body.error.message).toMatch(/your own account/);

    const res = await admin.post(`/api/admin/users/${me}/deactivate`);
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect((await annotator.get('/api/auth/me')).status).toBe(401);
    const byToken = await server.bearer(token).get('/api/projects');
    expect(byToken.status).toBe(401);
    expect(byToken.body.error.message).toMatch(/revoked|deactivated/);
    const login = await server.anonymous().post('/api/auth/login', { email: ANNOTATOR, password: 'touchstone-demo' });
    expect(login.status).toBe(403);
    expect(login.body.error.message).toMatch(/deactivated/);
    expect((await server.ctx.db.select().from(annotations).where(eq(annotations.userId, me))).length).toBe(labelsBefore);
    expect(
      await server.ctx.db
        .select()
        .from(assignments)
        .where(eq(assignments.userId, me))
        .then((rows) => rows.filter((r) => r.status === 'open')),
    ).toEqual([]);

    const listed = (await admin.get('/api/admin/users')).body.users.find((u: { id: string }) => u.id === me);
    expect(listed).toMatchObject({ active: false, email: ANNOTATOR });
    expect(listed.projects.map((p: { roles: string[] }) => p.roles)).toContainEqual(['annotator']);
    expect((await admin.post(`/api/admin/users/${me}/reactivate`)).body.active).toBe(true);
    expect((await server.as(ANNOTATOR)).cookie).toBeTruthy();
    expect(await actions(server)).toEqual(expect.arrayContaining(['user_deactivated', 'user_reactivated', 'token_created']));
  });

  it('resets a password by a new link, which ends the old sessions; refuses removing the last administrator', async () => {
    const lead = await server.as(LEAD);
    const leadId = (await lead.get('/api/auth/me')).body.user.id as string;
    const { link } = (await admin.post(`/api/admin/users/${leadId}/password-reset`)).body;
    expect((await server.anonymous().get(`/api/account-links/${link.token}`)).body).toMatchObject({
      kind: 'password_reset',
      email: LEAD,
      displayName: 'Lea Lead',
    });
    const done = await server.anonymous().post(`/api/account-links/${link.token}/accept`, { password: STRONG });
    expect(done.status).toBe(200);
    expect((await lead.get('/api/auth/me')).status).toBe(401);
    expect((await server.anonymous().login(LEAD, STRONG)).cookie).toBeTruthy();

    const adminId = (await admin.get('/api/auth/me')).body.user.id as string;
    const demote = await admin.put(`/api/admin/users/${adminId}`, { isAdmin: false });
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toMatch(/last active administrator/);
    expect((await admin.put(`/api/admin/users/${leadId}`, { isAdmin: true })).body.isAdmin).toBe(true);
    expect(await actions(server)).toEqual(expect.arrayContaining(['password_reset_issued', 'password_reset', 'admin_granted']));
  });

  it('lets people change their own name and password; a new password ends their other sessions', async () => {
    const here = await server.anonymous().login('new.person@team.test', STRONG);
    const elsewhere = await server.anonymous().login('new.person@team.test', STRONG);
    expect((await here.put('/api/auth/me', { displayName: '  Nova  ' })).body.user.displayName).toBe('Nova');
    const wrong = await here.post('/api/auth/password', { currentPassword: 'not it at all', newPassword: 'another good passphrase' });
    expect(wrong.status).toBe(403);
    const weak = await here.post('/api/auth/password', { currentPassword: STRONG, newPassword: 'qwertyuiop' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toMatch(/too common/);
    expect((await here.post('/api/auth/password', { currentPassword: STRONG, newPassword: 'another good passphrase' })).status).toBe(204);
    expect((await here.get('/api/auth/me')).status).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).status).toBe(401);
    expect(await actions(server)).toEqual(expect.arrayContaining(['profile_changed', 'password_changed']));
  });
});
