// Durability where it is promised: the real server process takes labels through
// /api/sync from several concurrent writers, is killed with SIGKILL in the middle of the stream,
// and restarted on the same data; every label it acknowledged must be there. On PGlite this holds
// because each commit's WAL is written (not fsynced — see README "Durability") before the answer;
// on PostgreSQL because the answer comes after the commit.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeDir, startServer, type RunningServer } from '../e2e/harness.ts';
import { ANNOTATOR, LEAD, engines, openTestDatabase } from './harness.ts';
import { submission } from './fixtures.ts';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-content.ts';

async function signIn(server: RunningServer, email: string) {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'touchstone' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return {
    get: async (url: string) => (await fetch(`${server.url}${url}`, { headers: { cookie } })).json(),
    post: (url: string, body: unknown) =>
      fetch(`${server.url}${url}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-requested-with': 'touchstone' },
        body: JSON.stringify(body),
      }),
  };
}

describe.each(engines)('acknowledged labels survive kill -9 of the server on %s', (engine) => {
  it('keeps every acknowledged revision after SIGKILL mid-stream and a restart', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'touchstone-durability-'));
    const pg = engine === 'postgres' ? await openTestDatabase('postgres') : undefined;
    await pg?.database.close();
    const env: Record<string, string> = pg?.url ? { DATABASE_URL: pg.url } : {};
    let server: RunningServer | undefined;
    try {
      server = await startServer({ dataDir, env });
      const annotator = await signIn(server, ANNOTATOR);
      const { projects } = await annotator.get('/api/projects');
      const project = projects.find((p: { kind: string }) => p.kind === 'text');
      const detail = await annotator.get(`/api/projects/${project.id}`);
      const queue = await (await annotator.post(`/api/projects/${project.id}/queue?limit=10`, {})).json();
      const itemIds: string[] = queue.items.map((i: { id: string }) => i.id);
      expect(itemIds.length).toBeGreaterThan(3);

      // Four writers send one submission per request (each a new revision of an item) until the
      // server dies; the kill goes out as soon as the 24th acknowledgement is in.
      const acked = new Set<string>();
      const running = server;
      let killed = false;
      const writer = async (w: number) => {
        for (let k = 0; !killed; k++) {
          const m = submission(project.id, itemIds[(w + k) % itemIds.length]!, detail.guideline.id, { classes: [['politics', 'sports', 'science'][k % 3]!] });
          try {
            const res = await annotator.post('/api/sync', { schemaVersion: 1, mutations: [m] });
            const body = await res.json();
            if (res.status === 200 && body.results[0].status === 'applied') acked.add(body.results[0].result.revisionId);
            else throw new Error(`not applied: ${res.status} ${JSON.stringify(body)}`);
          } catch (e) {
            if (killed) return; // the connection died with the server: not acknowledged
            throw e;
          }
          if (acked.size >= 24 && !killed) {
            killed = true;
            running.process.kill('SIGKILL');
          }
        }
      };
      await Promise.all([0, 1, 2, 3].map(writer));
      await server.stop('SIGKILL');
      expect(acked.size).toBeGreaterThanOrEqual(24);

      server = await startServer({ dataDir, env });
      const lead = await signIn(server, LEAD);
      const stored = await lead.get(`/api/projects/${project.id}/annotations?limit=1000`);
      const ids = new Set(stored.annotations.map((a: { id: string }) => a.id));
      const lost = [...acked].filter((id) => !ids.has(id));
      expect(lost).toEqual([]);
    } finally {
      await server?.stop();
      removeDir(dataDir);
      await pg?.drop();
    }
  }, 120_000);
});
