// Fault injection, full size (run on demand; prints figures):
//   node --import tsx test/bench/fault-injection.ts
// 20 simulated annotators send 5,000 mutations over HTTP to a real server process that is
// killed with SIGKILL three times and restarted; then the database is counted: zero lost, zero
// duplicated, on PGlite and (when TEST_DATABASE_URL is set) on PostgreSQL. Exits 1 otherwise.
import { runFaultInjection, type FaultEngine } from '../e2e/fault-harness.ts';
import { benchEngines } from './engines.ts';

const engines: FaultEngine[] = benchEngines();
const clients = Number(process.env.FAULT_CLIENTS ?? 20);
const total = Number(process.env.FAULT_MUTATIONS ?? 5000);
const kills = Number(process.env.FAULT_KILLS ?? 3);

let failed = false;
for (const engine of engines) {
  console.log(`\n${engine}: ${clients} clients, ${total} mutations, ${kills} × SIGKILL`);
  // Up to 100 items each (the most one queue fetch leases): an item takes at most 5 revisions an
  // hour from one annotator, so the default 250 mutations a client stay under it.
  const perClient = Math.ceil(total / clients);
  const r = await runFaultInjection({ engine, clients, perClient, kills, itemsPerClient: Math.min(100, perClient), log: (l) => console.log(`  ${l}`) });
  console.log(
    `  sent ${r.sent} · stored ${r.stored} · lost ${r.lost} · duplicated ${r.duplicated} · kills ${r.kills} · failed mutation sends retried ${r.failedAttempts} · answered duplicate ${r.answeredDuplicate} · ${r.seconds.toFixed(1)} s`,
  );
  if (r.lost !== 0 || r.duplicated !== 0 || r.stored !== r.sent) failed = true;
}
if (!engines.includes('postgres')) console.log('\n(PostgreSQL skipped: set TEST_DATABASE_URL to run it too)');
process.exit(failed ? 1 : 0);
