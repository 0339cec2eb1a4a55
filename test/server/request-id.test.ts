// Every answer carries its request's id in X-Request-Id: a new UUID, or the caller's (a proxy's)
// when it is a short plain token; anything else (spaces, line breaks, too long) is replaced, never
// written into the logs. PGlite only: no engine logic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOTATOR, startTestServer, type TestServer } from './harness.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(async () => server?.close());

  it('answers every request with its id, refused ones included', async () => {
    const ok = await server.anonymous().get('/api/health');
    const refused = await server.anonymous().get('/api/projects');
    const missing = await (await server.as(ANNOTATOR)).get('/api/no-such-route');
    expect(refused.status).toBe(401);
    expect(missing.status).toBe(404);
    for (const res of [ok, refused, missing]) expect(res.headers['x-request-id']).toMatch(UUID);
    expect(new Set([ok, refused, missing].map((r) => r.headers['x-request-id'])).size).toBe(3);
  });

  it("keeps a proxy's plain id and replaces anything else", async () => {
    const anon = server.anonymous();
    expect((await anon.request('GET', '/api/health', undefined, { 'x-request-id': 'lb-7f3a.1:9' })).headers['x-request-id']).toBe('lb-7f3a.1:9');
    for (const bad of ['two words', 'x'.repeat(65), 'a"b', '']) {
      expect((await anon.request('GET', '/api/health', undefined, { 'x-request-id': bad })).headers['x-request-id']).toMatch(UUID);
    }
  });
});
