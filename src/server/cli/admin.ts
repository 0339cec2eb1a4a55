// `npm run admin -- <command>`: instance administration from a shell, for the first administrator
// and for when nobody can sign in. Reads the same environment as the server (DATABASE_URL or
// DATA_DIR, SESSION_SECRET, PUBLIC_URL). With the embedded database (PGlite) only one process may
// open the data folder: stop the server first, or use the setup link it printed.
//
//   create-admin   --email <email> --name <name>   a new administrator (password: ADMIN_PASSWORD or asked)
//   reset-password --email <email>                 sets a new password, ends the account's sessions
//   setup-link                                     a new one-time setup link (only while no administrator exists)
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { PASSWORD_RULE } from '../../domain/validation/password.ts';
import { createAdminFromShell, issueSetupLink, needsFirstAdmin } from '../admin/first-run.ts';
import { setPassword } from '../admin/users.ts';
import { endSessions } from '../auth/sessions.ts';
import { loadConfig, startupProblem } from '../config.ts';
import { defaultContext } from '../context.ts';
import { openDatabase } from '../db/client.ts';
import { users } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { audit } from '../admin/audit.ts';

const USAGE = `Usage:
  npm run admin -- create-admin --email you@example.org --name "Your Name"
  npm run admin -- reset-password --email someone@example.org
  npm run admin -- setup-link
The password comes from ADMIN_PASSWORD, or is asked for (typing is not shown). ${PASSWORD_RULE}`;

const EMBEDDED_SETUP_LINK =
  'With the embedded database only the server opens DATA_DIR, and each start withdraws earlier links: restart the server and take the setup link from its log, or stop it and run create-admin.';

/** Which database a command wrote to, so a command run without the server's environment shows it. */
function describeDatabase(config: { databaseUrl: string | undefined; dataDir: string }): string {
  if (!config.databaseUrl) return `the embedded database in ${config.dataDir}`;
  // Said after the write: a connection string URL cannot parse (a socket path) must not turn success into a crash.
  try {
    const url = new URL(config.databaseUrl);
    return `PostgreSQL database ${url.pathname.slice(1) || '(default)'} on ${url.host || 'a local socket'}`;
  } catch {
    return 'the PostgreSQL database of DATABASE_URL';
  }
}

/** The password from ADMIN_PASSWORD, a terminal prompt that does not echo, or the first line of piped input. */
async function readPassword(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  const tty = process.stdin.isTTY;
  if (tty) process.stdout.write('Password (not shown): ');
  const rl = createInterface({ input: process.stdin, output: tty ? muted : undefined, terminal: tty });
  const line = await new Promise<string>((resolve) => {
    rl.once('line', resolve);
    rl.once('close', () => resolve(''));
  });
  rl.close();
  if (tty) process.stdout.write('\n');
  return line;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { email: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals[0];
  if (values.help || !command || !['create-admin', 'reset-password', 'setup-link'].includes(command)) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  if (command === 'setup-link') {
    // The embedded database is open in the server; a restart withdraws every earlier link and logs a new one.
    if (!config.databaseUrl) return (console.error(EMBEDDED_SETUP_LINK), 2);
    // A link is signed with SESSION_SECRET: under the demo's key the server would not know it.
    const problem = startupProblem({ ...config, demo: false });
    if (problem) return (console.error(`${problem} Run this with the server's own environment.`), 1);
  }
  const email = values.email?.trim().toLowerCase();
  if (command !== 'setup-link' && !email) return (console.error(`--email is required.\n${USAGE}`), 2);
  if (command === 'create-admin' && !values.name?.trim()) return (console.error(`--name is required.\n${USAGE}`), 2);
  const password = command === 'setup-link' ? '' : await readPassword();

  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const ctx = defaultContext(database.db, config);
  try {
    if (command === 'create-admin') {
      await createAdminFromShell(ctx, { email: email!, displayName: values.name!.trim(), password });
      console.log(`Created the administrator ${email} in ${describeDatabase(config)}. Sign in at ${config.publicUrl ?? `http://localhost:${config.port}`}.`);
    } else if (command === 'reset-password') {
      const [user] = await ctx.db.select().from(users).where(eq(users.email, email!));
      if (!user) throw new HttpError('not_found', `No account has the email ${email}.`);
      await setPassword(ctx, user.id, password, user.email);
      await endSessions(ctx, ctx.db, user.id);
      await audit(ctx.db, { actorId: null, action: 'password_reset', details: { userId: user.id, via: 'cli' }, at: ctx.now() });
      console.log(`Set a new password for ${email} in ${describeDatabase(config)}; their sessions ended.`);
    } else {
      if (!(await needsFirstAdmin(ctx.db)))
        throw new HttpError('conflict', 'An administrator exists already; they can invite people from the Administration page.');
      const link = await issueSetupLink(ctx);
      console.log(`Open ${link.url} to create the first administrator (works once, until ${link.expiresAt}).`);
    }
    return 0;
  } catch (err) {
    if (err instanceof HttpError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
