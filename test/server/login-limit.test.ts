// The login rate limit: 5 failures per account and address, 30 per address and 50 per
// account in 15 minutes; a locked caller gets 429 with Retry-After even with the right password,
// the lock is audited once and lifts as the window slides; unknown emails cost a real hash.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_LIMITS, LOGIN_WINDOW_MS } from '../../src/server/auth/login-limit.ts';
import { auditLog, loginFailures } from '../../src/server/db/schema.ts';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-content.ts';
import { ANNOTATOR, ANNOTATOR2, AUTHOR, LEAD, engines, startTestServer, type TestServer } from './harness.ts';

describe.each(engines)('login rate limit on %s', (engine) => {
  let server: TestServer;
  let clock = new Date('2026-11-23T08:00:00Z').getTime();
  const advance = (ms: number) => {
    clock += ms;
  };
  beforeAll(async () => {
    server = await startTestServer(engine, { now: () => new Date(clock) });
  });
  afterAll(async () => server?.close());

  const login = async (email: string, password: string, ip: string) => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: ip,
      headers: { 'content-type': 'application/json', 'x-requested-with': 'touchstone' },
      payload: JSON.stringify({ email, password }),
    });
    return { status: res.statusCode, body: res.json(), retryAfter: res.headers['retry-after'] };
  };
  const seedFailures = async (n: number, who: (k: number) => { email: string; ip: string }) => {
    const at = new Date(clock - 1000);
    await server.ctx.db.insert(loginFailures).values(Array.from({ length: n }, (_, k) => ({ ...who(k), at })));
  };
  const locks = async (email: string) =>
    (
      await server.ctx.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'login_locked')))
    ).filter((r) => r.details.email === email);

  it('locks an account from one address after 5 failures, even for the right password, with Retry-After, audited once', async () => {
    const ip = '10.0.0.1';
    for (let k = 0; k < LOGIN_LIMITS.accountAndIp; k++) expect((await login(ANNOTATOR, 'wrong', ip)).status).toBe(401);
    const locked = await login(ANNOTATOR, DEMO_PASSWORD, ip);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    expect(locked.body.error.message).toMatch(/Too many failed sign-ins for this account from your network\. Try again in 15 minutes/);
    expect(Number(locked.retryAfter)).toBe(LOGIN_WINDOW_MS / 1000);
    expect((await login(ANNOTATOR, 'wrong', ip)).status).toBe(429);
    const audited = await locks(ANNOTATOR);
    expect(audited).toHaveLength(1);
    expect(audited[0]?.details).toMatchObject({ ip, scope: 'accountAndIp' });
    // The same account from elsewhere, and other accounts from here, are not locked.
    expect((await login(ANNOTATOR, DEMO_PASSWORD, '10.0.0.2')).status).toBe(200);
    expect((await login(LEAD, DEMO_PASSWORD, ip)).status).toBe(200);

    // The window slides: one minute before the first failure leaves it, still locked; after, free.
    advance(LOGIN_WINDOW_MS - 60_000);
    const later = await login(ANNOTATOR, DEMO_PASSWORD, ip);
    expect(later.status).toBe(429);
    expect(Number(later.retryAfter)).toBeLessThanOrEqual(60);
    advance(61_000);
    expect((await login(ANNOTATOR, DEMO_PASSWORD, ip)).status).toBe(200);
  });

  it('forgives typos after a successful sign-in from the same address', async () => {
    const ip = '10.0.1.1';
    for (let k = 0; k < LOGIN_LIMITS.accountAndIp - 1; k++) expect((await login(AUTHOR, 'wrong', ip)).status).toBe(401);
    expect((await login(AUTHOR, DEMO_PASSWORD, ip)).status).toBe(200);
    for (let k = 0; k < LOGIN_LIMITS.accountAndIp - 1; k++) expect((await login(AUTHOR, 'wrong', ip)).status).toBe(401);
    expect((await login(AUTHOR, DEMO_PASSWORD, ip)).status).toBe(200);
  });

  it('locks an address that sprays many accounts, but only for accounts that have failed', async () => {
    const ip = '10.0.2.1';
    // Earlier failures written straight to the table (30 scrypt hashes would only slow the test),
    // then the last one through the API, which locks.
    await seedFailures(LOGIN_LIMITS.ip - 1, (k) => ({ email: `nobody${k}@spray.test`, ip }));
    expect((await login(`nobody${LOGIN_LIMITS.ip - 1}@spray.test`, 'guess', ip)).status).toBe(401);
    expect((await locks(`nobody${LOGIN_LIMITS.ip - 1}@spray.test`))[0]?.details).toMatchObject({ scope: 'ip' });
    // An account sprayed at is refused from here…
    const res = await login('nobody3@spray.test', 'guess', ip);
    expect(res.status).toBe(429);
    expect(res.body.error.message).toMatch(/Too many failed sign-ins from your network/);
    // …an account nobody has failed at still signs in from the same address (a colleague behind
    // the same proxy), and a sprayer gets one guess at a new account, not five.
    expect((await login(ANNOTATOR2, DEMO_PASSWORD, ip)).status).toBe(200);
    expect((await login('fresh@spray.test', 'guess', ip)).status).toBe(401);
    expect((await login('fresh@spray.test', 'guess', ip)).status).toBe(429);
    expect((await login(ANNOTATOR2, DEMO_PASSWORD, '10.0.2.2')).status).toBe(200);
    advance(LOGIN_WINDOW_MS + 1000);
  });

  it('evaluates at most the limit of 40 concurrent wrong passwords (each attempt reserves its place first)', async () => {
    const ip = '10.0.4.1';
    const answers = await Promise.all(Array.from({ length: 40 }, () => login(AUTHOR, 'wrong', ip)));
    const evaluated = answers.filter((a) => a.status === 401).length;
    expect(evaluated).toBeLessThanOrEqual(LOGIN_LIMITS.accountAndIp);
    expect(evaluated).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(40 - evaluated);
    expect(await locks(AUTHOR)).toHaveLength(evaluated === LOGIN_LIMITS.accountAndIp ? 1 : 0);
    advance(LOGIN_WINDOW_MS + 1000);
  });

  it('locks an account guessed at from many addresses', async () => {
    await seedFailures(LOGIN_LIMITS.account - 1, (k) => ({ email: LEAD, ip: `10.1.${Math.floor(k / 4)}.${k % 4}` }));
    expect((await login(LEAD, 'guess', '10.1.200.1')).status).toBe(401);
    const res = await login(LEAD, DEMO_PASSWORD, '10.9.9.9');
    expect(res.status).toBe(429);
    expect(res.body.error.message).toMatch(/Too many failed sign-ins for this account\./);
    expect((await locks(LEAD))[0]?.details).toMatchObject({ scope: 'account' });
    advance(LOGIN_WINDOW_MS + 1000);
    expect((await login(LEAD, DEMO_PASSWORD, '10.9.9.9')).status).toBe(200);
  });

  it('spends a real password hash on unknown emails (no fast "no such user" answer)', async () => {
    const time = async (email: string, ip: string) => {
      const t0 = performance.now();
      expect((await login(email, 'wrong', ip)).status).toBe(401);
      return performance.now() - t0;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let k = 0; k < 5; k++) {
      known.push(await time(ANNOTATOR2, `10.3.0.${k}`));
      unknown.push(await time(`ghost${k}@nowhere.test`, `10.3.1.${k}`));
    }
    // scrypt (32 MiB) dominates both; without the dummy hash the unknown answer is ~50× faster.
    expect(median(unknown)).toBeGreaterThan(0.4 * median(known));
  });
});
