import { randomBytes } from 'node:crypto';
import type { Db } from './db/client.ts';
import type { ServerConfig } from './config.ts';
import { uuidv7 } from '../domain/ids.ts';
import { inlineCpu, type CpuPool } from './cpu/pool.ts';

/** What every route and service needs. Clock and randomness are injectable for tests. */
export interface AppContext {
  db: Db;
  config: ServerConfig;
  now: () => Date;
  /** A uniform number in [0, 1); seeded in tests. */
  random: () => number;
  newId: () => string;
  /** Where background work reports failures (buildApp sets Fastify's logger when absent). */
  log?: { error: (details: object, message: string) => void };
  /** Worker threads for CPU-heavy pure work (buildApp makes them, and ends them when the app closes). */
  cpu?: CpuPool;
}

/** Where CPU-heavy work runs: the app's worker threads, or in place outside a server (CLI). */
export const cpuOf = (ctx: AppContext): CpuPool => ctx.cpu ?? inlineCpu;

export function defaultContext(db: Db, config: ServerConfig, overrides: Partial<AppContext> = {}): AppContext {
  const now = overrides.now ?? (() => new Date());
  return {
    db,
    config,
    now,
    random: () => randomBytes(4).readUInt32BE(0) / 2 ** 32,
    newId: () => uuidv7(now().getTime(), randomBytes(10)),
    ...overrides,
  };
}
