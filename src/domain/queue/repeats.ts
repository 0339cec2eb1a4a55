// Where hidden repeats go among a batch of new work. Each slot is a repeat with probability
// `rate` while repeat candidates last, so the long-run share of repeat slots is the rate and
// positions are random (no "every 10th item" pattern). Repeats only sit among real work: when the
// new items run out the plan ends, so a queue never turns into nothing but repeats (a tell).
export type RepeatSlot = 'new' | 'repeat';

/** At most `slots` slots, using at most `newItems` new items and `candidates` repeats. */
export function planRepeats(slots: number, newItems: number, candidates: number, rate: number, random: () => number): RepeatSlot[] {
  const p = Math.min(Math.max(rate, 0), 0.2);
  const plan: RepeatSlot[] = [];
  let left = newItems;
  let repeats = candidates;
  while (left > 0 && plan.length < slots) {
    if (repeats > 0 && p > 0 && random() < p) {
      plan.push('repeat');
      repeats--;
    } else {
      plan.push('new');
      left--;
    }
  }
  return plan;
}
