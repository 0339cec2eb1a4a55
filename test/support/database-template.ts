// Every server test starts a database, and a fresh PGlite spends most of its start in initdb and
// the migrations (about 4 s of CPU each, times ~150 servers a run). So the run migrates one PGlite
// once, keeps its dump in a file named by the migrations' content, and every test database loads
// that dump instead (about 1 s); the migrator still runs on it, finding nothing to do. The e2e
// servers' data folders are filled the same way before they start.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../../src/server/db/client.ts';

const MIGRATIONS = path.resolve('src/server/db/migrations');

function migrationsDigest(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, name.name);
      if (name.isDirectory()) walk(full);
      else h.update(name.name).update(readFileSync(full));
    }
  };
  walk(MIGRATIONS);
  // A dump is only as good as the engine and migrator that wrote it: their versions are in the name too.
  for (const pkg of ['@electric-sql/pglite', 'drizzle-orm']) h.update(readFileSync(path.resolve('node_modules', pkg, 'package.json')));
  return h.digest('hex').slice(0, 16);
}

/** The dump's path; made (once per migrations content) when missing. Runs in vitest's global setup. */
export async function ensurePgliteTemplate(): Promise<string> {
  const file = path.join(os.tmpdir(), `touchstone-pglite-${migrationsDigest()}.tar`);
  if (existsSync(file)) return file;
  const database = await openDatabase({ memory: true });
  const client = (database.db as unknown as { $client: PGlite }).$client;
  const dump = await client.dumpDataDir('none');
  await database.close();
  // Two runs at once must never read a half-written file: write aside, then rename.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
  return file;
}

/** The migrated dump to start a database from, or undefined outside a run that made one. */
export function pgliteTemplate(): Blob | undefined {
  const file = process.env.TOUCHSTONE_PGLITE_TEMPLATE;
  return file && existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
}
