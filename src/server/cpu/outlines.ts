// Polygon outline checks (and the ledger's body hashes) of a large sync request, done on worker
// threads before the request's transaction: the self-intersection sweep over tens of thousands of vertices would otherwise hold
// the thread every other user's request is answered on. The answers are kept against the very
// points arrays of this request (a WeakMap: nothing outlives the request), and validation
// (validateAnnotation's knownOutline) takes them instead of checking again. Small requests, the
// usual case, are checked in place: posting them to a thread would cost more than checking.
import type { OutlineCheck } from '../../domain/geometry/polygon.ts';
import type { Polygon } from '../../domain/geometry/types.ts';
import type { CpuPool } from './pool.ts';

/** Polygon vertices in one request from which its outlines are checked on worker threads (a few ms of work). */
export const OFFLOAD_VERTICES = 2_000;

const known = new WeakMap<Polygon, OutlineCheck>();

/** The outline check computed for these points by precheckOutlines, if any. */
export const knownOutline = (points: Polygon): OutlineCheck | undefined => known.get(points);

type Carrier = { payload?: Payload; tentative?: Payload | null };
type Payload = { shapes: ReadonlyArray<{ kind: string; points?: Polygon }> };

function polygonsOf(mutations: readonly Carrier[]): Polygon[] {
  const out: Polygon[] = [];
  for (const m of mutations)
    for (const p of [m.payload, m.tentative]) for (const s of p?.shapes ?? []) if (s.kind === 'polygon' && s.points && !known.has(s.points)) out.push(s.points);
  return out;
}

/**
 * For a request carrying many polygon vertices: checks their outlines, and hashes the mutations for
 * the ledger (setBodyHash), on the pool. A small request is left as it is (both happen in place).
 */
export async function precheckLargeSync(
  cpu: CpuPool,
  mutations: ReadonlyArray<Carrier & object>,
  setBodyHash: (m: object, hash: string) => void,
): Promise<void> {
  const polygons = polygonsOf(mutations);
  const total = polygons.reduce((n, p) => n + p.length, 0);
  if (total < OFFLOAD_VERTICES) return;
  const [hashes] = await Promise.all([cpu.run('hashBodies', [...mutations]), checkOutlines(cpu, polygons)]);
  mutations.forEach((m, i) => setBodyHash(m, hashes[i]!));
}

/** The same for payloads a lead sends (imports, gold answers, corrections, rulings), before they are validated. */
export async function precheckPayloads(cpu: CpuPool, payloads: ReadonlyArray<Payload | null | undefined>): Promise<void> {
  const polygons = polygonsOf(payloads.map((payload) => ({ payload: payload ?? undefined })));
  if (polygons.reduce((n, p) => n + p.length, 0) >= OFFLOAD_VERTICES) await checkOutlines(cpu, polygons);
}

async function checkOutlines(cpu: CpuPool, polygons: Polygon[]): Promise<void> {
  // Split over the threads by vertex count (largest first into the lightest share).
  const shares = Array.from({ length: Math.max(1, cpu.threads) }, () => ({ vertices: 0, polygons: [] as Polygon[] }));
  for (const p of [...polygons].sort((a, b) => b.length - a.length)) {
    const lightest = shares.reduce((a, b) => (b.vertices < a.vertices ? b : a));
    lightest.vertices += p.length;
    lightest.polygons.push(p);
  }
  const used = shares.filter((s) => s.polygons.length > 0);
  const answers = await Promise.all(used.map((s) => cpu.run('checkOutlines', s.polygons as Polygon[])));
  used.forEach((s, i) => s.polygons.forEach((p, j) => known.set(p, answers[i]![j]!)));
}
