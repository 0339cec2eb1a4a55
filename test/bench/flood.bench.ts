// One user floods, another keeps working (run on demand; prints figures):
//   node --import tsx test/bench/flood.bench.ts      (PostgreSQL too when TEST_DATABASE_URL is set)
// Starts the real server (demo seed; PGlite, then PostgreSQL) on 127.0.0.1. The quiet annotator
// times a fixed round of requests (project list, project, queue lease; QUIET_PAUSE_MS between
// rounds) alone, then again while the flooding annotator, in a process of its own, keeps
// FLOOD_CONNECTIONS (200) requests in flight, for FLOOD_SECONDS or the quiet rounds, whichever is longer. Exits non-zero when any timed
// request of the quiet user was refused, or its p99 under the flood passes 2× its quiet p99 (on
// any engine).
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { freshDatabase, type FaultEngine } from '../e2e/fault-harness.ts';
import { startServer } from '../e2e/harness.ts';
import { benchEngines } from './engines.ts';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-content.ts';

const CONNECTIONS = Number(process.env.FLOOD_CONNECTIONS ?? 200);
const SECONDS = Number(process.env.FLOOD_SECONDS ?? 20);
const ROUNDS = Number(process.env.QUIET_ROUNDS ?? 40);
// The quiet user works like a person, not a script: a pause between rounds keeps its three requests
// a round well under the per-user rate (600 a minute), so its own limit never refuses it.
const PAUSE_MS = Number(process.env.QUIET_PAUSE_MS ?? 400);

let failed = false;
for (const engine of benchEngines()) failed = (await floodRun(engine)) || failed;
process.exitCode = failed ? 1 : 0;

/** One engine's run; true when it failed. */
async function floodRun(engine: FaultEngine): Promise<boolean> {
  const fresh = await freshDatabase(engine);
  const server = await startServer({ env: fresh.env });
  const stopAll = () =>
    void server
      .stop()
      .then(fresh.cleanup)
      .then(() => process.exit(1));
  process.once('SIGINT', stopAll);
  process.once('SIGTERM', stopAll);
  console.log(`\n${engine}: server on ${server.url}`);
  const base = server.url;
  // The quiet user's own connections. The flooder has its own process (below), as two people on
  // two machines would: sharing this process, the quiet user's requests and timers could wait
  // behind the flooder's answers, and the benchmark would time its own queue.
  const quietAgent = new http.Agent({ keepAlive: true });
  const request = (agent: http.Agent, method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; body: Buffer; setCookie: string[] }>((resolve, reject) => {
      const req = http.request(`${base}${path}`, { method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), setCookie: res.headers['set-cookie'] ?? [] }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  async function signIn(email: string) {
    const res = await request(
      quietAgent,
      'POST',
      '/api/auth/login',
      { 'content-type': 'application/json', 'x-requested-with': 'touchstone' },
      JSON.stringify({ email, password: DEMO_PASSWORD }),
    );
    if (res.status !== 200) throw new Error(`sign-in of ${email}: ${res.status}`);
    return (res.setCookie[0] ?? '').split(';')[0] as string;
  }
  const call = (agent: http.Agent, cookie: string, method: string, path: string) =>
    request(agent, method, path, { cookie, ...(method === 'GET' ? {} : { 'x-requested-with': 'touchstone' }) });

  const quietCookie = await signIn('annotator2@touchstone.test');
  const floodCookie = await signIn('annotator@touchstone.test');
  const { projects } = JSON.parse((await call(quietAgent, quietCookie, 'GET', '/api/projects')).body.toString()) as {
    projects: Array<{ id: string; kind: string }>;
  };
  const project = projects.find((p) => p.kind === 'image')!.id;
  const round: Array<[string, string]> = [
    ['GET', '/api/projects'],
    ['GET', `/api/projects/${project}`],
    ['POST', `/api/projects/${project}/queue?limit=20`],
  ];

  let refusedQuiet = 0;
  let child: ChildProcess | undefined;
  async function quietRounds(): Promise<number[]> {
    const times: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      for (const [method, path] of round) {
        const t0 = performance.now();
        const res = await call(quietAgent, quietCookie, method, path);
        times.push(performance.now() - t0);
        if (res.status !== 200) {
          refusedQuiet++;
          console.error(`quiet user refused: ${method} ${path} → ${res.status}`);
        }
      }
      await new Promise((r) => setTimeout(r, PAUSE_MS));
    }
    return times;
  }
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] as number;

  try {
    await quietRounds(); // warm-up
    const quiet = await quietRounds();
    console.log(`quiet rounds done; flooding with ${CONNECTIONS} connections for ${SECONDS} s`);
    // The flooder runs in a process of its own (flood-child.ts): another user's machine.
    const flooder = fork(
      fileURLToPath(new URL('./flood-child.ts', import.meta.url)),
      [base, floodCookie, `/api/projects/${project}/queue?limit=100`, String(CONNECTIONS)],
      { execArgv: ['--import', 'tsx'] },
    );
    child = flooder;
    const message = () =>
      new Promise<unknown>((resolve, reject) => (flooder.once('message', resolve), flooder.once('exit', () => reject(new Error('the flooder exited')))));
    await message();
    const started = Date.now();
    const loud: number[] = [];
    while (Date.now() - started < SECONDS * 1000) loud.push(...(await quietRounds()));
    const counted = message();
    flooder.send('stop');
    const counts = (await counted) as { ok: number; limited: number; other: number };
    const ratio = pct(loud, 99) / pct(quiet, 99);
    console.log(`quiet user alone:        p50 ${pct(quiet, 50).toFixed(1)} ms, p99 ${pct(quiet, 99).toFixed(1)} ms (${quiet.length} requests)`);
    console.log(
      `quiet user under flood:  p50 ${pct(loud, 50).toFixed(1)} ms, p99 ${pct(loud, 99).toFixed(1)} ms (${loud.length} requests), p99 ratio ${ratio.toFixed(2)}`,
    );
    const slowest = (xs: number[]) =>
      xs
        .map((x, i) => [x, i] as const)
        .sort((a, b) => b[0] - a[0])
        .slice(0, 5)
        .map(([x, i]) => `${x.toFixed(0)} (#${i})`)
        .join(', ');
    console.log(`slowest five, ms (#request): alone ${slowest(quiet)}; under flood ${slowest(loud)}`);
    console.log(`flooder (${CONNECTIONS} connections, ${SECONDS} s): ${counts.ok} served, ${counts.limited} refused with 429, ${counts.other} other`);
    if (refusedQuiet > 0) console.error(`FAIL: ${refusedQuiet} requests of the quiet user were refused`);
    if (ratio > 2) console.error('FAIL: the quiet user’s p99 under the flood is more than twice its quiet p99');
    // A flood that never reached the server (every call failed) would make a quiet run look loud-proof.
    const noFlood = counts.ok + counts.limited < CONNECTIONS;
    if (noFlood) console.error('FAIL: the flood did not reach the server');
    return refusedQuiet > 0 || ratio > 2 || noFlood;
  } finally {
    child?.kill();
    process.off('SIGINT', stopAll);
    process.off('SIGTERM', stopAll);
    quietAgent.destroy();
    await server.stop();
    await fresh.cleanup();
  }
}
