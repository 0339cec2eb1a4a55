// The server's entry point: `npm start` (after building the client) and `npm run serve`.
import { buildApp } from './app.ts';
import { loadConfig, startupProblem } from './config.ts';
import { defaultContext } from './context.ts';
import { openDatabase } from './db/client.ts';
import { seedDemoIfEmpty } from './seed/demo.ts';
import { firstRunNotice } from './admin/first-run-notice.ts';

const config = loadConfig();
const problem = startupProblem(config);
if (problem) {
  console.error(`Touchstone will not start: ${problem}`);
  process.exit(1);
}
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const ctx = defaultContext(database.db, config);
if (config.demo && (await seedDemoIfEmpty(ctx))) console.log('Seeded the demo projects and accounts (see README).');
const app = await buildApp(ctx);
await app.listen({ port: config.port, host: config.host });
console.log(`Touchstone is ready on http://localhost:${config.port} (${database.engine}${database.engine === 'pglite' ? `, data in ${config.dataDir}` : ''})`);
for (const line of await firstRunNotice(ctx)) console.log(line);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    // Finish requests in flight, then close the database so PGlite flushes to disk.
    void app
      .close()
      .then(() => database.close())
      .finally(() => process.exit(0));
  });
}
