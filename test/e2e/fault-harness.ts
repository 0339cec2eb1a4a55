// Fault injection: simulated annotators, each with its own outbox and SyncEngine (the client's
// real code, with an in-memory store), send mutations over HTTP to a real server process that
// is killed with SIGKILL and restarted while they work. Afterwards the database is read
// directly: every mutation must be there exactly once. Used by the e2e test (small) and by
// test/bench/fault-injection.ts (20 clients, 5,000 mutations, three kills, both engines).
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import type { SubmitAnnotation } from '../../src/domain/api/index.ts';
import { uuidv7 } from '../../src/domain/ids.ts';
import { SyncEngine, httpTransport } from '../../src/client/sync/engine.ts';
import { MemoryOutboxStore } from '../../src/client/sync/outbox-store.ts';
import { loadConfig } from '../../src/server/config.ts';
import { defaultContext } from '../../src/server/context.ts';
import { openDatabase, type DatabaseConfig } from '../../src/server/db/client.ts';
import { annotations } from '../../src/server/db/schema.ts';
import { addTextItem, createProject, createUser, grantRole } from '../../src/server/admin/create.ts';
import { DEMO_PASSWORD, textGuideline, textSchema } from '../../src/server/seed/demo-content.ts';
import { freePort, removeDir, startServer, type RunningServer } from './harness.ts';

export type FaultEngine = 'pglite' | 'postgres';
export interface FaultOptions {
  engine: FaultEngine;
  clients: number;
  perClient: number;
  kills: number;
  /** Items leased to each client (its mutations cycle over them as revisions). */
  itemsPerClient?: number;
  log?: (line: string) => void;
}
export interface FaultReport {
  engine: FaultEngine;
  sent: number;
  stored: number;
  lost: number;
  duplicated: number;
  kills: number;
  /** Sum over mutations of failed sends (each mutation in a failed batch counts once). */
  failedAttempts: number;
  /** Mutations the server answered "duplicate": applied before, the answer lost in a kill. */
  answeredDuplicate: number;
  seconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CLASSES = ['politics', 'business', 'sports', 'science', 'culture'];

/** A fresh database for the run: a PGlite data directory, or a new database on TEST_DATABASE_URL. */
export async function freshDatabase(engine: FaultEngine): Promise<{ config: DatabaseConfig; env: Record<string, string>; cleanup: () => Promise<void> }> {
  if (engine === 'pglite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'touchstone-fault-'));
    return { config: { dataDir }, env: { DATA_DIR: dataDir, DATABASE_URL: '' }, cleanup: async () => removeDir(dataDir) };
  }
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL is needed for the PostgreSQL run');
  const name = `ts_fault_${randomBytes(5).toString('hex')}`;
  const run = async (q: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(q);
    await c.end();
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    config: { databaseUrl: url.toString(), dataDir: '' },
    env: { DATABASE_URL: url.toString() },
    cleanup: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * Seeds annotators fault-<k>@touchstone.test (and a lead, fault-lead@…) and a text project of
 * clients × itemsPerClient items straight into the database, before the server first starts.
 */
export async function seedTextLoad(config: DatabaseConfig, clients: number, itemsPerClient: number) {
  const database = await openDatabase(config);
  try {
    const ctx = defaultContext(database.db, { ...loadConfig({}), clientDir: undefined });
    const project = await createProject(ctx, { name: 'Fault injection', kind: 'text', labelSchema: textSchema, sections: textGuideline });
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < clients * itemsPerClient; i++) await addTextItem(ctx, tx, project.id, `Fault injection sentence ${i}.`);
    });
    const emails: string[] = [];
    for (let k = 0; k < clients; k++) {
      const email = `fault-${k}@touchstone.test`;
      await grantRole(ctx, project.id, await createUser(ctx, { email, displayName: `Client ${k}`, password: DEMO_PASSWORD }), 'annotator');
      emails.push(email);
    }
    const lead = 'fault-lead@touchstone.test';
    await grantRole(ctx, project.id, await createUser(ctx, { email: lead, displayName: 'Lead', password: DEMO_PASSWORD }), 'lead');
    return { ...project, emails, lead };
  } finally {
    await database.close();
  }
}

/** fetch that retries until the server answers (it may be down between a kill and a restart). */
async function fetchUp(url: string, init: RequestInit): Promise<Response> {
  for (;;) {
    try {
      const res = await fetch(url, init);
      if (res.status < 500) return res;
    } catch {
      // down: try again
    }
    await sleep(100);
  }
}

