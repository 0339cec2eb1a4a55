// The login rate limit: failed sign-ins are counted over a sliding window per account and network
// address (a guesser at one account), per address (one machine spraying many accounts) and per
// account (many machines at one account). The counts live in the database, so every server process
// sharing it enforces the same limit. A locked caller is refused even with the right password —
// otherwise the lock would not slow guessing at all.
import { and, asc, eq, gt, lt } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { loginFailures } from '../db/schema.ts';
import { audit } from '../services/audit.ts';

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

async function failureTimes(ctx: AppContext, email: string, ip: string) {
  const since = new Date(ctx.now().getTime() - LOGIN_WINDOW_MS);
  const [byIp, byAccount] = await Promise.all([
    ctx.db.select({ at: loginFailures.at, email: loginFailures.email }).from(loginFailures).where(and(eq(loginFailures.ip, ip), gt(loginFailures.at, since))).orderBy(asc(loginFailures.at)),
    ctx.db.select({ at: loginFailures.at }).from(loginFailures).where(and(eq(loginFailures.email, email), gt(loginFailures.at, since))).orderBy(asc(loginFailures.at)),
  ]);
  return {
    accountAndIp: byIp.filter((r) => r.email === email).map((r) => r.at),
    ip: byIp.map((r) => r.at),
    account: byAccount.map((r) => r.at),
  };
}

/** Whether this account and address may try a password now; null when they may. */
export async function loginBlock(ctx: AppContext, email: string, ip: string): Promise<LoginBlock | null> {
  return blockOf(await failureTimes(ctx, email, ip), ctx.now());
}

const blockOf = (times: Record<Scope, Date[]>, now: Date) =>
  blockFrom('accountAndIp', times.accountAndIp, now) ?? blockFrom('ip', times.ip, now) ?? blockFrom('account', times.account, now);

/** Records a failed sign-in; when it starts a lock, writes a login_locked audit entry. */
export async function recordLoginFailure(ctx: AppContext, email: string, ip: string, userId: string | null): Promise<void> {
  const now = ctx.now();
  await ctx.db.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - LOGIN_WINDOW_MS)));
  await ctx.db.insert(loginFailures).values({ email, ip, at: now });
  const times = await failureTimes(ctx, email, ip);
  const block = blockOf(times, now);
  // Exactly at the limit: this failure is the one that locked (later refusals are not failures).
  if (block && times[block.scope].length === LOGIN_LIMITS[block.scope]) {
    await audit(ctx.db, { actorId: userId, action: 'login_locked', details: { email, ip, scope: block.scope, retryAfterSeconds: block.retryAfterSeconds }, at: now });
  }
}

/** A successful sign-in forgives this account's earlier typos from the same address. */
export async function clearLoginFailures(ctx: AppContext, email: string, ip: string): Promise<void> {
  await ctx.db.delete(loginFailures).where(and(eq(loginFailures.email, email), eq(loginFailures.ip, ip)));
}
