// `npm run admin` as an operator runs it from a shell: the first administrator on an empty
// embedded database, a refused weak password that writes nothing, a password reset, and a setup
// link asked for where it cannot work (the embedded database, the demo's key) refused with the reason.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { needsFirstAdmin } from '../../src/server/admin/first-run.ts';
import { verifyPassword } from '../../src/server/auth/password.ts';
import { openDatabase } from '../../src/server/db/client.ts';
import { users } from '../../src/server/db/schema.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'ts-admin-cli-'));
const SECRET = 's'.repeat(48);
const PASSWORD = 'a long and unusual passphrase';

function admin(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli/admin.ts', ...args], {
    env: { ...process.env, DEMO: '0', SESSION_SECRET: SECRET, DATA_DIR: dataDir, DATABASE_URL: '', ...env },
    encoding: 'utf8',
    timeout: 150_000,
  });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

async function inDatabase<T>(read: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const database = await openDatabase({ dataDir });
  try {
    return await read(database.db);
  } finally {
    await database.close();
  }
}

describe('npm run admin on the embedded database', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses a weak password with the rule and writes nothing, then creates the first administrator and says where', async () => {
    const weak = admin(['create-admin', '--email', 'Ops@Example.org', '--name', 'Ops'], { ADMIN_PASSWORD: 'password1' });
    expect(weak.status).toBe(1);
    expect(weak.err).toMatch(/at least 10 characters|common|breached/);
    expect(await inDatabase((db) => needsFirstAdmin(db))).toBe(true);

    const made = admin(['create-admin', '--email', 'Ops@Example.org', '--name', 'Ops'], { ADMIN_PASSWORD: PASSWORD });
    expect(made.status, made.err).toBe(0);
    expect(made.out).toContain(`Created the administrator ops@example.org in the embedded database in ${dataDir}`);
    const [row] = await inDatabase((db) => db.select().from(users).where(eq(users.email, 'ops@example.org')));
    expect(row).toMatchObject({ displayName: 'Ops', isAdmin: true });
    expect(await verifyPassword(PASSWORD, row!.passwordHash!)).toBe(true);
  }, 400_000);

  it('resets a password from the shell, and refuses an unknown email', async () => {
    const reset = admin(['reset-password', '--email', 'ops@example.org'], { ADMIN_PASSWORD: `${PASSWORD} two` });
    expect(reset.status, reset.err).toBe(0);
    const [row] = await inDatabase((db) => db.select().from(users).where(eq(users.email, 'ops@example.org')));
    expect(await verifyPassword(`${PASSWORD} two`, row!.passwordHash!)).toBe(true);
    const unknown = admin(['reset-password', '--email', 'nobody@example.org'], { ADMIN_PASSWORD: PASSWORD });
    expect(unknown.status).toBe(1);
    expect(unknown.err).toMatch(/No account has the email nobody@example.org/);
  }, 400_000);

  it('refuses a setup link it cannot honour: on the embedded database, and under the demo key', () => {
    const embedded = admin(['setup-link']);
    expect(embedded.status).toBe(2);
    expect(embedded.err).toMatch(/restart the server and take the setup link from its log/);
    const demoKey = admin(['setup-link'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', DEMO: '', SESSION_SECRET: '' });
    expect(demoKey.status).toBe(1);
    expect(demoKey.err).toMatch(/published demo secret.*server's own environment/s);
  }, 400_000);
});
