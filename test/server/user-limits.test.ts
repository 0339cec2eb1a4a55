// One user cannot stall the server: 200 concurrent queue fetches from one annotator are mostly
// refused at once with 429 and Retry-After, while another user's request goes through; the per-minute
// allowance refills. PGlite only: the limits live in the process, not the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserLimiter } from '../../src/server/http/user-limits.ts';
import { ANNOTATOR, ANNOTATOR2, startTestServer, type TestServer } from './harness.ts';

describe('per-user limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(async () => server?.close());

  it('refuses a flood of one account with 429 and Retry-After, and serves another account meanwhile', async () => {
    const flooder = await server.as(ANNOTATOR);
    const other = await server.as(ANNOTATOR2);
    const url = `/api/projects/${server.demo.imageProjectId}/queue?limit=20`;
    const flood = Array.from({ length: 200 }, () => flooder.post(url));
    const quiet = other.post(url);
    const answers = await Promise.all(flood);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(200 - server.ctx.config.userMaxConcurrent);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(r.body.error.code).toBe('rate_limited');
    }
    expect(refused[0]?.body.error.message).toMatch(/at most \d+ at once/);
    expect((await quiet).status).toBe(200);
    // Slots are given back: the flooder may work again once its requests are answered.
    expect((await flooder.post(url)).status).toBe(200);
  });

  it('holds an account to its per-minute allowance, refilled steadily', () => {
    const limiter = new UserLimiter(100, 60);
    let t = 0;
    const take = () => limiter.acquire('u', t);
    const got = Array.from({ length: 20 }, take);
    for (const g of got) if (!('retryAfterSeconds' in g)) limiter.release(g);
    expect(got.filter((g) => !('retryAfterSeconds' in g))).toHaveLength(15); // a quarter-minute burst
    const refused = take();
    expect(refused).toMatchObject({ retryAfterSeconds: 1 });
    t += 1000;
    expect('retryAfterSeconds' in take()).toBe(false);
    expect(limiter.acquire('someone-else', t)).not.toHaveProperty('retryAfterSeconds');
  });
});
