// Decoys against collusion. Two annotators who compare what they were served (by content: ids
// and images may differ per annotator, words and pictures do not) learn which items they share.
// Gold is shared by design (one gold item measures up to `exposureCap` annotators); live work
// without overlap is not, so "we both got it" would mean "gold". Decoys are live items served to
// more than one annotator, enough of them that a shared item is gold with at most the configured
// probability (the best colluding pair's precision), and their extra labels feed agreement.
//
// Per annotator, a share r of the queue is gold and 1 − r live, of which a share s is overlapped
// with o annotators. Any one other annotator shares a given gold item with probability
// (c − 1)/(k − 1) (c the exposure cap, k the annotators) and an overlapped live item with
// (o − 1)/(k − 1); k cancels, so the pair's precision is
//     P = r(c − 1) / (r(c − 1) + (1 − r)·s·(o − 1)),
// and P ≤ bound needs s ≥ r(c − 1)(1 − bound) / (bound·(1 − r)(o − 1)).

export interface DecoySettings {
  /** The gold share of a queue (the adaptive maximum when the rate adapts). */
  readonly goldRate: number;
  /** Most annotators one gold item goes to (the project's cap, or its annotator count without one). */
  readonly exposureCap: number;
  /** The lead's own overlap: annotators per overlapped item, and the share of live items overlapped. */
  readonly overlap: number;
  readonly overlapShare: number;
  /** Highest precision a colluding pair may reach by guessing "shared means gold" (1: no decoys). */
  readonly collusionPrecision: number;
}

export interface DecoyPlan {
  /** Annotators per overlapped live item. */
  readonly overlap: number;
  /** Share of live items overlapped (the lead's share, raised to what the bound needs). */
  readonly share: number;
  /** Labels beyond the lead's own overlap per 100 live items: what the decoys cost. */
  readonly extraLabelsPer100: number;
  /** The pair precision this plan gives (≤ the bound unless the share had to be capped at 1). */
  readonly precision: number;
}

export function decoyPlan(s: DecoySettings): DecoyPlan {
  // A rate below one in a billion serves no gold; taken literally, its subnormal arithmetic
  // rounds the precision above the bound (fast-check found 5e-324).
  const r = s.goldRate < 1e-9 ? 0 : clamp(s.goldRate, 0, 0.99);
  const c = Math.max(1, s.exposureCap);
  const bound = clamp(s.collusionPrecision, 0.01, 1);
  const leadOverlap = Math.max(1, Math.floor(s.overlap));
  const leadShare = leadOverlap > 1 ? clamp(s.overlapShare, 0, 1) : 0;
  // Without overlap of their own, decoys are items given to two annotators.
  const o = Math.max(2, leadOverlap);
  const needed = r <= 0 || c <= 1 || bound >= 1 ? 0 : (r * (c - 1) * (1 - bound)) / (bound * (1 - r) * (o - 1));
  const share = Math.max(leadOverlap > 1 ? leadShare : 0, clamp(needed, 0, 1));
  const extra = 100 * (share * (o - 1) - leadShare * (leadOverlap - 1));
  const goldPart = r * (c - 1);
  const decoyPart = (1 - r) * share * (o - 1);
  return {
    overlap: share > 0 ? o : 1,
    share,
    extraLabelsPer100: Math.max(0, Math.round(extra * 10) / 10),
    precision: goldPart === 0 ? 0 : goldPart / (goldPart + decoyPart),
  };
}

const clamp = (x: number, a: number, b: number): number => (x < a ? a : x > b ? b : x);
