// The login rate limit: failed sign-ins are counted over a sliding window per account and network
// address (a guesser at one account), per address (one machine spraying many accounts) and per
// account (many machines at one account). The counts live in the database, so every server process
// sharing it enforces the same limit.
//
// An attempt RESERVES its place before the password is looked at: under advisory locks on its
// address and its account it counts the window, and either is refused or writes its row — the row a
// failure leaves. So 40 concurrent wrong passwords get at most the limit evaluated, not 40. A right
// password deletes its reservation.
//
// A locked caller is refused even with the right password — otherwise the lock would not slow
// guessing at all — except for the address lock, which is about spraying many accounts: it refuses
// only accounts that already have a failure in the window. An address that sprayed (or an office
// behind one proxy address where someone did) therefore cannot lock anybody out who has not
// failed: a correct password for an untouched account still signs in, and a sprayer gets one guess
// per account instead of five. (Okta and GitHub likewise lock accounts, not whole networks.)
import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { loginFailures } from '../db/schema.ts';
import { audit } from '../admin/audit.ts';

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_LIMITS = { accountAndIp: 5, ip: 30, account: 50 } as const;
type Scope = keyof typeof LOGIN_LIMITS;

export interface LoginBlock {
  scope: Scope;
  /** Whole seconds until one more attempt is allowed (for Retry-After). */
  retryAfterSeconds: number;
  message: string;
}

const WHO: Record<Scope, string> = {
  accountAndIp: 'for this account from your network',
  ip: 'from your network',
  account: 'for this account',
};

/** Sliding window: the lock lifts when the failure that reached the limit leaves the window. */
function blockFrom(scope: Scope, times: Date[], now: Date): LoginBlock | null {
  const limit = LOGIN_LIMITS[scope];
  if (times.length < limit) return null;
  const releasing = times[times.length - limit] as Date;
  const retryAfterSeconds = Math.max(1, Math.ceil((releasing.getTime() + LOGIN_WINDOW_MS - now.getTime()) / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return {
    scope,
    retryAfterSeconds,
    message: `Too many failed sign-ins ${WHO[scope]}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask a lead to check your account.`,
  };
}

type Row = { id: number; at: Date; email: string };

async function windowRows(db: DbOrTx, email: string, ip: string, now: Date) {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const cols = { id: loginFailures.id, at: loginFailures.at, email: loginFailures.email };
  const byIp: Row[] = await db
    .select(cols)
    .from(loginFailures)
    .where(and(eq(loginFailures.ip, ip), gt(loginFailures.at, since)))
    .orderBy(asc(loginFailures.at), asc(loginFailures.id));
  const byAccount: Row[] = await db
    .select(cols)
    .from(loginFailures)
    .where(and(eq(loginFailures.email, email), gt(loginFailures.at, since)))
    .orderBy(asc(loginFailures.at), asc(loginFailures.id));
  return { accountAndIp: byIp.filter((r) => r.email === email), ip: byIp, account: byAccount };
}

function blockOf(rows: Record<Scope, Row[]>, now: Date): LoginBlock | null {
  const times = (scope: Scope) => rows[scope].map((r) => r.at);
  const accountHasFailed = rows.account.length > 0;
  return (
    blockFrom('accountAndIp', times('accountAndIp'), now) ??
    (accountHasFailed ? blockFrom('ip', times('ip'), now) : null) ??
    blockFrom('account', times('account'), now)
  );
}

/** Serialises attempts on one address and one account across every server process (always address first, so no deadlock). */
async function lockKeys(tx: DbOrTx, email: string, ip: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`login-ip:${ip}`}))`);
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`login-account:${email}`}))`);
}

export type LoginReservation = { ok: true; id: number } | { ok: false; block: LoginBlock };

/** Refuses a locked caller, or reserves one attempt (a failure row, deleted again on success). */
export async function reserveLoginAttempt(ctx: AppContext, email: string, ip: string): Promise<LoginReservation> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    await lockKeys(tx, email, ip);
    const block = blockOf(await windowRows(tx, email, ip, now), now);
    if (block) return { ok: false, block };
    await tx.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - LOGIN_WINDOW_MS)));
    const [row] = await tx.insert(loginFailures).values({ email, ip, at: now }).returning({ id: loginFailures.id });
    return { ok: true, id: (row as { id: number }).id };
  });
}

/**
 * The reserved attempt failed: its row stays as the failure. When this failure is the one that
 * reached a limit, a login_locked audit entry says so (once: only one row can be the limit-th).
 */
export async function confirmLoginFailure(ctx: AppContext, reservation: number, email: string, ip: string, userId: string | null): Promise<void> {
  const now = ctx.now();
  const rows = await windowRows(ctx.db, email, ip, now);
  for (const scope of ['accountAndIp', 'ip', 'account'] as const) {
    if (rows[scope][LOGIN_LIMITS[scope] - 1]?.id !== reservation) continue;
    const block = blockFrom(
      scope,
      rows[scope].slice(0, LOGIN_LIMITS[scope]).map((r) => r.at),
      now,
    );
    await audit(ctx.db, { actorId: userId, action: 'login_locked', details: { email, ip, scope, retryAfterSeconds: block?.retryAfterSeconds ?? 0 }, at: now });
    return;
  }
}

/** A successful sign-in: its reservation goes, and it forgives this account's earlier typos from the same address. */
export async function clearLoginFailures(ctx: AppContext, email: string, ip: string): Promise<void> {
  await ctx.db.delete(loginFailures).where(and(eq(loginFailures.email, email), eq(loginFailures.ip, ip)));
}
