// Route guards (the write-header check and default deny) judge the path the router matched, not the
// raw URL: a percent-encoded letter in the path reaches the same handler and must meet the same guards.
// Guards do not depend on the database engine: PGlite only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANNOTATOR, startTestServer, type TestServer } from './harness.ts';

describe('route guards on the routed path', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(async () => server?.close());

  const encodings = ['/%61pi/auth/logout', '/api/auth/%6cogout', '/%61%70%69/auth/logout', '/api/%61uth/logout'];

  it.each(encodings)('refuses a write without the header at %s', async (url) => {
    const annotator = await server.as(ANNOTATOR);
    const res = await server.app.inject({ method: 'POST', url, headers: { cookie: annotator.cookie as string } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/x-requested-with/);
    // The session survived: the handler never ran.
    expect((await annotator.get('/api/auth/me')).status).toBe(200);
  });

  it.each(['/%61pi/projects', '/api/%70rojects', '/%61pi/auth/me'])('asks for a session at %s', async (url) => {
    const res = await server.anonymous().get(url);
    expect(res.status).toBe(401);
  });

  it('lets an encoded path through when it meets the guards', async () => {
    const annotator = await server.as(ANNOTATOR);
    expect((await annotator.get('/%61pi/projects')).status).toBe(200);
  });
});
