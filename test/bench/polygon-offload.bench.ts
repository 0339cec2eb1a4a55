// Large polygon checks off the request thread (run on demand; prints figures):
//   node --import tsx test/bench/polygon-offload.bench.ts
// Starts the real server (demo seed, PGlite) twice: with CPU_THREADS=0 (the checks on the thread
// that answers requests, as before) and with the default worker pool. Each time it times:
//   - a 130 × 5,000-vertex sync (7.7 MB), which must be refused at once;
//   - another user's requests (GET project) alone, then while one annotator keeps LOUD_LOOPS syncs of
//     10 × 5,000-vertex simple stars (50,000 vertices, the most a request may carry) in flight. Each
//     such sync carries one box outside the image too, so every polygon is fully checked and the
//     batch is refused: nothing is stored and the revision bound never stops the load.
// Per-user rate limits are raised for the run (they are not what is measured here).
import os from 'node:os';
import { startServer } from '../e2e/harness.ts';
import { DEMO_PASSWORD } from '../../src/server/seed/demo-content.ts';

const SECONDS = Number(process.env.LOUD_SECONDS ?? 15);
const LOOPS = Number(process.env.LOUD_LOOPS ?? 2);
const ROUNDS = Number(process.env.QUIET_ROUNDS ?? 100);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] as number;
const star = (n: number, w: number, h: number): Array<[number, number]> =>
  Array.from({ length: n }, (_, i) => {
    const r = (Math.min(w, h) / 2 - 2) * (i % 2 ? 0.5 : 1);
    const a = (2 * Math.PI * i) / n;
    return [Math.round((w / 2 + r * Math.cos(a)) * 100) / 100, Math.round((h / 2 + r * Math.sin(a)) * 100) / 100];
  });

let failures = 0;
function fail(why: string) {
  if (failures++ < 5) console.error(`  FAIL: ${why}`);
}

async function measure(label: string, env: Record<string, string>) {
  const server = await startServer({ env: { USER_RATE_PER_MINUTE: '1000000', ...env } });
  try {
    const base = server.url;
    const signIn = async (email: string) => {
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'touchstone' },
        body: JSON.stringify({ email, password: DEMO_PASSWORD }),
      });
      return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    };
    const quiet = await signIn('annotator2@touchstone.test');
    const loud = await signIn('annotator@touchstone.test');
    const get = (cookie: string, path: string) => fetch(`${base}${path}`, { headers: { cookie } });
    const post = (cookie: string, path: string, body?: string) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        body,
        headers: { cookie, 'x-requested-with': 'touchstone', ...(body ? { 'content-type': 'application/json' } : {}) },
      });
    const { projects } = (await (await get(quiet, '/api/projects')).json()) as { projects: Array<{ id: string; kind: string }> };
    const project = projects.find((p) => p.kind === 'image')!.id;
    const guideline = ((await (await get(loud, `/api/projects/${project}`)).json()) as { guideline: { id: string } }).guideline.id;
    const queue = (await (await post(loud, `/api/projects/${project}/queue?limit=5`)).json()) as {
      items: Array<{ id: string; image: { width: number; height: number } }>;
    };
    const item = queue.items[0]!;
    const sync = (n: number) => {
      // 10 × 4,990 + a box's 4 = 49,904 vertices: just under the request limit.
      const points = star(n === 10 ? 4990 : 5000, item.image.width, item.image.height);
      const shapes = [
        ...Array.from({ length: n }, (_, k) => ({ id: `p${k}`, kind: 'polygon', label: 'cup', points, attributes: {} })),
        { id: 'out', kind: 'box', label: 'cup', x: item.image.width + 10, y: 0, w: 5, h: 5, attributes: {} },
      ];
      const now = new Date().toISOString();
      const m = {
        id: crypto.randomUUID(),
        type: 'annotation.submit',
        projectId: project,
        itemId: item.id,
        guidelineVersionId: guideline,
        payload: { shapes, spans: [], classes: [] },
        startedAt: now,
        submittedAt: now,
        durationMs: 1000,
      };
      return JSON.stringify({ schemaVersion: 1, mutations: [m] });
    };

    const big = sync(130);
    const t0 = performance.now();
    // The server answers 413 as soon as the body passes its limit, and may close before the client has sent it all.
    const refused = await post(loud, '/api/sync', big).then(
      async (r) => (await r.arrayBuffer(), String(r.status)),
      (e: Error) => `connection closed (${(e.cause as Error | undefined)?.message ?? e.message})`,
    );
    console.log(`[${label}] 130 × 5,000 vertices (${(big.length / 1e6).toFixed(1)} MB): ${refused} in ${(performance.now() - t0).toFixed(0)} ms`);
    if (refused !== '413' && !refused.startsWith('connection closed')) fail(`the 130 × 5,000-vertex sync was answered ${refused}, not refused at once`);

    const rounds = async (n: number) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        const res = await get(quiet, `/api/projects/${project}`);
        await res.arrayBuffer();
        // The quiet user's refusal is no latency: not timed, and the run fails.
        if (res.status !== 200) fail(`the other user's GET was answered ${res.status}`);
        else times.push(performance.now() - t);
      }
      return times;
    };
    await rounds(20);
    const alone = await rounds(ROUNDS);
    const body = sync(10);
    let stop = false;
    const loudTimes: number[] = [];
    const statuses = new Map<number, number>();
    const loop = async () => {
      while (!stop) {
        const t = performance.now();
        const res = await post(loud, '/api/sync', body);
        const text = await res.text();
        loudTimes.push(performance.now() - t);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        // The load is the check itself: every loud sync must come back refused for the box outside
        // the image (all its polygons checked). Any other answer (429, 413) did not load the server.
        if (!text.includes('"code":"invalid"')) fail(`a loud sync was answered ${res.status} without the check: ${text.slice(0, 200)}`);
      }
    };
    const loops = Array.from({ length: LOOPS }, loop);
    const started = Date.now();
    const during: number[] = [];
    while (Date.now() - started < SECONDS * 1000) during.push(...(await rounds(10)));
    stop = true;
    await Promise.all(loops);
    const f = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (${xs.length})`;
    console.log(`[${label}] other user alone:          ${f(alone)}`);
    console.log(`[${label}] other user during the load: ${f(during)}`);
    console.log(`[${label}] loud 50,000-vertex syncs:   ${f(loudTimes)}; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  } finally {
    await server.stop();
  }
}

console.log(
  `load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}, ${os.availableParallelism()} cores`,
);
await measure('on the request thread (CPU_THREADS=0)', { CPU_THREADS: '0' });
await measure('worker pool (default)', {});
console.log(
  `load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
if (failures > 0) {
  console.error(`\n${failures} timed request(s) were not what they had to be: these figures are not a measurement.`);
  process.exit(1);
}
