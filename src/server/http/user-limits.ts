// Per-user limits: how many requests one account may have in flight at once, and how many it may
// start per minute (a token bucket: a burst of a quarter-minute's allowance, refilled steadily).
// Over either, the request is refused with 429 and Retry-After — before its body is read, before
// any query, and held first only when the caller did not wait out its last Retry-After — so one
// account (a flood, a runaway script, a stolen token) cannot take the server's time from everybody
// else. Keyed by user id, so a session and an access token of the same account share one allowance.
//
// A request is charged by the server time its handler took, not only counted: one token per
// MS_PER_TOKEN (at least one, at most MAX_TOKENS_PER_REQUEST), so an account cannot take more of
// the server's time than its allowance by choosing its heaviest route: 600 one-second requests a
// minute were ten cores' worth, charged they are 30. Most requests take a few milliseconds and
// cost one token, as before.
//
// Of the requests an account has in flight, only USER_MAX_ACTIVE (one by default) work at once (the work
// gate); the rest wait their turn in order, holding no connection. Without it an account's sixteen
// admitted requests all reach the database together, and everybody else's queries queue behind
// them: on PGlite, one connection, literally; on PostgreSQL, for the pool's connections.
//
// The counters live in this process. Several server processes behind one proxy each keep their own:
// an account gets up to (processes × limit). That is a bound, not a drift: each process still
// protects its own event loop, which is what the limit is for.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import type { ApiErrorBody } from '../../domain/api/index.ts';
import { HttpError } from './errors.ts';
import { isApiPath } from './security.ts';
import { WorkGate } from './work-gate.ts';

interface Allowance {
  inFlight: number;
  tokens: number;
  refilledAt: number;
  /** The end of the wait its last refusal asked for (ms). */
  waitUntil: number;
}

export interface Refusal {
  retryAfterSeconds: number;
  reason: string;
  /**
   * How long to hold this refusal before sending it (ms): non-zero when the caller was refused
   * again before its last Retry-After ran out. A client that does not wait would otherwise turn
   * each refusal straight into another request, and a few hundred connections of refusals are
   * enough to take the event loop from everybody else; held, each connection costs a timer.
   */
  holdMs: number;
}

/** Server time one token pays for. */
export const MS_PER_TOKEN = 50;
/** The most one request is charged (a long import or export is bounded by its own limits). */
export const MAX_TOKENS_PER_REQUEST = 25;

/** Tokens a request that worked `ms` costs beyond the one it was admitted with. */
export function extraTokensFor(ms: number): number {
  return Math.max(0, Math.min(MAX_TOKENS_PER_REQUEST, ms / MS_PER_TOKEN) - 1);
}

/** A refusal is held about this long at most (spread up to half as much again; a Retry-After can be longer). */
const MAX_HOLD_MS = 2_000;

const slot = Symbol('user-limit-slot');
type Held = FastifyRequest & { [slot]?: Allowance };

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
  acquire(userId: string, nowMs: number): Allowance | Refusal {
    let a = this.byUser.get(userId);
    if (!a) this.byUser.set(userId, (a = { inFlight: 0, tokens: this.burst, refilledAt: nowMs, waitUntil: 0 }));
    // A clock that steps back (an NTP correction, a test's clock) refills nothing rather than draining the bucket.
    a.tokens = Math.min(this.burst, a.tokens + (Math.max(0, nowMs - a.refilledAt) * this.perMinute) / 60_000);
    a.refilledAt = Math.max(a.refilledAt, nowMs);
    if (a.inFlight >= this.maxConcurrent) return this.refuse(a, nowMs, 1, `You have ${a.inFlight} requests under way; at most ${this.maxConcurrent} at once.`);
    if (a.tokens < 1)
      return this.refuse(
        a,
        nowMs,
        Math.max(1, Math.ceil(((1 - a.tokens) * 60) / this.perMinute)),
        `More than ${this.perMinute} requests a minute from your account (one that keeps the server busy counts as several).`,
      );
    a.tokens -= 1;
    a.inFlight += 1;
    return a;
  }

  private refuse(a: Allowance, nowMs: number, retryAfterSeconds: number, reason: string): Refusal {
    // Spread at random over half to one and a half times the hold: held refusals released on the
    // same tick come back as one wave of requests, and each wave took tens of milliseconds of the
    // event loop from everybody else at once, every second of a flood.
    const holdMs = nowMs < a.waitUntil ? Math.min(MAX_HOLD_MS, retryAfterSeconds * 1000) * (0.5 + Math.random()) : 0;
    // The wait is counted from when the refusal is sent.
    a.waitUntil = nowMs + holdMs + retryAfterSeconds * 1000;
    return { retryAfterSeconds, reason, holdMs };
  }

  /** Charges what a finished request cost beyond its admission token; the bucket may go below zero. */
  charge(a: Allowance, tokens: number): void {
    a.tokens -= tokens;
  }

  release(a: Allowance): void {
    a.inFlight = Math.max(0, a.inFlight - 1);
  }

  /** Drops idle accounts whose bucket is full again (keeps the map small). */
  prune(nowMs: number): void {
    for (const [id, a] of this.byUser) {
      if (a.inFlight === 0 && a.tokens + ((nowMs - a.refilledAt) * this.perMinute) / 60_000 >= this.burst) this.byUser.delete(id);
    }
  }
}

