// The access matrix: every route the server registers, called by every kind of caller —
// anonymous, annotator, lead and author of the project, a user who holds all three roles in
// ANOTHER project, an instance administrator who is no member of it, and access tokens (read-only,
// and limited to another project) — answers as the table below declares. Routes are enumerated from the
// OpenAPI document and cross-checked against Fastify's own route tree, so a new route that the
// table does not classify fails this test until someone decides who may call it.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Role } from '../../src/domain/api/index.ts';
import { annotations, escalations, goldAnswers, mutations } from '../../src/server/db/schema.ts';
import { createUser, grantRole } from '../../src/server/admin/create.ts';
import { annotatorHandles, assetIdOf } from '../../src/server/queue/annotator-handles.ts';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-content.ts';
import { ADMIN, ANNOTATOR, ANNOTATOR2, AUTHOR, LEAD, engines, startTestServer, type Caller, type TestServer } from './harness.ts';
import { mutationId, submission, sync } from './fixtures.ts';
import { textProject } from './sync-fixtures.ts';

const OUTSIDER = 'outsider@matrix.test';
const PROJECT_NOT_FOUND = 'That project was not found.';
const ROLE_REFUSAL = /^This needs the .* role in this project\.$/;

/** Ids the requests are made with: P is the project under test, C the outsider's own project. */
interface Fixture {
  P: string;
  C: string;
  item: string; // an item of P (gold), by its real id (ANNOTATOR was served it under a handle)
  version: string; // P's current guideline version
  escalation: string; // an escalation in P by ANNOTATOR
  review: string; // a review task in P
  proposal: string; // a guideline proposal id (none exists: allowed callers get 404)
  asset: string; // an image asset of the demo image project (its real id, as staff see it)
  assetHandle: string; // the same asset as ANNOTATOR's queue names it
  annotatorId: string;
  spareId: string; // a member of P the membership and account routes may change
}

/** 'admin': instance administrators only. */
type Access = 'public' | 'signed-in' | 'admin' | readonly Role[];
interface Rule {
  access: Access;
  /** A project route that instance administrators may call without a role in the project. */
  orAdmin?: true;
  /** Query string that passes validation, so the handler (and its role check) is reached. */
  query?: string;
  /** A body that passes validation, for the same reason. */
  body?: (f: Fixture) => unknown;
}

const payload = { shapes: [], spans: [], classes: ['sports'] };
const STRONG = 'correct horse battery staple';
const newProject = () => ({
  name: 'Matrix new',
  kind: 'text',
  labelSchema: { labels: [{ id: 'x', name: 'X', color: '#112233', tools: ['class'] }] },
  guideline: { sections: [] },
});
const STAFF = ['lead', 'author'] as const;
const MEMBERS = ['annotator', 'lead', 'author'] as const;

