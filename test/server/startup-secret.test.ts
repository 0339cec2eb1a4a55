// No default secret outside demo mode: the server refuses to start without its own
// SESSION_SECRET, and session tokens are stored as an HMAC under that secret, so database write
// access alone cannot plant a session, and a different secret invalidates every session.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSession, sessionUser } from '../../src/server/auth/sessions.ts';
import { DEMO_SESSION_SECRET, loadConfig, startupProblem } from '../../src/server/config.ts';
import { sessions } from '../../src/server/db/schema.ts';
import { ANNOTATOR, startTestServer } from './harness.ts';

const GOOD = 'k'.repeat(48);

describe('startup refuses a missing or default session secret outside demo mode', () => {
  it('accepts demo mode without a secret (the published demo key), and a long secret of your own', () => {
    expect(loadConfig({}).sessionSecret).toBe(DEMO_SESSION_SECRET);
    expect(startupProblem(loadConfig({}))).toBeNull();
    expect(startupProblem(loadConfig({ DEMO: '0', SESSION_SECRET: GOOD }))).toBeNull();
    expect(startupProblem(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: GOOD }))).toBeNull();
  });

  it('refuses production (or DEMO=0) with no secret, a short one, or the demo one', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).sessionSecret).toBeUndefined();
    expect(startupProblem(loadConfig({ NODE_ENV: 'production' }))).toMatch(/SESSION_SECRET is not set/);
    expect(startupProblem(loadConfig({ DEMO: '0' }))).toMatch(/SESSION_SECRET is not set/);
    expect(startupProblem(loadConfig({ DEMO: '0', SESSION_SECRET: 'short' }))).toMatch(/too short/);
    expect(startupProblem(loadConfig({ DEMO: '0', SESSION_SECRET: DEMO_SESSION_SECRET }))).toMatch(/published demo secret/);
  });

  it('the real entry point exits with the reason instead of listening', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ts-secret-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, DEMO: '0', DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0', CLIENT_DIR: dataDir };
      delete env.SESSION_SECRET;
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { env, encoding: 'utf8', timeout: 60_000 });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/will not start: SESSION_SECRET is not set/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 70_000);
});

describe('session tokens are stored keyed by the secret', () => {
  it('stores neither the token nor its plain SHA-256, and a session made under another secret does not sign in', async () => {
    const server = await startTestServer('pglite');
    try {
      const { ctx } = server;
      const userId = server.demo.userIds[ANNOTATOR]!;
      const { token } = await createSession(ctx, userId);
      const stored = (await ctx.db.select({ h: sessions.tokenHash }).from(sessions)).map((r) => r.h);
      expect(stored).not.toContain(token);
      expect(stored).not.toContain(createHash('sha256').update(token).digest('hex'));
      expect((await sessionUser(ctx, token))?.id).toBe(userId);
      const other = { ...ctx, config: { ...ctx.config, sessionSecret: GOOD } };
      expect(await sessionUser(other, token)).toBeUndefined();
    } finally {
      await server.close();
    }
  }, 60_000);
});
