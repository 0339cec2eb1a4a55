// Opens the one storage schema on either engine: embedded PGlite (default, persisted under
// DATA_DIR) or PostgreSQL (DATABASE_URL). Drizzle drives both with the same typed queries,
// and ships a migrator for each, so the rest of the server never asks which engine it has.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/** The rows of a raw `execute()`: node-postgres and PGlite both answer with { rows }, typed loosely. */
export function rowsOf<T>(res: unknown): T[] {
  return ((res as { rows?: T[] }).rows ?? (res as T[])) as T[];
}

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  close(): Promise<void>;
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant: it only has to be the same in every server process sharing one PostgreSQL.
const MIGRATION_LOCK_KEY = 7_411_502;

/** `loadDataDir`: start the in-memory database from a PGlite dump (the tests start from a migrated one). */
export type DatabaseConfig = { databaseUrl?: string | undefined; dataDir: string } | { memory: true; loadDataDir?: Blob | undefined };

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if ('databaseUrl' in config && config.databaseUrl) return openPostgres(config.databaseUrl);
  const dataDir = 'memory' in config ? undefined : path.join(config.dataDir, 'pglite');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir ? { dataDir } : 'loadDataDir' in config && config.loadDataDir ? { loadDataDir: config.loadDataDir } : {});
  const db = drizzlePglite({ client: yielding(client), schema });
  await migratePglite(db, { migrationsFolder });
  return { db: db as unknown as Db, engine: 'pglite', close: () => client.close() };
}

const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * PGlite runs in this thread, and a query's promise settles without the event loop ever turning:
 * while requests keep the database busy, one query follows another in microtasks, and no socket
 * is read until all of them are done. Under one account's flood, another user's request then sat
 * unread for seconds. Each query first lets the event loop turn once (a setImmediate), so new
 * requests are read and take their place in PGlite's first-come queue. Inside a transaction too.
 */
function yielding<T extends object>(client: T): T {
  return new Proxy(client, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === 'query')
        return async (...args: unknown[]) => {
          await macrotask();
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      if (prop === 'transaction')
        return (fn: (tx: object) => Promise<unknown>) =>
          (value as (f: (tx: object) => Promise<unknown>) => Promise<unknown>).call(target, (tx: object) => fn(yielding(tx)));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DB_POOL_SIZE ?? 10) });
  // An idle client the server drops (a restart, a failover, an administrator) emits 'error' on the
  // pool; unhandled, that kills the process. The pool replaces the client on the next query.
  pool.on('error', (err) => console.warn(`PostgreSQL dropped an idle connection: ${err.message}`));
  // Two server processes may start together: the advisory lock lets one migrate while the other waits.
  const conn = await pool.connect();
  try {
    await conn.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migratePg(drizzlePg({ client: conn, schema }), { migrationsFolder });
  } finally {
    await conn.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    conn.release();
  }
  const db = drizzlePg({ client: pool, schema });
  return { db: db as unknown as Db, engine: 'postgres', close: () => endPool(pool) };
}

/** pool.end() resolves before its sockets have closed; wait for every client's 'remove' as well. */
async function endPool(pool: pg.Pool): Promise<void> {
  const open = pool.totalCount;
  let removed = 0;
  const allClosed = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    pool.on('remove', () => {
      if (++removed >= open) resolve();
    });
  });
  await pool.end();
  await allClosed;
}
