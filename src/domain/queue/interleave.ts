// Where hidden gold goes in a batch of work. Each slot is gold with a probability chosen so the
// long-run share of gold is `rate` despite the minimum gap; positions are random, so no pattern
// (every 10th item, first of a batch) gives gold away. No live work, no gold.
export interface InterleaveOptions {
  /** Target share of gold in the queue, in [0, 1). */
  rate: number;
  /** At least this many live items between two gold items. */
  minGap: number;
  /** Live items served since the last gold item (carried across batches). */
  sinceLastGold: number;
  /** Live items there are to serve: the plan ends with the last of them (never gold-only). */
  liveAvailable?: number;
  random: () => number;
}

export type Slot = 'live' | 'gold';

export function planSlots(slots: number, goldAvailable: number, opts: InterleaveOptions): Slot[] {
  const rate = Math.min(Math.max(opts.rate, 0), 0.99);
  // With a gap g after each gold, the expected cycle is g + 1/p slots holding one gold;
  // solving 1 / (g + 1/p) = rate for p gives p = rate / (1 − rate·g).
  const denom = 1 - rate * opts.minGap;
  const p = rate <= 0 ? 0 : denom <= 0 ? 1 : Math.min(1, rate / denom);
  const plan: Slot[] = [];
  let since = opts.sinceLastGold;
  let gold = goldAvailable;
  let live = opts.liveAvailable ?? Number.POSITIVE_INFINITY;
  // Gold only ever sits among live work: once the live items are placed the plan ends, so running
  // out of live work can never turn a queue into a stream of gold (which would give it away).
  for (let i = 0; i < slots && live > 0; i++) {
    if (gold > 0 && since >= opts.minGap && opts.random() < p) {
      plan.push('gold');
      gold--;
      since = 0;
    } else {
      plan.push('live');
      live--;
      since++;
    }
  }
  return plan;
}
