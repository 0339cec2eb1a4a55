// `npm run rebuild [-- --project <id>]`: recomputes every derived table from the revisions
// (deferred/rebuild.ts says which and how), for every project or one. Opens the database the server
// uses (DATA_DIR / DATABASE_URL); with the embedded database, stop the server first. Gold scoring
// runs in this process (no requests to keep answering here).
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { defaultContext } from '../context.ts';
import { openDatabase } from '../db/client.ts';
import { rebuildAll, rebuildProject, type RebuildReport } from '../deferred/rebuild.ts';

const { values } = parseArgs({ options: { project: { type: 'string' } } });
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const ctx = defaultContext(database.db, config, { log: { error: (details, message) => console.error(message, details) } });
const started = performance.now();
const say = (r: RebuildReport) =>
  console.log(`project ${r.projectId}: ${r.goldItems} gold items, ${r.goldRevisions} gold revisions scored, ${r.agreementItems} agreement summaries`);
try {
  if (values.project) say(await rebuildProject(ctx, values.project));
  else await rebuildAll(ctx, say);
  console.log(`rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await database.close();
}
