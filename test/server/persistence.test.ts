import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.ts';
import { defaultContext } from '../../src/server/context.ts';
import { openDatabase } from '../../src/server/db/client.ts';
import { users } from '../../src/server/db/schema.ts';
import { seedDemoIfEmpty } from '../../src/server/seed/demo.ts';

describe('embedded database under DATA_DIR', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'touchstone-persist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('survives a restart, and the demo is seeded only into an empty database', async () => {
    const config = { ...loadConfig({ DATA_DIR: dir }), logLevel: 'silent' };
    const first = await openDatabase({ dataDir: dir });
    expect(await seedDemoIfEmpty(defaultContext(first.db, config))).toBe(true);
    const count = await first.db.$count(users);
    await first.close();

    const second = await openDatabase({ dataDir: dir });
    expect(await second.db.$count(users)).toBe(count);
    expect(await seedDemoIfEmpty(defaultContext(second.db, config))).toBe(false);
    await second.close();
  });
});
