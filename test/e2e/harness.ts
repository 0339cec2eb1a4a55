// End-to-end harness: the real server (built client, embedded database in a fresh data
// directory) on a free port, and Debian's Chromium driven by playwright-core.
import { PGlite } from '@electric-sql/pglite';
import { pgliteTemplate } from '../support/database-template.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Headless Chromium builds each new window's omnibox popup (a page of its own, ~200 files) and
  // preloads its other browser-UI pages: on two cores that took CPU from the page under test at every
  // new context. A trace of one cold open showed it as the busiest renderer; without it the cold-open
  // benchmark's median fell by 60–170 ms. Nothing of the page under test changes.
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI',
];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  process: ChildProcess;
  /** Everything the server printed so far (its log: e.g. the first-run setup link). */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** The servers' secret, so a test can read an annotator's item handles (queue/handles.ts) as the server does. */
export const E2E_SESSION_SECRET = 'e2e-session-secret-0123456789abcdef0123456789';

/** A fresh data folder holding the run's migrated database (or empty outside a run that made one). */
async function migratedDataDir(): Promise<string> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'touchstone-e2e-'));
  const template = pgliteTemplate();
  if (template) await (await PGlite.create({ dataDir: path.join(dataDir, 'pglite'), loadDataDir: template })).close();
  return dataDir;
}

export async function startServer(
  opts: { dataDir?: string; port?: number; env?: Record<string, string>; startTimeoutMs?: number } = {},
): Promise<RunningServer> {
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? (await migratedDataDir());
  // SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=prof") reaches the server's node, for profiling a benchmark's server.
  const nodeArgs = (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      SESSION_SECRET: E2E_SESSION_SECRET,
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    // A loaded shared 2-core machine can take well over a minute to migrate and seed; a server
    // that did not come up is killed, never left running behind the test.
    const timer = setTimeout(
      () => {
        child.kill('SIGKILL');
        reject(new Error(`server did not start in time:\n${output}`));
      },
      opts.startTimeoutMs ?? Number(process.env.SERVER_START_TIMEOUT_MS ?? 170_000),
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('is ready on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<void>((resolve) => {
      // A process killed by a signal keeps exitCode null (signalCode says how it ended).
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return { url: `http://127.0.0.1:${port}`, port, dataDir, process: child, output: () => output, stop };
}

export function removeDir(dir: string) {
  rmSync(dir, { recursive: true, force: true });
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export async function signIn(context: BrowserContext, baseUrl: string, email: string, password = 'touchstone-demo'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your projects' }).waitFor();
  return page;
}

/** What a describe block of end-to-end tests works with: the running server and the browser. */
export interface E2eEnv {
  server: RunningServer;
  browser: Browser;
  /** GET an API path as the given demo user, in a context of its own (closed afterwards). */
  getJson(email: string, path: string): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Starts a server (the demo unless `env` says otherwise) and Chromium for the calling describe block, and removes both after it. */
export function e2eEnvironment(opts: Parameters<typeof startServer>[0] = {}): E2eEnv {
  const env = {
    async getJson(email: string, apiPath: string) {
      const ctx = await env.browser.newContext();
      try {
        const page = await signIn(ctx, env.server.url, email);
        const res = await page.request.get(`${env.server.url}${apiPath}`);
        return await res.json();
      } finally {
        await ctx.close();
      }
    },
  } as E2eEnv;
  beforeAll(async () => {
    env.server = await startServer(opts);
    env.browser = await launchBrowser();
  }, 200_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.stop();
    if (env.server) removeDir(env.server.dataDir);
  });
  return env;
}

/**
 * Waits until the page's device has nothing left to send, read from its IndexedDB outbox, and the
 * badge says so. The badge alone is not enough: it follows the outbox a render later, so right
 * after Submit it can still say "All work sent" from before, and a test that then closes its
 * (in-memory) browser context throws the unsent work away. A refusal fails with its reason.
 */
export async function allWorkSent(page: Page, timeout = 15_000): Promise<void> {
  const outbox = () =>
    page.evaluate(
      () =>
        new Promise<{ pending: number; refused: string[] }>((resolve, reject) => {
          const open = indexedDB.open('touchstone');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const all = open.result.transaction('outbox').objectStore('outbox').getAll();
            all.onerror = () => reject(all.error);
            all.onsuccess = () => {
              const entries = all.result as { status: string; result?: { message?: string } }[];
              open.result.close();
              resolve({
                pending: entries.filter((e) => e.status === 'pending').length,
                refused: entries.filter((e) => e.status === 'rejected').map((e) => e.result?.message ?? 'refused'),
              });
            };
          };
        }),
    );
  await expect.poll(outbox, { timeout }).toEqual({ pending: 0, refused: [] });
  await expect.poll(() => page.getByText('All work sent').count(), { timeout }).toBe(1);
}
