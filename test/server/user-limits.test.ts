// One user cannot stall the server: 200 concurrent queue fetches from one annotator are mostly
// refused at once with 429 and Retry-After, while another user's request goes through; the per-minute
// allowance refills. PGlite only: the limits live in the process, not the database.
import fc from 'fast-check';
import type { ClientRequest } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { loadConfig, type ServerConfig } from '../../src/server/config.ts';
import { installCredentialLimits, installUserLimits, UserLimiter, type Refusal } from '../../src/server/http/user-limits.ts';
import { WorkGate } from '../../src/server/http/work-gate.ts';
import { ANNOTATOR, ANNOTATOR2, startTestServer, type TestServer } from './harness.ts';

/**
 * A bare app with both limits around a stand-in for the session lookup, registered between them as
 * the server registers the real one: for the tests that look at the hooks themselves.
 */
async function limitedApp(
  config: Pick<ServerConfig, 'userMaxConcurrent' | 'userRatePerMinute' | 'userMaxActive'>,
  lookup: (req: FastifyRequest) => Promise<void>,
) {
  const { default: Fastify } = await import('fastify');
  const { default: fastifyCookie } = await import('@fastify/cookie');
  const app = Fastify();
  await app.register(fastifyCookie);
  const ctx = { config, now: () => new Date() } as never;
  installCredentialLimits(app, ctx, 'ts_session');
  app.addHook('onRequest', lookup);
  installUserLimits(app, ctx);
  return app;
}

describe('per-user limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', {}, { config: { userMaxConcurrent: 16, userRatePerMinute: 600 } });
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
    // Slots are given back: once its requests are answered, the flooder is not refused for requests
    // under way (it may be for its allowance, which a flood of heavy requests has spent).
    const again = await flooder.post(url);
    expect(again.status === 200 || (again.status === 429 && /a minute/.test(again.body.error.message))).toBe(true);
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

  it('spreads the holds of refusals asked for again at once, so held refusals do not come back as one wave', () => {
    const limiter = new UserLimiter(1, 600);
    const holds = Array.from({ length: 200 }, (_, i) => {
      const user = `flooder-${i}`;
      limiter.acquire(user, 0); // its one request under way
      expect(limiter.acquire(user, 0)).toMatchObject({ retryAfterSeconds: 1, holdMs: 0 }); // the first refusal, at once
      const again = limiter.acquire(user, 0) as Refusal; // asked again at once: held
      return again.holdMs;
    });
    // Half to one and a half times the one-second wait: never all on one tick.
    for (const h of holds) expect(h >= 500 && h < 1_500).toBe(true);
    expect(Math.max(...holds) - Math.min(...holds)).toBeGreaterThan(500);
    // A long wait (over its per-minute allowance: 15 s) is held about 2 s, spread the same way.
    const slow = new UserLimiter(100, 4);
    const long = Array.from({ length: 200 }, (_, i) => {
      const user = `heavy-${i}`;
      slow.acquire(user, 0); // its burst of one
      expect(slow.acquire(user, 0)).toMatchObject({ retryAfterSeconds: 15, holdMs: 0 });
      return (slow.acquire(user, 0) as Refusal).holdMs;
    });
    for (const h of long) expect(h >= 1_000 && h < 3_000).toBe(true);
    expect(Math.max(...long) - Math.min(...long)).toBeGreaterThan(1_000);
  });

  it('works one request of an account at a time, on either database, unless told', () => {
    expect(loadConfig({}).userMaxActive).toBe(1);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/touchstone' }).userMaxActive).toBe(1);
    expect(loadConfig({ USER_MAX_ACTIVE: '3' }).userMaxActive).toBe(3);
  });

  it('a clock that steps back drains nothing: the allowance stays as it was', () => {
    const limiter = new UserLimiter(100, 60);
    const first = limiter.acquire('u', 1_000_000);
    expect(first).not.toHaveProperty('retryAfterSeconds');
    // An hour back (an NTP step, a test's clock): the bucket must not go hugely negative.
    for (let i = 0; i < 10; i++) {
      const got = limiter.acquire('u', 1_000_000 - 3_600_000);
      expect(got).not.toHaveProperty('retryAfterSeconds');
      if (!('retryAfterSeconds' in got)) limiter.release(got);
    }
  });
});

