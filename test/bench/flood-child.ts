// The flood benchmark's flooder (see flood.bench.ts), in a process of its own, as the other user's
// machine would be: in the benchmark's own process, the flooder's thousands of answers a second
// would delay the quiet user's timers, and the benchmark would time its own event loop.
//   forked with: <base URL> <cookie> <path> <connections>; floods until told 'stop', then sends
//   its counts back.
import http from 'node:http';

const [base, cookie, path, connections] = process.argv.slice(2) as [string, string, string, string];
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
const counts = { ok: 0, limited: 0, other: 0 };
let stop = false;

const call = () =>
  new Promise<number>((resolve) => {
    const req = http.request(`${base}${path}`, { method: 'POST', agent, headers: { cookie, 'x-requested-with': 'touchstone' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });

const flooder = async () => {
  while (!stop) {
    const status = await call();
    if (status === 200) counts.ok++;
    else if (status === 429) counts.limited++;
    else counts.other++;
  }
};

process.on('message', async (m) => {
  if (m !== 'stop') return;
  stop = true;
  await Promise.all(floods);
  agent.destroy();
  process.send!(counts, () => process.exit(0));
});
// The benchmark gone (it failed, or was interrupted): stop, never flood on alone.
process.on('disconnect', () => process.exit(0));
const floods = Array.from({ length: Number(connections) }, flooder);
process.send!('started');
