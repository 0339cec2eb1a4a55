// The engines a benchmark runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set;
// BENCH_ENGINES=postgres (or pglite) narrows that to one, e.g. to profile or log one engine's run.
import type { FaultEngine } from '../e2e/fault-harness.ts';

export function benchEngines(): FaultEngine[] {
  const available: FaultEngine[] = ['pglite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])];
  const wanted = process.env.BENCH_ENGINES?.split(',').map((e) => e.trim());
  if (!wanted) return available;
  const unknown = wanted.filter((e) => !available.includes(e as FaultEngine));
  if (unknown.length > 0) throw new Error(`BENCH_ENGINES names ${unknown.join(', ')}, which this run cannot use (PostgreSQL needs TEST_DATABASE_URL).`);
  return available.filter((e) => wanted.includes(e));
}
