// PGlite runs in the server's own thread. A run of queries must let the event loop turn between
// them, or no request is read until the database falls idle: under one account's flood, another
// user's request sat unread for seconds (test/bench/flood.bench.ts).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/server/db/client.ts';
import { pgliteTemplate } from '../support/database-template.ts';

describe('PGlite and the event loop', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ memory: true, loadDataDir: pgliteTemplate() });
  });
  afterAll(async () => database?.close());

  it('lets the event loop turn between queries, not only after a run of them', async () => {
    let done = 0;
    const run = async () => {
      for (let i = 0; i < 40; i++) {
        await database.db.execute(sql`SELECT ${i}::int AS n`);
        done++;
      }
    };
    const running = run();
    const seenAt = await new Promise<number>((resolve) => setImmediate(() => resolve(done)));
    await running;
    expect(seenAt).toBeLessThan(5);
  });

  it('does the same inside a transaction', async () => {
    let done = 0;
    const running = database.db.transaction(async (tx) => {
      for (let i = 0; i < 40; i++) {
        await tx.execute(sql`SELECT ${i}::int AS n`);
        done++;
      }
    });
    const seenAt = await new Promise<number>((resolve) => setImmediate(() => resolve(done)));
    await running;
    expect(seenAt).toBeLessThan(5);
  });
});