class SimClient {
  readonly store = new MemoryOutboxStore();
  readonly engine: SyncEngine;
  cookie = '';
  items: string[] = [];
  constructor(readonly base: () => string) {
    const fetchImpl = ((input: string, init: RequestInit) =>
      fetch(`${this.base()}${input}`, { ...init, headers: { ...(init.headers as Record<string, string>), cookie: this.cookie } })) as unknown as typeof fetch;
    this.engine = new SyncEngine({
      store: this.store,
      transport: httpTransport(fetchImpl),
      now: () => Date.now(),
      random: Math.random,
      setTimer: (fn, ms) => {
        const t = setTimeout(fn, ms);
        return () => clearTimeout(t);
      },
      baseDelayMs: 100,
      maxDelayMs: 1500,
    });
  }
  async signIn(email: string, projectId: string, limit: number) {
    const res = await fetchUp(`${this.base()}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'touchstone' },
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    });
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const queue = await fetchUp(`${this.base()}/api/projects/${projectId}/queue?limit=${limit}`, {
      method: 'POST',
      headers: { cookie: this.cookie, 'x-requested-with': 'touchstone' },
    });
    this.items = ((await queue.json()) as { items: Array<{ id: string }> }).items.map((i) => i.id);
    if (this.items.length === 0) throw new Error(`no items for ${email}`);
  }
  async pending() {
    return (await this.store.counts()).pending;
  }
}

export async function runFaultInjection(opts: FaultOptions): Promise<FaultReport> {
  const log = opts.log ?? (() => undefined);
  const itemsPerClient = opts.itemsPerClient ?? 10;
  const db = await freshDatabase(opts.engine);
  let server: RunningServer | undefined;
  try {
    const project = await seedTextLoad(db.config, opts.clients, itemsPerClient);
    const port = await freePort();
    const boot = () => startServer({ port, env: { ...db.env, DEMO: '0' } });
    server = await boot();
    const base = () => `http://127.0.0.1:${port}`;
    const clients = project.emails.map(() => new SimClient(base));
    await Promise.all(clients.map((c, k) => c.signIn(project.emails[k] as string, project.id, itemsPerClient)));
    const total = opts.clients * opts.perClient;
    const started = Date.now();
    const sentIds: string[] = [];

    // The killer: SIGKILL at evenly spaced fractions of the acknowledged work, restart at once.
    let kills = 0;
    const acked = () => clients.reduce((n, c) => n + [...c.store.entries.values()].filter((e) => e.status !== 'pending').length, 0);
    let working = true;
    const killer = (async () => {
      for (let k = 1; k <= opts.kills; k++) {
        while (working && acked() < (total * k) / (opts.kills + 1)) await sleep(20);
        if (!working) return;
        await server?.stop('SIGKILL');
        kills++;
        log(`kill ${k}: SIGKILL after ${acked()} of ${total} acknowledged`);
        await sleep(200);
        server = await boot();
        log(`restart ${k}: up again`);
      }
    })();

    // Each client submits in small chunks (like an annotator), kicking its engine as it goes.
    await Promise.all(
      clients.map(async (c, k) => {
        for (let n = 0; n < opts.perClient; n++) {
          const itemId = c.items[n % c.items.length] as string;
          const now = new Date();
          const m: SubmitAnnotation = {
            id: uuidv7(now.getTime(), randomBytes(10)),
            type: 'annotation.submit',
            projectId: project.id,
            itemId,
            guidelineVersionId: project.guidelineVersionId,
            payload: { shapes: [], spans: [], classes: [CLASSES[(n + k) % CLASSES.length] as string] },
            startedAt: new Date(now.getTime() - 3000).toISOString(),
            submittedAt: now.toISOString(),
            durationMs: 3000,
          };
          c.store.add(m, 'u', now.getTime());
          sentIds.push(m.id);
          if (n % 5 === 4) {
            void c.engine.kick();
            await sleep(5 + Math.random() * 10);
          }
        }
        // Until everything is acknowledged: the engine's own backoff, nudged now and then.
        while ((await c.pending()) > 0) {
          void c.engine.kick();
          await sleep(250);
        }
      }),
    );
    working = false;
    await killer;
    const seconds = (Date.now() - started) / 1000;
    for (const c of clients) c.engine.stop();
    await server.stop('SIGTERM');
    server = undefined;

    // Count on the server's own database.
    const database = await openDatabase(db.config);
    try {
      const rows: Array<{ mutationId: string | null; n: number }> = [];
      for (let i = 0; i < sentIds.length; i += 1000) {
        const part = sentIds.slice(i, i + 1000);
        rows.push(
          ...(await database.db
            .select({ mutationId: annotations.mutationId, n: sql<number>`count(*)::int` })
            .from(annotations)
            .where(inArray(annotations.mutationId, part))
            .groupBy(annotations.mutationId)),
        );
      }
      const all = await database.db.$count(annotations);
      const present = new Set(rows.map((r) => r.mutationId));
      const failedAttempts = clients.reduce((n, c) => n + [...c.store.entries.values()].reduce((a, e) => a + e.attempts, 0), 0);
      return {
        engine: opts.engine,
        sent: sentIds.length,
        stored: all,
        lost: sentIds.filter((id) => !present.has(id)).length,
        duplicated: rows.reduce((n, r) => n + Math.max(0, Number(r.n) - 1), 0) + Math.max(0, all - rows.reduce((n, r) => n + Number(r.n), 0)),
        kills,
        failedAttempts,
        answeredDuplicate: clients.reduce((n, c) => n + [...c.store.entries.values()].filter((e) => e.result?.status === 'duplicate').length, 0),
        seconds,
      };
    } finally {
      await database.close();
    }
  } finally {
    await server?.stop('SIGKILL');
    await db.cleanup();
  }
}