/** Refusals being held at once, at most; past it they are sent straight away (bounds the timers). */
const MAX_HELD = 10_000;
let refusalsHeld = 0;

/**
 * The 429 with Retry-After, sent straight from the hook: a flood is mostly refusals, so each must be
 * cheap — no error object (its stack trace), no trip through the error handler — and one that
 * ignored the last Retry-After is held first (Refusal.holdMs).
 */
async function refuse(reply: FastifyReply, got: Refusal): Promise<FastifyReply> {
  if (got.holdMs > 0 && refusalsHeld < MAX_HELD) {
    refusalsHeld++;
    await new Promise((resolve) => setTimeout(resolve, got.holdMs)).finally(() => refusalsHeld--);
  }
  const message = `${got.reason} Try again in ${got.retryAfterSeconds} second${got.retryAfterSeconds === 1 ? '' : 's'}.`;
  return reply
    .code(429)
    .header('retry-after', String(got.retryAfterSeconds))
    .send({ error: { code: 'rate_limited', message } } satisfies ApiErrorBody);
}

const MAX_CREDENTIAL_KEY = 256;
const credentialSlot = Symbol('credential-slot');
const chargeCredential = Symbol('charge-credential');
const credentialTurn = Symbol('credential-turn');
const credentialWorkStarted = Symbol('credential-work-started');
const aborted = Symbol('aborted');
type HeldCredential = FastifyRequest & {
  [credentialSlot]?: Allowance;
  [chargeCredential]?: (tokens: number) => void;
  [credentialTurn]?: () => void;
  [credentialWorkStarted]?: boolean;
  [aborted]?: boolean;
};

/** Ends the credential's turn of this request (there is none, or it already ended: nothing). */
function endCredentialTurn(req: HeldCredential): void {
  req[credentialTurn]?.();
  req[credentialTurn] = undefined;
}

/**
 * Marks requests their client gave up on. Fastify carries such a request on through the hooks
 * after its abort hooks ran, so a limit taken later would never be given back (no onResponse comes):
 * each limit refuses a marked request instead of taking a slot. Installed by both limits; once is enough.
 */
function markAborts(app: FastifyInstance): void {
  app.addHook('onRequestAbort', async (req: HeldCredential) => {
    req[aborted] = true;
  });
}

const endedBeforeItsTurn = () => new HttpError('rate_limited', 'The request ended before its turn came.');

/**
 * The same limits keyed by the credential itself (the session cookie or the Authorization header),
 * registered BEFORE the session lookup: a flood on one credential is refused without a database
 * query each — otherwise every refusal would cost a session lookup, and 200 connections of one
 * account would queue their lookups ahead of everybody else's (on PGlite, a single connection,
 * literally). A credential that is not a real one gets a bucket too, dropped once it is full again.
 */
export function installCredentialLimits(app: FastifyInstance, ctx: AppContext, cookieName: string): void {
  const limiter = new UserLimiter(ctx.config.userMaxConcurrent, ctx.config.userRatePerMinute);
  // The work gate, by credential, before the session lookup too: of one credential's admitted
  // requests only USER_MAX_ACTIVE look their session up at once. Without it a flood's sixteen
  // admitted requests queued sixteen lookups ahead of everybody else's queries, at the moment the
  // flood began, and only then waited at the account's gate.
  const gate = new WorkGate(ctx.config.userMaxActive);
  let prunedAt = 0;
  markAborts(app);
  app.addHook('onRequest', async (req: HeldCredential, reply) => {
    // The API only (by the routed path, so an encoded "/%61pi/" counts too). The app's own files
    // are served from disk without a query, and the browser sends the cookie with each: a cold open
    // fetches dozens of chunks, and counting them refused the app's own code after a few reloads.
    if (!isApiPath(req)) return;
    // At most 256 characters of it: every real session and token is shorter, and a flood of made-up
    // 16 KB credentials must not keep 16 KB per bucket until the next prune.
    const credential = (req.headers.authorization ?? req.cookies[cookieName])?.slice(0, MAX_CREDENTIAL_KEY);
    if (!credential) return;
    if (req[aborted]) throw endedBeforeItsTurn();
    const now = ctx.now().getTime();
    // Often: made-up credentials each leave a bucket, full again a fraction of a second later.
    if (now - prunedAt > 5_000) {
      limiter.prune(now);
      prunedAt = now;
    }
    const got = limiter.acquire(credential, now);
    if ('retryAfterSeconds' in got) return refuse(reply, got);
    req[credentialSlot] = got;
    // The request's server time is charged here too (installUserLimits measures it), so a heavy
    // flood is refused before its session lookup, like any other.
    req[chargeCredential] = (tokens) => limiter.charge(got, tokens);
    const ticket = gate.ticket(credential);
    req[credentialTurn] = ticket.done;
    await ticket.ready.catch(() => {
      throw endedBeforeItsTurn();
    });
    // From here the request works (its session lookup is what this turn bounds): an abort no
    // longer ends the turn; onSend, which still comes, does.
    req[credentialWorkStarted] = true;
  });
  const release = (req: HeldCredential) => {
    const held = req[credentialSlot];
    if (!held) return;
    req[credentialSlot] = undefined;
    limiter.release(held);
  };
  // As the account's turn (installUserLimits): ended when the answer is handed over, and work that
  // started keeps it past its client's abort, until the work ends (onSend still runs).
  app.addHook('onSend', async (req: HeldCredential) => endCredentialTurn(req));
  app.addHook('onResponse', async (req: HeldCredential) => {
    endCredentialTurn(req);
    release(req);
  });
  app.addHook('onRequestAbort', async (req: HeldCredential) => {
    if (!req[credentialWorkStarted]) endCredentialTurn(req);
    release(req);
  });
}

