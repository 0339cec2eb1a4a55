// vitest global setup for the suites that start databases: the migrated PGlite dump (see
// database-template.ts). Its path goes to the workers in the environment they inherit.
import { ensurePgliteTemplate } from './database-template.ts';

export default async function setup(): Promise<void> {
  process.env.TOUCHSTONE_PGLITE_TEMPLATE = await ensurePgliteTemplate();
}