// The declared expectations. Keys are "METHOD /openapi/path".
const TABLE: Record<string, Rule> = {
  'GET /api/health': { access: 'public' },
  // Operations: instance administrators (a session, or an administrator's token for a Prometheus scrape).
  'GET /api/metrics': { access: 'admin' },
  'POST /api/auth/login': { access: 'public', body: () => ({ email: LEAD, password: DEMO_PASSWORD }) },
  'POST /api/auth/logout': { access: 'public' },
  'GET /api/auth/me': { access: 'signed-in' },
  'GET /api/projects': { access: 'signed-in' },
  'POST /api/sync': { access: 'signed-in', body: (f) => ({ schemaVersion: 1, mutations: [submission(f.P, f.item, f.version, payload)] }) },
  'GET /api/assets/{assetId}': { access: 'signed-in' }, // checked per asset below
  'GET /api/projects/{projectId}': { access: MEMBERS },
  'POST /api/projects/{projectId}/queue': { access: ['annotator'] },
  'GET /api/projects/{projectId}/qualification': { access: ['annotator'] },
  'GET /api/projects/{projectId}/my-escalations': { access: ['annotator'] },
  'GET /api/projects/{projectId}/annotations': { access: STAFF },
  'GET /api/projects/{projectId}/audit': { access: ['lead'] },
  'GET /api/projects/{projectId}/guideline/versions': { access: MEMBERS },
  'GET /api/projects/{projectId}/guideline/versions/{versionId}': { access: MEMBERS },
  'GET /api/projects/{projectId}/guideline/diff': { access: MEMBERS, query: 'from={version}&to={version}' },
  'GET /api/projects/{projectId}/guideline/draft': { access: ['author'] },
  'PUT /api/projects/{projectId}/guideline/draft': { access: ['author'], body: (f) => ({ baseVersionId: f.version, sections: [] }) },
  'DELETE /api/projects/{projectId}/guideline/draft': { access: ['author'] },
  'POST /api/projects/{projectId}/guideline/publish': {
    access: ['author'],
    body: (f) => ({ kind: 'clarification', changelog: 'x', baseVersionId: f.version }),
  },
  'GET /api/projects/{projectId}/guideline/impact': { access: STAFF, query: 'labels=sports' },
  'POST /api/projects/{projectId}/guideline/schema-impact': { access: STAFF, body: () => ({ changes: [{ op: 'rename_class', id: 'sports', name: 'Sport' }] }) },
  'GET /api/projects/{projectId}/guideline/ack': { access: MEMBERS },
  'POST /api/projects/{projectId}/guideline/ack': { access: MEMBERS, body: (f) => ({ versionId: f.version }) },
  // Example items: members may read items the guideline points at; this item is not one (404).
  'GET /api/projects/{projectId}/guideline/items/{itemId}': { access: MEMBERS },
  'GET /api/projects/{projectId}/guideline/items/{itemId}/image': { access: MEMBERS },
  'POST /api/projects/{projectId}/gold/{itemId}/reverify': { access: STAFF, body: () => ({}) },
  'GET /api/projects/{projectId}/gold-set': { access: STAFF },
  'GET /api/projects/{projectId}/gold-set/items': { access: STAFF },
  'GET /api/projects/{projectId}/gold-set/items/{itemId}': { access: STAFF },
  'PUT /api/projects/{projectId}/gold-set/items/{itemId}': {
    access: STAFF,
    body: () => ({ answer: payload, justification: 'The sentence is about a match.' }),
  },
  'GET /api/projects/{projectId}/dashboard': { access: ['lead'] },
  'GET /api/projects/{projectId}/gold-policy': { access: ['lead'] },
  'PUT /api/projects/{projectId}/gold-policy': { access: ['lead'], body: () => ({}) },
  'POST /api/projects/{projectId}/gold-policy/actions': { access: ['lead'], body: (f) => ({ action: 'resume', userId: f.annotatorId }) },
  'GET /api/projects/{projectId}/export': { access: STAFF, query: 'format=touchstone' },
  'POST /api/projects/{projectId}/items/import/text': { access: STAFF, body: () => ({ format: 'jsonl', content: '' }) },
  'POST /api/projects/{projectId}/items/import/folder': { access: STAFF, body: () => ({ path: 'x' }) },
  'POST /api/projects/{projectId}/items/import/images': { access: STAFF, body: () => ({}) },
  'POST /api/projects/{projectId}/labels/import': {
    access: STAFF,
    body: () => ({ format: 'touchstone', as: 'pre-annotations', files: [{ path: 'x.jsonl', content: '' }] }),
  },
  'GET /api/projects/{projectId}/queue-settings': { access: ['lead'] },
  'PUT /api/projects/{projectId}/queue-settings': { access: ['lead'], body: () => ({}) },
  'GET /api/projects/{projectId}/adjudications': { access: ['lead'] },
  'PUT /api/projects/{projectId}/adjudications/{itemId}': { access: ['lead'], body: () => ({ payload }) },
  'GET /api/projects/{projectId}/agreement': { access: STAFF },
  'GET /api/projects/{projectId}/agreement/items/{itemId}': { access: STAFF },
  'GET /api/projects/{projectId}/escalations': { access: ['lead'] },
  'POST /api/projects/{projectId}/escalations/{escalationId}/decision': { access: ['lead'], body: () => ({ action: 'return', explanation: 'Look again.' }) },
  'GET /api/projects/{projectId}/escalations/{escalationId}': { access: ['lead'] },
  'POST /api/projects/{projectId}/escalations/bulk-decision': {
    access: ['lead'],
    body: (f) => ({ escalationIds: [f.escalation], decision: { action: 'return', explanation: 'Look again.' } }),
  },
  'GET /api/projects/{projectId}/review-settings': { access: ['lead'] },
  'PUT /api/projects/{projectId}/review-settings': { access: ['lead'], body: () => ({ reviewRate: 1 }) },
  'GET /api/projects/{projectId}/reviews': { access: ['lead'] },
  'POST /api/projects/{projectId}/reviews/{reviewId}/decision': { access: ['lead'], body: () => ({ action: 'accept' }) },
  'POST /api/projects/{projectId}/reviews/from-items': { access: ['lead'], body: (f) => ({ itemIds: [f.item] }) },
  'GET /api/projects/{projectId}/items': { access: ['lead'], query: 'status=escalated&page=1' },
  'GET /api/projects/{projectId}/items/{itemId}': { access: ['lead'] },
  'GET /api/projects/{projectId}/my-accuracy': { access: ['annotator'] },
  'GET /api/projects/{projectId}/escalation-figures': { access: STAFF },
  'PUT /api/projects/{projectId}/escalation-settings': { access: ['lead'], body: () => ({ alertHours: 24 }) },
  'POST /api/projects/{projectId}/guideline-proposals': {
    access: ['lead'],
    body: (f) => ({ escalationIds: [f.escalation], sectionId: '', text: 'Say which label.' }),
  },
  'GET /api/projects/{projectId}/guideline-proposals': { access: STAFF },
  'POST /api/projects/{projectId}/guideline-proposals/{proposalId}/decision': { access: STAFF, body: () => ({ action: 'decline', comment: 'No.' }) },
  // Running an instance (server/admin, server/projects, auth/tokens).
  'GET /api/setup': { access: 'public' },
  'POST /api/setup/first-admin': {
    access: 'public',
    body: () => ({ token: 'no-such-token', email: 'first@matrix.test', displayName: 'First', password: STRONG }),
  },
  'GET /api/account-links/{token}': { access: 'public' },
  'POST /api/account-links/{token}/accept': { access: 'public', body: () => ({ displayName: 'New', password: STRONG }) },
  'PUT /api/auth/me': { access: 'signed-in', body: () => ({ displayName: 'Same Name' }) },
  'POST /api/auth/password': { access: 'signed-in', body: () => ({ currentPassword: 'wrong', newPassword: STRONG }) },
  'GET /api/tokens': { access: 'signed-in' },
  'POST /api/tokens': { access: 'signed-in', body: () => ({ name: 'matrix', expiresInDays: 1, scope: 'read' }) },
  'DELETE /api/tokens/{tokenId}': { access: 'signed-in' },
  'GET /api/project-templates': { access: 'signed-in' },
  'POST /api/label-schema/from-dataset': { access: 'signed-in', body: () => ({ format: 'yolo', content: 'cat\ndog\n' }) },
  'GET /api/admin/users': { access: 'admin' },
  'PUT /api/admin/users/{userId}': { access: 'admin', body: () => ({ isAdmin: false }) },
  'POST /api/admin/users/{userId}/deactivate': { access: 'admin' },
  'POST /api/admin/users/{userId}/reactivate': { access: 'admin' },
  'POST /api/admin/users/{userId}/password-reset': { access: 'admin' },
  'GET /api/admin/invitations': { access: 'admin' },
  'POST /api/admin/invitations': { access: 'admin', body: () => ({ email: 'invitee@matrix.test' }) },
  'DELETE /api/admin/invitations/{invitationId}': { access: 'admin' },
  'POST /api/projects': { access: 'admin', body: newProject },
  'PUT /api/projects/{projectId}': { access: ['lead'], orAdmin: true, body: () => ({ name: 'Matrix P' }) },
  'POST /api/projects/{projectId}/archive': { access: ['lead'], orAdmin: true },
  'POST /api/projects/{projectId}/unarchive': { access: ['lead'], orAdmin: true },
  'GET /api/projects/{projectId}/members': { access: ['lead'], orAdmin: true },
  'POST /api/projects/{projectId}/members': { access: ['lead'], orAdmin: true, body: () => ({ email: ANNOTATOR, roles: ['annotator'] }) },
  'PUT /api/projects/{projectId}/members/{userId}': { access: ['lead'], orAdmin: true, body: () => ({ roles: ['annotator'] }) },
  'DELETE /api/projects/{projectId}/members/{userId}': { access: ['lead'], orAdmin: true },
};