const turn = Symbol('work-gate-turn');
const handlerStarted = Symbol('handler-started');
const abandoned = Symbol('abandoned');
type HeldTurn = Held & HeldCredential & { [turn]?: () => void; [handlerStarted]?: number; [abandoned]?: boolean };

/** Registered after the session hook (it needs req.user) and before the early role check. */
export function installUserLimits(app: FastifyInstance, ctx: AppContext): void {
  const limiter = new UserLimiter(ctx.config.userMaxConcurrent, ctx.config.userRatePerMinute);
  const gate = new WorkGate(ctx.config.userMaxActive);
  let prunedAt = 0;
  markAborts(app);
  app.addHook('onRequest', async (req: HeldTurn, reply) => {
    if (!req.user) return;
    // Given up on during its session lookup: its abort hooks have run, and a slot taken now would
    // never be given back (the account was refused for good after a few such aborts).
    if (req[aborted]) throw endedBeforeItsTurn();
    const now = ctx.now().getTime();
    if (now - prunedAt > 60_000) {
      limiter.prune(now);
      prunedAt = now;
    }
    const got = limiter.acquire(req.user.id, now);
    if ('retryAfterSeconds' in got) {
      // A refusal may be held: not while holding the credential's turn, which its other requests wait for.
      endCredentialTurn(req);
      return refuse(reply, got);
    }
    req[slot] = got;
    const ticket = gate.ticket(req.user.id);
    req[turn] = ticket.done;
    await ticket.ready.catch(() => {
      throw endedBeforeItsTurn();
    });
  });
  // The server time charged runs from when the handler starts: a body still arriving over a slow
  // link (a backlog of work pushed on reconnecting, an import) is the network's time, not the server's.
  app.addHook('preHandler', async (req: HeldTurn) => {
    if (req[slot]) req[handlerStarted] = performance.now();
  });
  const endTurn = async (req: HeldTurn) => {
    req[turn]?.();
    req[turn] = undefined;
    const started = req[handlerStarted];
    if (started === undefined) return;
    req[handlerStarted] = undefined;
    // What the turn cost beyond its admission token, on the account and on its credential.
    const extra = extraTokensFor(performance.now() - started);
    if (extra <= 0) return;
    if (req[slot]) limiter.charge(req[slot], extra);
    req[chargeCredential]?.(extra);
  };
  const releaseSlot = (req: HeldTurn) => {
    const a = req[slot];
    if (!a) return;
    req[slot] = undefined;
    limiter.release(a);
  };
  // The turn ends when the answer is handed over, not when a slow client has read it all: a large
  // image or an export going out over a slow link must not keep the account's other requests waiting.
  app.addHook('onSend', async (req: HeldTurn) => {
    await endTurn(req);
    // An abandoned request gets no onResponse: its slot is given back here, when its work is done.
    if (req[abandoned]) releaseSlot(req);
  });
  app.addHook('onResponse', async (req: HeldTurn) => {
    await endTurn(req);
    releaseSlot(req);
  });
  // A client that gives up on a request whose handler is working does not end that work: the turn,
  // the slot and the charge wait for the handler (onSend still runs). Ended at the abort, an account
  // could run any number of handlers at once, each charged only until its abort.
  app.addHook('onRequestAbort', async (req: HeldTurn) => {
    if (req[handlerStarted] !== undefined) {
      req[abandoned] = true;
      return;
    }
    await endTurn(req);
    releaseSlot(req);
  });
}
