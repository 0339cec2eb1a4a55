// `npm run seed`: seeds the demo into the configured database (refuses if it already has users).
import { loadConfig } from '../config.ts';
import { defaultContext } from '../context.ts';
import { openDatabase } from '../db/client.ts';
import { seedDemoIfEmpty } from '../seed/demo.ts';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const seeded = await seedDemoIfEmpty(defaultContext(database.db, config));
console.log(seeded ? 'Seeded the demo projects and accounts.' : 'The database already has users; nothing was seeded.');
await database.close();