/** Routes kept out of the OpenAPI document on purpose (schema.hide); anything else hidden fails. */
const HIDDEN = new Set(['GET /api/openapi.json', 'GET /*']);

/** "METHOD /path" for every route in Fastify's printed route tree (HEAD twins left out). */
function registeredRoutes(tree: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    const full = stack.join('');
    for (const method of (m[3] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s && s !== 'HEAD')) {
      out.push(`${method} ${full.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return out;
}

function fill(template: string, f: Fixture, projectId: string): string {
  return template
    .replace('{projectId}', projectId)
    .replace('{itemId}', f.item)
    .replace(/\{version\}|\{versionId\}/g, f.version)
    .replace('{escalationId}', f.escalation)
    .replace('{reviewId}', f.review)
    .replace('{proposalId}', f.proposal)
    .replace('{userId}', f.spareId)
    .replace(/\{tokenId\}|\{invitationId\}/, f.proposal)
    .replace('{token}', 'no-such-link')
    .replace('{assetId}', f.asset);
}

describe.each(engines)('access matrix on %s', (engine) => {
  let server: TestServer;
  let f: Fixture;
  let routes: string[];
  const callers: Record<'anonymous' | 'annotator' | 'lead' | 'author' | 'outsider' | 'annotator2' | 'admin' | 'readToken' | 'otherProjectToken', Caller> =
    {} as never;

  beforeAll(async () => {
    server = await startTestServer(engine);
    const { ctx, demo } = server;
    const uid = (email: string) => demo.userIds[email] as string;
    const p = await textProject(ctx, { items: 6, annotatorIds: [uid(ANNOTATOR), uid(ANNOTATOR2)], name: 'Matrix P' });
    await grantRole(ctx, p.id, uid(LEAD), 'lead');
    await grantRole(ctx, p.id, uid(AUTHOR), 'author');
    const outsiderId = await createUser(ctx, { email: OUTSIDER, displayName: 'Outsider', password: DEMO_PASSWORD });
    const c = await textProject(ctx, { items: 2, annotatorIds: [outsiderId], name: 'Matrix C' });
    await grantRole(ctx, c.id, outsiderId, 'lead');
    await grantRole(ctx, c.id, outsiderId, 'author');

    callers.anonymous = server.anonymous();
    callers.annotator = await server.as(ANNOTATOR);
    callers.annotator2 = await server.as(ANNOTATOR2);
    callers.lead = await server.as(LEAD);
    callers.author = await server.as(AUTHOR);
    callers.outsider = await server.as(OUTSIDER);
    callers.admin = await server.as(ADMIN);
    const spareId = await createUser(ctx, { email: 'spare@matrix.test', displayName: 'Spare', password: DEMO_PASSWORD });
    await grantRole(ctx, p.id, spareId, 'annotator');
    // The lead's tokens: one read-only, one read-write but limited to the demo image project.
    const token = async (body: object) => (await callers.lead.post('/api/tokens', { name: 'matrix', expiresInDays: 1, ...body })).body.token as string;
    callers.readToken = server.bearer(await token({ scope: 'read' }));
    await grantRole(ctx, demo.imageProjectId, uid(LEAD), 'lead');
    callers.otherProjectToken = server.bearer(await token({ scope: 'write', projectIds: [demo.imageProjectId] }));

    // A review task and an escalation in P, made the way real ones are: through sync.
    expect((await callers.lead.put(`/api/projects/${p.id}/review-settings`, { reviewRate: 1 })).status).toBe(200);
    const queue = await callers.annotator.post(`/api/projects/${p.id}/queue?limit=3`);
    const [i1, i2, h3] = queue.body.items.map((i: { id: string }) => i.id) as string[];
    // The annotator's queue names items by their own handles; staff routes take the real ids.
    const i3 = annotatorHandles(ctx, p.id, uid(ANNOTATOR)).itemId(h3!);
    expect((await sync(callers.annotator, submission(p.id, i1!, p.guidelineVersionId, payload))).status).toBe(200);
    const esc = await sync(callers.annotator, {
      id: mutationId(),
      type: 'escalation.create',
      projectId: p.id,
      itemId: i2!,
      guidelineVersionId: p.guidelineVersionId,
      reason: 'not_covered',
      note: 'Which label?',
      guidelineRef: '',
      createdAt: new Date().toISOString(),
    });
    expect(esc.body.results[0].status).toBe('applied');
    const reviews = await callers.lead.get(`/api/projects/${p.id}/reviews`);
    await ctx.db.insert(goldAnswers).values({ itemId: i3!, projectId: p.id, answer: payload, guidelineVersionId: p.guidelineVersionId });
    const [img] = (await callers.annotator.post(`/api/projects/${demo.imageProjectId}/queue?limit=1`)).body.items;
    f = {
      P: p.id,
      C: c.id,
      item: i3,
      version: p.guidelineVersionId,
      escalation: esc.body.results[0].result.revisionId,
      review: reviews.body.reviews[0].id,
      proposal: randomUUID(),
      asset: assetIdOf(ctx, uid(ANNOTATOR), String(img.image.url).split('/').pop()!),
      assetHandle: String(img.image.url).split('/').pop()!,
      annotatorId: uid(ANNOTATOR),
      spareId,
    };
    const doc = server.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
  }, 120_000);
  afterAll(async () => server?.close());

  it('classifies every registered route: nothing missing from the table, nothing stale in it', () => {
    const documented = new Set(routes);
    const unclassified = routes.filter((r) => !TABLE[r]);
    expect(unclassified, 'new routes: add them to TABLE with who may call them').toEqual([]);
    expect(
      Object.keys(TABLE).filter((r) => !documented.has(r)),
      'routes in TABLE that no longer exist',
    ).toEqual([]);
    // A route hidden from the OpenAPI document would escape the matrix; only known ones may hide.
    const tree = registeredRoutes(server.app.printRoutes({ commonPrefix: false }));
    expect(tree.length).toBeGreaterThan(routes.length);
    expect(tree.filter((r) => !documented.has(r) && !HIDDEN.has(r))).toEqual([]);
  });

  const call = (c: Caller, route: string, projectId: string) => {
    const [method, path] = route.split(' ') as [string, string];
    const rule = TABLE[route]!;
    const url = fill(path, f, projectId) + (rule.query ? `?${fill(rule.query, f, projectId)}` : '');
    return c.request(method, url, rule.body?.(f));
  };

  it('answers 401 to anonymous callers on every non-public route', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const rule = TABLE[route];
      if (!rule || rule.access === 'public') continue;
      const res = await call(callers.anonymous, route, f.P);
      if (res.status !== 401) wrong.push(`${route} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 404 "project not found" to a member of another project, for every project route', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const rule = TABLE[route];
      if (!rule || !Array.isArray(rule.access)) continue;
      const res = await call(callers.outsider, route, f.P);
      if (res.status !== 404 || res.body?.error?.message !== PROJECT_NOT_FOUND) wrong.push(`${route} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses (403) members whose role the route does not allow, and lets the allowed roles through', async () => {
    const wrong: string[] = [];
    const roles = ['annotator', 'lead', 'author'] as const;
    // Refusals first: they must change nothing, so the allowed calls after them see a clean project.
    for (const route of routes) {
      const rule = TABLE[route];
      if (!rule || !Array.isArray(rule.access)) continue;
      for (const role of roles.filter((r) => !(rule.access as readonly Role[]).includes(r))) {
        const res = await call(callers[role], route, f.P);
        if (res.status !== 403 || !ROLE_REFUSAL.test(res.body?.error?.message)) wrong.push(`${role} ${route} → ${res.status} (want 403)`);
      }
    }
    for (const route of routes) {
      const rule = TABLE[route];
      if (!rule || !Array.isArray(rule.access)) continue;
      for (const role of roles.filter((r) => (rule.access as readonly Role[]).includes(r))) {
        const res = await call(callers[role], route, f.P);
        // A 403 for another reason (folder import with no IMPORT_ROOT configured) is not a role refusal.
        const message = res.body?.error?.message;
        const refused = res.status === 401 || (res.status === 403 && ROLE_REFUSAL.test(message)) || (res.status === 404 && message === PROJECT_NOT_FOUND);
        if (refused || res.status >= 500) wrong.push(`${role} ${route} → ${res.status} (want access)`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets no one reach another project’s records through their own project (ids from P under C)', async () => {
    const escalationBefore = (await server.ctx.db.select().from(escalations).where(eq(escalations.id, f.escalation)))[0];
    const wrong: string[] = [];
    for (const route of routes) {
      if (!/\{(itemId|versionId|escalationId|reviewId|proposalId)\}/.test(route)) continue;
      const res = await call(callers.outsider, route, f.C);
      if (res.status < 400 || res.status === 500) wrong.push(`${route} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
    // …and nothing was written on P's records.
    const [gold] = await server.ctx.db.select().from(goldAnswers).where(eq(goldAnswers.itemId, f.item));
    expect(gold?.projectId).toBe(f.P);
    const [e] = await server.ctx.db.select().from(escalations).where(eq(escalations.id, f.escalation));
    expect(e).toEqual(escalationBefore);
  });

  it('lets instance administrators, and only them, call the administration routes', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((r) => TABLE[r]?.access === 'admin')) {
      const refused = await call(callers.lead, route, f.P);
      if (refused.status !== 403 || refused.body?.error?.message !== 'This needs an instance administrator.')
        wrong.push(`lead ${route} → ${refused.status} (want 403)`);
      const allowed = await call(callers.admin, route, f.P);
      if (allowed.status === 401 || allowed.status === 403 || allowed.status >= 500) wrong.push(`admin ${route} → ${allowed.status} (want access)`);
    }
    expect(wrong).toEqual([]);
  });

  it('gives an administrator who is no member the project-administration routes, and 404 on every other project route', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const rule = TABLE[route];
      if (!rule || !Array.isArray(rule.access)) continue;
      const res = await call(callers.admin, route, f.P);
      const notFound = res.status === 404 && res.body?.error?.message === PROJECT_NOT_FOUND;
      if (rule.orAdmin ? notFound || res.status === 403 || res.status >= 500 : !notFound) wrong.push(`${route} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('holds access tokens to their scope: a read-only token may only read, a project-limited one sees other projects as missing', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const rule = TABLE[route];
      if (!rule || rule.access === 'public') continue;
      const write = !route.startsWith('GET ');
      const read = await call(callers.readToken, route, f.P);
      if (write && (read.status !== 403 || !/read-only/.test(read.body?.error?.message))) wrong.push(`read token ${route} → ${read.status} (want 403)`);
      if (!write && Array.isArray(rule.access) && (rule.access as readonly Role[]).includes('lead') && (read.status === 401 || read.status === 403))
        wrong.push(`read token ${route} → ${read.status} (want access)`);
      if (!Array.isArray(rule.access)) continue;
      const limited = await call(callers.otherProjectToken, route, f.P);
      if (limited.status !== 404 || limited.body?.error?.message !== PROJECT_NOT_FOUND) wrong.push(`limited token ${route} → ${limited.status} (want 404)`);
    }
    expect(wrong).toEqual([]);
  });

  it('serves an image asset only to staff of its project (by id) and annotators it is assigned to (by their handle)', async () => {
    const url = `/api/assets/${f.asset}`;
    const handle = `/api/assets/${f.assetHandle}`;
    expect((await callers.annotator.get(handle)).status).toBe(200);
    expect((await callers.lead.get(url)).status).toBe(200);
    expect((await callers.annotator.get(url)).status).toBe(404); // annotators never name an asset by its real id
    expect((await callers.lead.get(handle)).status).toBe(404); // the handle is the annotator's own
    expect((await callers.outsider.get(url)).status).toBe(404);
    expect((await callers.annotator2.get(url)).status).toBe(404); // in the project, but not assigned this item
    expect((await callers.annotator2.get(handle)).status).toBe(404);
    // Their own handle of it decodes to the real asset: only the assignment check can refuse it.
    const theirOwn = annotatorHandles(server.ctx, f.P, server.demo.userIds[ANNOTATOR2] as string).assetUrl(f.asset);
    expect((await callers.annotator2.get(theirOwn)).status).toBe(404);
  });

  it('keeps an annotator’s escalations from other annotators', async () => {
    const mine = await callers.annotator.get(`/api/projects/${f.P}/my-escalations`);
    expect(mine.body.escalations.map((e: { id: string }) => e.id)).toContain(f.escalation);
    const theirs = await callers.annotator2.get(`/api/projects/${f.P}/my-escalations`);
    expect(theirs.status).toBe(200);
    expect(theirs.body.escalations).toEqual([]);
  });

  it('refuses sync mutations that name another user, another account’s mutation id, or a project not the caller’s', async () => {
    const count = async () => (await server.ctx.db.select({ id: annotations.id }).from(annotations)).length;
    const before = await count();
    const [ledgerRow] = await server.ctx.db.select().from(mutations).where(eq(mutations.userId, f.annotatorId)).limit(1);
    const m = submission(f.P, f.item, f.version, payload);
    // The wire format has no user field: a mutation that carries one is not valid at all.
    const withUser = await sync(callers.annotator2, { ...m, userId: f.annotatorId });
    expect(withUser.status).toBe(400);
    // Replaying another account's mutation id does not hand back (or overwrite) their result.
    const replay = await sync(callers.annotator2, { ...m, id: ledgerRow!.id });
    expect(replay.body.results?.[0]?.status ?? replay.status).not.toBe('duplicate');
    expect(JSON.stringify(replay.body)).not.toContain(String((ledgerRow!.result as { revisionId: string }).revisionId));
    // The outsider writes into P: refused.
    const foreign = await sync(callers.outsider, submission(f.P, f.item, f.version, payload));
    expect(foreign.status).toBeGreaterThanOrEqual(400);
    expect(foreign.body.results?.[0]?.status ?? 'rejected').toBe('rejected');
    expect(await count()).toBe(before);
  });
});