describe('an account over its per-minute allowance', () => {
  let server: TestServer;
  beforeAll(async () => {
    // 4 a minute: a burst of one, then one every 15 s.
    server = await startTestServer('pglite', {}, { config: { userMaxConcurrent: 16, userRatePerMinute: 4 } });
  });
  afterAll(async () => server?.close());

  it('is refused on its credential before any session lookup: a made-up cookie gets 429, not a lookup and 401', async () => {
    const stranger = server.anonymous();
    stranger.cookie = 'ts_session=made-up-token';
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await stranger.get('/api/auth/me')).status);
    // The first is looked up (and is nobody's); the next are refused before the database is asked.
    expect(answers[0]).toBe(401);
    expect(answers.slice(1)).toEqual([429, 429]);
  });

  it('keys a made-up credential by its first 256 characters, so a long one cannot keep a long key', async () => {
    const long = (end: string) => {
      const caller = server.anonymous();
      caller.cookie = `ts_session=${'x'.repeat(300)}${end}`;
      return caller;
    };
    expect((await long('a').get('/api/auth/me')).status).toBe(401);
    // Another credential with the same first 256 characters shares the (now empty) bucket.
    expect((await long('b').get('/api/auth/me')).status).toBe(429);
  });

  it('holds the refusal of a client that does not wait for its Retry-After, and answers one that waits at once', async () => {
    const caller = await server.as(ANNOTATOR2);
    const url = '/api/projects';
    expect((await caller.get(url)).status).toBe(200); // the burst of one
    // The first refusal comes at once.
    let t = performance.now();
    const first = await caller.get(url);
    expect(first.status).toBe(429);
    expect(performance.now() - t).toBeLessThan(1_000);
    // Asked again at once, ignoring Retry-After: held (at least 1 s of the 2 s at most, spread at
    // random) before the same answer.
    t = performance.now();
    const again = await caller.get(url);
    expect(again.status).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(performance.now() - t).toBeGreaterThanOrEqual(950);
  });
});

describe('the app’s own files', () => {
  let server: TestServer;
  let clientDir: string;
  beforeAll(async () => {
    clientDir = mkdtempSync(path.join(tmpdir(), 'touchstone-client-'));
    mkdirSync(path.join(clientDir, 'assets'));
    writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Touchstone</title>');
    writeFileSync(path.join(clientDir, 'assets', 'chunk.js'), 'export {};');
    // A burst of 15 requests: a cold open of the app alone fetches more files than that.
    server = await startTestServer('pglite', {}, { config: { clientDir, userRatePerMinute: 60, userMaxConcurrent: 16 } });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(clientDir, { recursive: true, force: true });
  });

  it('are not counted against the signed-in account: a cold open of the app is not refused', async () => {
    const annotator = await server.as(ANNOTATOR);
    // Four cold opens in a minute, each fetching the shell and its chunks with the session cookie.
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => annotator.get(i % 6 === 0 ? `/projects/${server.demo.imageProjectId}/annotate` : '/assets/chunk.js')),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(60).fill(200));
    // The API is still held to the allowance, under an encoded path too (the routed path decides).
    const paths = Array.from({ length: 30 }, (_, i) => (i % 2 ? '/%61pi/auth/me' : '/api/auth/me'));
    const api = await Promise.all(paths.map((p) => annotator.get(p)));
    expect(api.filter((a, i) => a.status === 429 && paths[i] === '/api/auth/me').length).toBeGreaterThan(0);
    expect(api.filter((a, i) => a.status === 429 && paths[i] === '/%61pi/auth/me').length).toBeGreaterThan(0);
  });
});

