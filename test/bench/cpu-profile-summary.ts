// Where a profiled server spent its CPU: self time by package (or our own folder) and the top
// functions, from the .cpuprofile files node writes with --cpu-prof. Used on a benchmark's server:
//   SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" node --import tsx test/bench/sync-ingest.bench.ts
//   node --import tsx test/bench/cpu-profile-summary.ts /tmp/prof/*.cpuprofile
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<pkg> (scoped too), src/<folder>/<folder>, node internals, or V8's own entries. */
function bucketOf(url: string, name: string): string {
  if (!url) return `(${name || 'anonymous'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/src\/([^/]+(?:\/[^/]+)?)\//.exec(url);
  if (own) return `src/${own[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\//, '');
}

const byBucket = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
for (const file of process.argv.slice(2)) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, k) => {
    const n = nodes.get(id)!;
    const dt = profile.timeDeltas[k] ?? 0;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)') return;
    total += dt;
    const bucket = bucketOf(url, functionName);
    byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + dt);
    const fn = `${functionName || '(anonymous)'} ${url ? `${bucket}:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
  });
}
const show = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .forEach(([k, v]) => console.log(`${((100 * v) / total).toFixed(1).padStart(5)} %  ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`));
console.log(`busy CPU (idle left out): ${(total / 1e6).toFixed(1)} s\n\nby package or folder:`);
show(byBucket, 25);
console.log('\ntop functions (self time):');
show(byFunction, 25);
