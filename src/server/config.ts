import { availableParallelism } from 'node:os';
import path from 'node:path';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Seed the demo project and demo accounts into an empty database. */
  demo: boolean;
  secureCookies: boolean;
  sessionTtlHours: number;
  /** Built client to serve; absent in API-only tests. */
  clientDir: string | undefined;
  logLevel: string;
  /** Folder under which item imports may read server-side files (IMPORT_ROOT); none: refused. */
  importRoot: string | undefined;
  /**
   * Key of the HMAC that turns session tokens into the hashes the database stores (SESSION_SECRET).
   * With it, write access to the database alone cannot mint a working session. Demo mode falls back
   * to a published key; anywhere else the server refuses to start without one (checkStartup).
   */
  sessionSecret: string | undefined;
  /** The address people reach this server at (PUBLIC_URL), for the links it hands out; else the request's own host. */
  publicUrl: string | undefined;
  /** Per-user limits (USER_MAX_CONCURRENT, USER_RATE_PER_MINUTE, USER_MAX_ACTIVE): see http/user-limits.ts. */
  userMaxConcurrent: number;
  userRatePerMinute: number;
  /** Of an account's requests in flight, how many work at once; the rest wait their turn. */
  userMaxActive: number;
  /** Largest decoded image accepted, in pixels (MAX_IMAGE_PIXELS). */
  maxImagePixels: number;
  /**
   * Worker threads for CPU-heavy work: large polygon checks, gold scoring (CPU_THREADS; default one
   * fewer than the cores, 1 to 4). 0 does that work on the thread that answers requests (measuring only).
   */
  cpuThreads: number;
  /** Days a sync mutation id is remembered against replays (LEDGER_RETENTION_DAYS): see sync/ledger-expiry.ts. */
  ledgerRetentionDays: number;
}

/** Public, so never a secret: only demo mode (a seeded database with published passwords) uses it. */
export const DEMO_SESSION_SECRET = 'touchstone-demo-session-secret-not-for-production';
export const MIN_SECRET_LENGTH = 32;

/** Why the server must not start with this configuration, or null. main.ts exits with the message. */
export function startupProblem(config: ServerConfig): string | null {
  if (config.demo) return null;
  const secret = config.sessionSecret;
  if (!secret)
    return `SESSION_SECRET is not set. Outside demo mode the server needs a secret of at least ${MIN_SECRET_LENGTH} characters, e.g. SESSION_SECRET=$(openssl rand -base64 48).`;
  if (secret === DEMO_SESSION_SECRET)
    return 'SESSION_SECRET is the published demo secret. Outside demo mode, set a secret of your own, e.g. SESSION_SECRET=$(openssl rand -base64 48).';
  if (secret.length < MIN_SECRET_LENGTH)
    return `SESSION_SECRET is too short (${secret.length} characters); use at least ${MIN_SECRET_LENGTH}, e.g. SESSION_SECRET=$(openssl rand -base64 48).`;
  return null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const production = env.NODE_ENV === 'production';
  const demo = env.DEMO ? env.DEMO !== '0' && env.DEMO !== 'false' : !production;
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    demo,
    secureCookies: env.SECURE_COOKIES ? env.SECURE_COOKIES === '1' : production,
    sessionTtlHours: Number(env.SESSION_TTL_HOURS ?? 12),
    clientDir: path.resolve(env.CLIENT_DIR ?? './dist/client'),
    logLevel: env.LOG_LEVEL ?? (production ? 'info' : 'warn'),
    importRoot: env.IMPORT_ROOT ? path.resolve(env.IMPORT_ROOT) : undefined,
    sessionSecret: env.SESSION_SECRET || (demo ? DEMO_SESSION_SECRET : undefined),
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined,
    userMaxConcurrent: Number(env.USER_MAX_CONCURRENT ?? 16),
    userRatePerMinute: Number(env.USER_RATE_PER_MINUTE ?? 600),
    // One at a time: on PGlite (one connection) an account's second request only waited there,
    // ahead of everybody else's; on PostgreSQL two at once of a flooding account put another user's
    // p99 at 1.6–2.8× its quiet value, one at a time at 1.0–2.7× (median 1.9 against 1.3).
    userMaxActive: Math.max(1, Number(env.USER_MAX_ACTIVE ?? 1) || 1),
    maxImagePixels: Number(env.MAX_IMAGE_PIXELS ?? 50_000_000),
    cpuThreads: env.CPU_THREADS ? Number(env.CPU_THREADS) : Math.max(1, Math.min(4, availableParallelism() - 1)),
    ledgerRetentionDays: Math.max(1, Number(env.LEDGER_RETENTION_DAYS ?? 90) || 90),
  };
}