describe('the work gate', () => {
  const flush = () => new Promise((r) => setTimeout(r, 0));

  it('lets two requests of one account work at once; the rest start in arrival order as turns end', async () => {
    const gate = new WorkGate(2);
    const started: number[] = [];
    const withdrawn: number[] = [];
    const tickets = Array.from({ length: 5 }, (_, i) => {
      const t = gate.ticket('flooder');
      t.ready.then(
        () => started.push(i),
        () => withdrawn.push(i),
      );
      return t;
    });
    const other = gate.ticket('quiet');
    let otherStarted = false;
    void other.ready.then(() => (otherStarted = true));
    await flush();
    expect(started).toEqual([0, 1]);
    expect(otherStarted).toBe(true); // another account never waits behind the flooder's line
    tickets[1]!.done();
    await flush();
    expect(started).toEqual([0, 1, 2]);
    tickets[3]!.done(); // aborted while waiting: it leaves the line and never starts
    tickets[0]!.done();
    await flush();
    expect(started).toEqual([0, 1, 2, 4]);
    expect(withdrawn).toEqual([3]);
    for (const t of [...tickets, other]) t.done();
    expect(gate.size).toBe(0);
  });

  it('never has more than its limit working, starts every ticket that is not withdrawn, and empties', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.oneof(fc.constant({ op: 'ticket' as const, n: 0 }), fc.record({ op: fc.constant('done' as const), n: fc.nat() })), { maxLength: 60 }),
        async (limit, ops) => {
          const gate = new WorkGate(limit);
          const tickets: Array<{ done: () => void; started: boolean; ended: boolean; order: number }> = [];
          const startOrder: number[] = [];
          for (const step of ops) {
            if (step.op === 'ticket') {
              const t = gate.ticket('k');
              const entry = { done: t.done, started: false, ended: false, order: tickets.length };
              tickets.push(entry);
              t.ready.then(
                () => {
                  if (!entry.ended) {
                    entry.started = true;
                    startOrder.push(entry.order);
                  }
                },
                () => expect(entry.ended).toBe(true),
              );
            } else if (tickets.length > 0) {
              const t = tickets[step.n % tickets.length]!;
              t.done();
              t.ended = true;
            }
            await flush();
            const working = tickets.filter((t) => t.started && !t.ended).length;
            expect(working).toBeLessThanOrEqual(limit);
            // Waiting while a turn is free would be a stall.
            const waiting = tickets.filter((t) => !t.started && !t.ended).length;
            if (waiting > 0) expect(working).toBe(limit);
          }
          expect(startOrder).toEqual([...startOrder].sort((a, b) => a - b));
          for (const t of tickets) t.done();
          expect(gate.size).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('an account whose requests are heavy', () => {
  it('is charged by the server time its requests take, not only by their number', async () => {
    const { default: Fastify } = await import('fastify');
    const { installUserLimits, MS_PER_TOKEN } = await import('../../src/server/http/user-limits.ts');
    const app = Fastify();
    app.addHook('onRequest', async (req) => {
      req.user = { id: 'heavy-user' } as never;
    });
    // A burst of 15 tokens, refilled one a second: fifteen quick requests, or two that take 500 ms.
    const config = { userMaxConcurrent: 16, userRatePerMinute: 60, userMaxActive: 2 };
    installUserLimits(app, { config, now: () => new Date() } as never);
    app.get('/api/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 10 * MS_PER_TOKEN));
      return {};
    });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await app.inject({ method: 'GET', url: '/api/slow' })).statusCode);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await app.close();
    }
  });

  it('is charged for the whole work of a request it gave up on: an abort ends neither the work nor its charge', async () => {
    const { default: Fastify } = await import('fastify');
    const http = await import('node:http');
    const { installUserLimits, MS_PER_TOKEN } = await import('../../src/server/http/user-limits.ts');
    const app = Fastify();
    app.addHook('onRequest', async (req) => {
      req.user = { id: 'aborting-user' } as never;
    });
    installUserLimits(app, { config: { userMaxConcurrent: 16, userRatePerMinute: 60, userMaxActive: 2 }, now: () => new Date() } as never);
    let finished = 0;
    app.get('/api/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 10 * MS_PER_TOKEN));
      finished++;
      return {};
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    try {
      // Two slow requests, each given up on 20 ms after it was sent.
      for (let i = 0; i < 2; i++) {
        const req = http.get(`http://127.0.0.1:${port}/api/slow`);
        req.on('error', () => undefined);
        await new Promise((resolve) => setTimeout(resolve, 20));
        req.destroy();
      }
      await expect.poll(() => finished, { timeout: 5_000 }).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const third = await new Promise<number>((resolve, reject) =>
        http.get(`http://127.0.0.1:${port}/api/slow`, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject),
      );
      expect(third).toBe(429);
    } finally {
      await app.close();
    }
  });

  it('is charged on its credential too, so once spent it is refused before its session is looked up', async () => {
    const { MS_PER_TOKEN } = await import('../../src/server/http/user-limits.ts');
    let lookups = 0;
    // The session lookup (a database query in the server), counted.
    const app = await limitedApp({ userMaxConcurrent: 16, userRatePerMinute: 60, userMaxActive: 2 }, async (req) => {
      lookups++;
      req.user = { id: 'heavy-user' } as never;
    });
    app.get('/api/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 10 * MS_PER_TOKEN));
      return {};
    });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await app.inject({ method: 'GET', url: '/api/slow', cookies: { ts_session: 'the-session' } })).statusCode);
      expect(statuses).toEqual([200, 200, 429]);
      expect(lookups).toBe(2);
    } finally {
      await app.close();
    }
  });

  it('looks up the sessions of only as many of one credential’s requests at once as may work at once', async () => {
    // From its session lookup (a database query in the server) to the end of its handler.
    let past = 0;
    let mostAtOnce = 0;
    const app = await limitedApp({ userMaxConcurrent: 16, userRatePerMinute: 600, userMaxActive: 2 }, async (req) => {
      mostAtOnce = Math.max(mostAtOnce, ++past);
      req.user = { id: 'flooding-user' } as never;
    });
    app.get('/api/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      past--;
      return {};
    });
    try {
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => app.inject({ method: 'GET', url: '/api/slow', cookies: { ts_session: 'the-session' } })),
      );
      expect(answers.map((a) => a.statusCode)).toEqual(Array(12).fill(200));
      // Twelve admitted requests: before, all twelve sessions were looked up at once.
      expect(mostAtOnce).toBe(2);
    } finally {
      await app.close();
    }
  });

  it('keeps the bound on lookups, and locks nobody out, when requests are given up on during their session lookup', async () => {
    const http = await import('node:http');
    let looking = 0;
    let mostAtOnce = 0;
    let lookups = 0;
    // A slow session lookup (a database query on a busy server).
    const app = await limitedApp({ userMaxConcurrent: 3, userRatePerMinute: 600, userMaxActive: 2 }, async (req) => {
      mostAtOnce = Math.max(mostAtOnce, ++looking);
      await new Promise((resolve) => setTimeout(resolve, 50));
      looking--;
      lookups++;
      req.user = { id: 'impatient-user' } as never;
    });
    app.get('/api/quick', async () => ({}));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const get = (onSent?: (req: ClientRequest) => void) =>
      new Promise<number>((resolve) => {
        const req = http.get(
          { port, host: '127.0.0.1', path: '/api/quick', headers: { cookie: 'ts_session=the-session' } },
          (res) => (res.resume(), resolve(res.statusCode ?? 0)),
        );
        req.on('error', () => resolve(0));
        onSent?.(req);
      });
    try {
      // Three rounds 25 ms apart of two requests, each given up on 20 ms after it was sent: mid-lookup,
      // or waiting its turn.
      const given: Array<Promise<number>> = [];
      for (let round = 0; round < 3; round++) {
        for (let k = 0; k < 2; k++) given.push(get((req) => setTimeout(() => req.destroy(), 20)));
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await Promise.all(given);
      await expect.poll(() => looking, { timeout: 5_000 }).toBe(0);
      expect(mostAtOnce).toBeLessThanOrEqual(2);
      // Before, each one aborted during its lookup kept an account slot for good: after three, every
      // request of the account was refused.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await get()).toBe(200);
      expect(await get()).toBe(200);
      expect(lookups).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });

  it('costs one token a request up to the server time one token pays for, then one per that time, bounded', async () => {
    const { extraTokensFor, MS_PER_TOKEN, MAX_TOKENS_PER_REQUEST } = await import('../../src/server/http/user-limits.ts');
    expect(extraTokensFor(MS_PER_TOKEN / 2)).toBe(0);
    expect(extraTokensFor(MS_PER_TOKEN)).toBe(0);
    expect(extraTokensFor(5 * MS_PER_TOKEN)).toBe(4);
    expect(extraTokensFor(1_000 * MS_PER_TOKEN)).toBe(MAX_TOKENS_PER_REQUEST - 1);
  });
});
