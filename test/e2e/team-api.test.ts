// A team's first day through the API only: a production server (DEMO=0) on an empty database, the
// first administrator made from the setup link in its log, then everything with access tokens —
// an image project with its own labels, an annotator and a lead invited by link, images uploaded,
// labels synced, and a COCO export that carries the project's own category names.
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/domain/ids.ts';
import { removeDir, startServer, type RunningServer } from './harness.ts';

const STRONG = 'a long and private passphrase';

describe('a team sets Touchstone up through the API', () => {
  let server: RunningServer;
  let log = '';

  beforeAll(async () => {
    // A first start migrates an empty database: slow on a busy machine.
    server = await startServer({ env: { DEMO: '0', LOG_LEVEL: 'warn' }, startTimeoutMs: 240_000 });
    server.process.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    if (server) removeDir(server.dataDir);
  });

  /** A JSON call with a token only: no cookie, no CSRF header. */
  const api = (token: string | null) => async (method: string, path: string, body?: unknown) => {
    const res = await fetch(server.url + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const json = text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return { json, headers: res.headers };
  };
  /** Accepting a link signs the person in; they make their own token from that session, then use only it. */
  async function tokenFromLink(cookieHeader: string, name: string) {
    const cookie = cookieHeader.split(';')[0]!;
    const res = await fetch(`${server.url}/api/tokens`, {
      method: 'POST',
      headers: { cookie, 'x-requested-with': 'touchstone', 'content-type': 'application/json' },
      body: JSON.stringify({ name, expiresInDays: 7, scope: 'write' }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { token: string }).token;
  }
  async function accept(link: string, displayName: string) {
    const token = decodeURIComponent(link.split('/').pop()!);
    const res = await fetch(`${server.url}/api/account-links/${token}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'touchstone' },
      body: JSON.stringify({ displayName, password: STRONG }),
    });
    expect(res.status).toBe(200);
    return res.headers.get('set-cookie')!;
  }

  it("goes from an empty database to a COCO export with the project's own categories", async () => {
    const anon = api(null);
    expect((await anon('GET', '/api/setup')).json).toEqual({ needsFirstAdmin: true });
    await expect.poll(() => /open (http\S+\/setup\/\S+)/.exec(log)?.[1], { timeout: 20_000 }).toBeTruthy();
    const setupUrl = /open (http\S+\/setup\/\S+)/.exec(log)![1]!;
    expect(log).toContain('npm run admin -- create-admin');

    // The operator opens the link: the page posts the token with the first administrator's details.
    const first = await fetch(`${server.url}/api/setup/first-admin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'touchstone' },
      body: JSON.stringify({ token: decodeURIComponent(setupUrl.split('/').pop()!), email: 'ops@team.test', displayName: 'Ops', password: STRONG }),
    });
    expect(first.status).toBe(200);
    const adminToken = await tokenFromLink(first.headers.get('set-cookie')!, 'setup script');
    const admin = api(adminToken);

    const project = (
      await admin('POST', '/api/projects', {
        name: 'Shelf audit',
        kind: 'image',
        labelSchema: {
          labels: [
            {
              id: 'bottle',
              name: 'Bottle',
              color: '#1f77b4',
              hotkey: '1',
              tools: ['box'],
              attributes: [{ type: 'boolean', name: 'damaged', title: 'Damaged' }],
            },
            {
              id: 'can',
              name: 'Can',
              color: '#ff7f0e',
              hotkey: '2',
              tools: ['box', 'polygon'],
              attributes: [{ type: 'select', name: 'size', options: ['small', 'large'], default: 'small' }],
            },
            { id: 'carton', name: 'Carton', color: '#2ca02c', hotkey: '3', tools: ['box'], attributes: [{ type: 'text', name: 'brand', maxLength: 40 }] },
          ],
        },
        guideline: {
          sections: [{ id: 'scope', kind: 'definition', title: 'What to box', body: 'Every product facing the camera.', labels: ['bottle', 'can', 'carton'] }],
        },
      })
    ).json as { id: string; guideline: { id: string } };

    const invite = async (email: string, role: string) =>
      (await admin('POST', '/api/admin/invitations', { email, projectRoles: [{ projectId: project.id, role }] })).json.link.url as string;
    const annotatorToken = await tokenFromLink(await accept(await invite('ann@team.test', 'annotator'), 'Ann'), 'labelling');
    const leadToken = await tokenFromLink(await accept(await invite('lee@team.test', 'lead'), 'Lee'), 'pipeline');
    const lead = api(leadToken);
    const annotator = api(annotatorToken);
    expect((await lead('GET', `/api/projects/${project.id}/members`)).json.members.map((m: { email: string; roles: string[] }) => [m.email, m.roles])).toEqual(
      expect.arrayContaining([
        ['ann@team.test', ['annotator']],
        ['lee@team.test', ['lead']],
      ]),
    );

    // The lead uploads three images (multipart, with the token only).
    const form = new FormData();
    form.append('mode', 'all_or_nothing');
    for (const [i, colour] of ['#cc3333', '#33cc33', '#3333cc'].entries()) {
      const png = await sharp({ create: { width: 64 + i, height: 48, channels: 3, background: colour } })
        .png()
        .toBuffer();
      form.append('files', new Blob([new Uint8Array(png)], { type: 'image/png' }), `shelf-${i}.png`);
    }
    const upload = await fetch(`${server.url}/api/projects/${project.id}/items/import/images`, {
      method: 'POST',
      headers: { authorization: `Bearer ${leadToken}` },
      body: form,
    });
    expect(upload.status).toBe(200);
    expect(((await upload.json()) as { imported: number }).imported).toBe(3);

    // The annotator acknowledges the guideline, takes the queue and submits a box on each image.
    await annotator('POST', `/api/projects/${project.id}/guideline/ack`, { versionId: project.guideline.id });
    const items = (await annotator('POST', `/api/projects/${project.id}/queue?limit=10`)).json.items as Array<{ id: string; guidelineVersionId?: string }>;
    expect(items).toHaveLength(3);
    const labels = ['bottle', 'can', 'carton'];
    const now = Date.now();
    const mutations = items.map((item, i) => ({
      id: uuidv7(now, randomBytes(10)),
      type: 'annotation.submit',
      projectId: project.id,
      itemId: item.id,
      guidelineVersionId: project.guideline.id,
      payload: {
        shapes: [{ id: 's1', kind: 'box', label: labels[i], x: 4, y: 4, w: 20, h: 16, attributes: i === 2 ? { brand: 'Acme' } : {} }],
        spans: [],
        classes: [],
      },
      startedAt: new Date(now - 8000).toISOString(),
      submittedAt: new Date(now).toISOString(),
      durationMs: 8000,
    }));
    const synced = (await annotator('POST', '/api/sync', { schemaVersion: 1, mutations })).json.results as Array<{ status: string }>;
    expect(synced.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);

    // The lead exports COCO: the categories are the project's own, and every box is there.
    const coco = (await lead('GET', `/api/projects/${project.id}/export?format=coco`)).json as {
      categories: Array<{ name: string }>;
      annotations: unknown[];
      images: unknown[];
    };
    expect(coco.categories.map((c) => c.name)).toEqual(['Bottle', 'Can', 'Carton']);
    expect(coco.annotations).toHaveLength(3);
    expect(coco.images).toHaveLength(3);
  });
});
