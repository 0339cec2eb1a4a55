import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueOf } from './fixtures.ts';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-content.ts';
import { ANNOTATOR, startTestServer, type TestServer } from './harness.ts';

// Every response carries the strict policy, whatever answered it (a route, an error, an
// image), and the session cookie takes the Secure flag in production. The page itself is checked in
// Chromium by test/e2e/xss.test.ts. Headers do not depend on the database engine: PGlite only.
function expectStrictHeaders(headers: Record<string, unknown>) {
  const csp = String(headers['content-security-policy'] ?? '');
  const directive = (name: string) =>
    csp
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith(`${name} `)) ?? '';
  expect(directive('script-src')).toBe("script-src 'self'");
  expect(directive('object-src')).toBe("object-src 'none'");
  expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
  expect(csp).not.toMatch(/unsafe-eval/);
  expect(headers['x-content-type-options']).toBe('nosniff');
}

describe('security headers and cookie flags', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(async () => server?.close());

  it('sends a strict Content-Security-Policy and nosniff on answers, errors and images', async () => {
    const annotator = await server.as(ANNOTATOR);
    const ok = await annotator.get('/api/projects');
    expect(ok.status).toBe(200);
    expectStrictHeaders(ok.headers);

    const anonymous = await server.anonymous().get('/api/projects');
    expect(anonymous.status).toBe(401);
    expectStrictHeaders(anonymous.headers);

    const missing = await annotator.get('/api/no-such-route');
    expect(missing.status).toBe(404);
    expectStrictHeaders(missing.headers);

    const { items } = await queueOf(annotator, server.demo.imageProjectId);
    const image = await annotator.get(items[0]!.image!.url);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toMatch(/^image\/(jpeg|png|webp)$/);
    expectStrictHeaders(image.headers);
  });

  it('marks the session cookie Secure when the server runs for production, httpOnly and SameSite=Strict always', async () => {
    const plain = await server.anonymous().post('/api/auth/login', { email: ANNOTATOR, password: DEMO_PASSWORD });
    expect(String(plain.headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
    const secure = server.ctx.config.secureCookies;
    server.ctx.config.secureCookies = true;
    try {
      const res = await server.anonymous().post('/api/auth/login', { email: ANNOTATOR, password: DEMO_PASSWORD });
      expect(res.status).toBe(200);
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
      expect(cookie).toMatch(/;\s*SameSite=Strict/i);
    } finally {
      server.ctx.config.secureCookies = secure;
    }
  });
});
