// Starts the real app on a real database for API tests: PGlite in memory always, and a fresh
// PostgreSQL database per test file when TEST_DATABASE_URL points at a server (CI starts one).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig, type ServerConfig } from '../../src/server/config.ts';
import { defaultContext, type AppContext } from '../../src/server/context.ts';
import { openDatabase, type Database } from '../../src/server/db/client.ts';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-content.ts';
import { seedDemo } from '../../src/server/seed/demo.ts';
import { pgliteTemplate } from '../support/database-template.ts';

export type Engine = 'pglite' | 'postgres';
export const engines: Engine[] = ['pglite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])];

export async function openTestDatabase(engine: Engine): Promise<{ database: Database; url?: string; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const database = await openDatabase({ memory: true, loadDataDir: pgliteTemplate() });
    return { database, drop: async () => {} };
  }
  const admin = process.env.TEST_DATABASE_URL as string;
  const name = `ts_test_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  return {
    database,
    url: url.toString(),
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

export interface TestResponse {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Record<string, unknown>;
}

/** A signed-in (or anonymous) caller of the API. */
export class Caller {
  cookie: string | undefined;
  /** A personal access token: sent as Authorization: Bearer, and then without the CSRF header (a token call needs none). */
  token: string | undefined;
  constructor(readonly server: TestServer) {}
  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<TestResponse> {
    const res = await this.server.app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(method === 'GET' || this.token ? {} : { 'x-requested-with': 'touchstone' }),
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    let parsed: unknown = undefined;
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      parsed = res.body;
    }
    return { status: res.statusCode, body: parsed, headers: res.headers };
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', url, body, headers);
  }
  put(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('PUT', url, body, headers);
  }
  delete(url: string, headers?: Record<string, string>) {
    return this.request('DELETE', url, undefined, headers);
  }
  async login(email: string, password = DEMO_PASSWORD): Promise<this> {
    const res = await this.post('/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    const setCookie = res.headers['set-cookie'];
    const first = Array.isArray(setCookie) ? setCookie[0] : String(setCookie);
    this.cookie = first?.split(';')[0];
    return this;
  }
}

export interface TestServer {
  app: Awaited<ReturnType<typeof buildApp>>;
  ctx: AppContext;
  demo: Awaited<ReturnType<typeof seedDemo>>;
  engine: Engine;
  anonymous(): Caller;
  as(email: string): Promise<Caller>;
  /** A caller that authenticates with a personal access token only. */
  bearer(token: string): Caller;
  close(): Promise<void>;
}

/** `seed: false` starts on an empty database, as a production server's first run does. */
export async function startTestServer(
  engine: Engine,
  overrides: Partial<AppContext> = {},
  options: { seed?: boolean; config?: Partial<ServerConfig> } = {},
): Promise<TestServer> {
  const { database, drop } = await openTestDatabase(engine);
  // Per-user limits off unless a test sets them: API tests fire bursts from one account under a
  // clock they stop, which would never refill a token bucket, and some race one account's requests
  // on purpose, which the work gate would line up (user-limits.test.ts tests the limits).
  const unlimited = { userMaxConcurrent: Number.MAX_SAFE_INTEGER, userRatePerMinute: Number.MAX_SAFE_INTEGER, userMaxActive: Number.MAX_SAFE_INTEGER };
  const config = { ...loadConfig({}), clientDir: undefined, logLevel: 'silent', ...unlimited, ...options.config };
  const ctx = defaultContext(database.db, config, overrides);
  const demo = options.seed === false ? { imageProjectId: '', textProjectId: '', userIds: {} } : await seedDemo(ctx);
  const app = await buildApp(ctx);
  await app.ready();
  const server: TestServer = {
    app,
    ctx,
    demo,
    engine,
    anonymous: () => new Caller(server),
    as: (email: string) => new Caller(server).login(email),
    bearer: (token: string) => Object.assign(new Caller(server), { token }),
    close: async () => {
      await app.close();
      await database.close();
      await drop();
    },
  };
  return server;
}

export const ANNOTATOR = 'annotator@touchstone.test';
export const ANNOTATOR2 = 'annotator2@touchstone.test';
export const LEAD = 'lead@touchstone.test';
export const AUTHOR = 'author@touchstone.test';
export const ADMIN = 'admin@touchstone.test';
