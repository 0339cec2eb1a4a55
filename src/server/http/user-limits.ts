// Per-user limits: how many requests one account may have in flight at once, and how many it may
// start per minute (a token bucket: a burst of a quarter-minute's allowance, refilled steadily).
// Over either, the request is refused at once with 429 and Retry-After — before its body is read,
// before any query — so one account (a flood, a runaway script, a stolen token) cannot take the
// server's time from everybody else. Keyed by user id, so a session and an access token of the same
// account share one allowance.
//
// The counters live in this process. Several server processes behind one proxy each keep their own:
// an account gets up to (processes × limit). That is a bound, not a drift: each process still
// protects its own event loop, which is what the limit is for.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { HttpError } from './errors.ts';

interface Allowance {
  inFlight: number;
  tokens: number;
  refilledAt: number;
}

const held = Symbol('user-limit-slot');
type Held = FastifyRequest & { [held]?: Allowance };

export class UserLimiter {
  private readonly byUser = new Map<string, Allowance>();
  private readonly burst: number;
  constructor(
    private readonly maxConcurrent: number,
    private readonly perMinute: number,
  ) {
    this.burst = Math.max(1, Math.ceil(perMinute / 4));
  }

  /** Takes a slot and a token, or says how many seconds to wait. */
  acquire(userId: string, nowMs: number): Allowance | { retryAfterSeconds: number; reason: string } {
    let a = this.byUser.get(userId);
    if (!a) this.byUser.set(userId, (a = { inFlight: 0, tokens: this.burst, refilledAt: nowMs }));
    // A clock that steps back (an NTP correction, a test's clock) refills nothing rather than draining the bucket.
    a.tokens = Math.min(this.burst, a.tokens + (Math.max(0, nowMs - a.refilledAt) * this.perMinute) / 60_000);
    a.refilledAt = Math.max(a.refilledAt, nowMs);
    if (a.inFlight >= this.maxConcurrent)
      return { retryAfterSeconds: 1, reason: `You have ${a.inFlight} requests under way; at most ${this.maxConcurrent} at once.` };
    if (a.tokens < 1)
      return {
        retryAfterSeconds: Math.max(1, Math.ceil(((1 - a.tokens) * 60) / this.perMinute)),
        reason: `More than ${this.perMinute} requests a minute from your account.`,
      };
    a.tokens -= 1;
    a.inFlight += 1;
    return a;
  }

  release(a: Allowance): void {
    a.inFlight = Math.max(0, a.inFlight - 1);
  }

  forget(key: string): void {
    this.byUser.delete(key);
  }

  /** Drops idle accounts whose bucket is full again (keeps the map small). */
  prune(nowMs: number): void {
    for (const [id, a] of this.byUser) {
      if (a.inFlight === 0 && a.tokens + ((nowMs - a.refilledAt) * this.perMinute) / 60_000 >= this.burst) this.byUser.delete(id);
    }
  }
}

const credentialSlot = Symbol('credential-slot');
type HeldCredential = FastifyRequest & { [credentialSlot]?: { key: string; a: Allowance } };

/**
 * The same concurrency limit keyed by the credential itself (the session cookie or the
 * Authorization header), registered BEFORE the session lookup: a flood on one credential is refused
 * without a database query each — otherwise 200 connections of one account would queue 200 session
 * lookups ahead of everybody else's (on PGlite, a single connection, literally).
 */
export function installCredentialLimits(app: FastifyInstance, ctx: AppContext, cookieName: string): void {
  const limiter = new UserLimiter(ctx.config.userMaxConcurrent, Number.MAX_SAFE_INTEGER);
  app.addHook('onRequest', async (req: HeldCredential, reply) => {
    const credential = req.headers.authorization ?? req.cookies[cookieName];
    if (!credential) return;
    const got = limiter.acquire(credential, ctx.now().getTime());
    if ('retryAfterSeconds' in got) {
      reply.header('retry-after', '1');
      throw new HttpError('rate_limited', `${got.reason} Try again in 1 second.`);
    }
    req[credentialSlot] = { key: credential, a: got };
  });
  const release = async (req: HeldCredential) => {
    const held = req[credentialSlot];
    if (!held) return;
    req[credentialSlot] = undefined;
    limiter.release(held.a);
    if (held.a.inFlight === 0) limiter.forget(held.key);
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
}

/** Registered after the session hook (it needs req.user) and before the early role check. */
export function installUserLimits(app: FastifyInstance, ctx: AppContext): void {
  const limiter = new UserLimiter(ctx.config.userMaxConcurrent, ctx.config.userRatePerMinute);
  let prunedAt = 0;
  app.addHook('onRequest', async (req: Held, reply) => {
    if (!req.user) return;
    const now = ctx.now().getTime();
    if (now - prunedAt > 60_000) {
      limiter.prune(now);
      prunedAt = now;
    }
    const got = limiter.acquire(req.user.id, now);
    if ('retryAfterSeconds' in got) {
      reply.header('retry-after', String(got.retryAfterSeconds));
      throw new HttpError('rate_limited', `${got.reason} Try again in ${got.retryAfterSeconds} second${got.retryAfterSeconds === 1 ? '' : 's'}.`);
    }
    req[held] = got;
  });
  const release = async (req: Held) => {
    const a = req[held];
    if (!a) return;
    req[held] = undefined;
    limiter.release(a);
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);
}
