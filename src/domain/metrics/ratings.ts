// Ratings, encoded once for the agreement statistics.
//
// A million ratings must take well under a second per statistic, so strings are turned into dense
// integer codes in one pass (one Map lookup per field) and the ratings are grouped by item with a
// counting sort into flat typed arrays (CSR layout: item i owns positions start[i] .. start[i+1]).
// Every statistic after that is a linear scan over integers. Encode once with `encodeRatings` and pass
// the result to several statistics to pay for the strings only once.

export interface Rating {
  readonly item: string;
  readonly rater: string;
  readonly label: string;
}

export interface EncodedRatings {
  readonly kind: 'encoded-ratings';
  /** Code → id, in order of first appearance. */
  readonly items: readonly string[];
  readonly raters: readonly string[];
  readonly labels: readonly string[];
  /** Item i's ratings are at positions start[i] .. start[i + 1] − 1 of `rater` and `label`. */
  readonly start: Int32Array;
  readonly rater: Int32Array;
  readonly label: Int32Array;
  /** Ratings dropped because the same rater rated the same item again; the LATER one is kept. */
  readonly duplicates: number;
  /** Largest number of ratings on one item (sizes per-item scratch buffers). */
  readonly maxPerItem: number;
  /** The input's codes in input order (rating i is item[i], rater[i], label[i]), for encodeSubset. */
  readonly input: { readonly item: Int32Array; readonly rater: Int32Array; readonly label: Int32Array };
}

export type RatingsInput = readonly Rating[] | EncodedRatings;

/** Result of every agreement statistic. */
export interface AgreementResult {
  /**
   * The statistic, or null when it cannot be given: too few items (`minItems`), or undefined because
   * the expected agreement is 1 (every rating has the same label: reason 'no variation'), or the
   * input does not fit the statistic (reason says which).
   */
  readonly value: number | null;
  /** Items that entered the statistic. */
  readonly items: number;
  /** value === null; a UI shows "not enough data" and the reason instead of a number. */
  readonly insufficient: boolean;
  readonly reason?: string;
}

export const NO_VARIATION = 'no variation';

export function encodeRatings(ratings: readonly Rating[]): EncodedRatings {
  const n = ratings.length;
  const itemCode = new Map<string, number>();
  const raterCode = new Map<string, number>();
  const labelCode = new Map<string, number>();
  const items: string[] = [];
  const raters: string[] = [];
  const labels: string[] = [];
  const ic = new Int32Array(n);
  const rc = new Int32Array(n);
  const lc = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = ratings[i]!;
    let c = itemCode.get(r.item);
    if (c === undefined) itemCode.set(r.item, (c = items.push(r.item) - 1));
    ic[i] = c;
    c = raterCode.get(r.rater);
    if (c === undefined) raterCode.set(r.rater, (c = raters.push(r.rater) - 1));
    rc[i] = c;
    c = labelCode.get(r.label);
    if (c === undefined) labelCode.set(r.label, (c = labels.push(r.label) - 1));
    lc[i] = c;
  }
  return encodeCodes(ic, rc, lc, items, raters, labels);
}

/**
 * Builds encoded ratings item by item, for a caller whose items are distinct by construction (one
 * summary per item, one unit per cluster): no item name is hashed. Equals `encodeRatings` of the
 * same ratings when each item's ratings are added together, in the same order.
 */
export class RatingsBuilder {
  private readonly items: string[] = [];
  private readonly raters: string[] = [];
  private readonly labels: string[] = [];
  private readonly raterCode = new Map<string, number>();
  private readonly labelCode = new Map<string, number>();
  private readonly ic: number[] = [];
  private readonly rc: number[] = [];
  private readonly lc: number[] = [];

  /** A new item; returns its code for `add`. */
  item(name: string): number {
    return this.items.push(name) - 1;
  }

  add(item: number, rater: string, label: string): void {
    let r = this.raterCode.get(rater);
    if (r === undefined) this.raterCode.set(rater, (r = this.raters.push(rater) - 1));
    let l = this.labelCode.get(label);
    if (l === undefined) this.labelCode.set(label, (l = this.labels.push(label) - 1));
    this.ic.push(item);
    this.rc.push(r);
    this.lc.push(l);
  }

  build(): EncodedRatings {
    return encodeCodes(Int32Array.from(this.ic), Int32Array.from(this.rc), Int32Array.from(this.lc), this.items, this.raters, this.labels);
  }
}

/**
 * Exactly `encodeRatings(ratings.filter((_, i) => keep[i]))` for the ratings `enc` was made from,
 * without touching a string: the codes are renumbered in order of first appearance among the kept
 * ratings. A report that needs the same ratings cut several ways (per guideline version) pays for
 * the strings once.
 */
export function encodeSubset(enc: EncodedRatings, keep: Uint8Array): EncodedRatings {
  const { input } = enc;
  const n = input.item.length;
  let kept = 0;
  for (let i = 0; i < n; i++) kept += keep[i] ? 1 : 0;
  // Old code → new code (−1 until first kept), and the kept names in their new order.
  const renumber = (names: readonly string[]) => {
    const to = new Int32Array(names.length).fill(-1);
    const kept: string[] = [];
    return { kept, code: (c: number) => (to[c] === -1 ? (to[c] = kept.push(names[c]!) - 1) : to[c]!) };
  };
  const item = renumber(enc.items);
  const rater = renumber(enc.raters);
  const label = renumber(enc.labels);
  const ic = new Int32Array(kept);
  const rc = new Int32Array(kept);
  const lc = new Int32Array(kept);
  let w = 0;
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    ic[w] = item.code(input.item[i]!);
    rc[w] = rater.code(input.rater[i]!);
    lc[w] = label.code(input.label[i]!);
    w++;
  }
  return encodeCodes(ic, rc, lc, item.kept, rater.kept, label.kept);
}

/** Groups coded ratings by item (counting sort, stable) and drops repeats, keeping the later one. */
function encodeCodes(ic: Int32Array, rc: Int32Array, lc: Int32Array, items: string[], raters: string[], labels: string[]): EncodedRatings {
  const n = ic.length;
  // Counting sort by item; stable, so within an item the input order is kept (needed for "later wins").
  const ni = items.length;
  const fill = new Int32Array(ni + 1);
  for (let i = 0; i < n; i++) fill[ic[i]! + 1]!++;
  for (let i = 0; i < ni; i++) fill[i + 1]! += fill[i]!;
  const sortedRater = new Int32Array(n);
  const sortedLabel = new Int32Array(n);
  const pos = fill.slice(0, ni);
  for (let i = 0; i < n; i++) {
    const p = pos[ic[i]!]!++;
    sortedRater[p] = rc[i]!;
    sortedLabel[p] = lc[i]!;
  }
  // Drop repeated (item, rater) ratings, keeping the last: scan each item backwards and keep a rater's
  // first sighting. `seen[rater] === item + 1` marks "already kept for this item" without clearing.
  const seen = new Int32Array(raters.length);
  const keep = new Uint8Array(n);
  let duplicates = 0;
  for (let it = 0; it < ni; it++) {
    for (let p = fill[it + 1]! - 1; p >= fill[it]!; p--) {
      const r = sortedRater[p]!;
      if (seen[r] === it + 1) duplicates++;
      else {
        seen[r] = it + 1;
        keep[p] = 1;
      }
    }
  }
  const start = new Int32Array(ni + 1);
  const rater = duplicates === 0 ? sortedRater : new Int32Array(n - duplicates);
  const label = duplicates === 0 ? sortedLabel : new Int32Array(n - duplicates);
  let w = 0;
  let maxPerItem = 0;
  for (let it = 0; it < ni; it++) {
    start[it] = w;
    for (let p = fill[it]!; p < fill[it + 1]!; p++) {
      if (keep[p] === 0) continue;
      rater[w] = sortedRater[p]!;
      label[w] = sortedLabel[p]!;
      w++;
    }
    if (w - start[it]! > maxPerItem) maxPerItem = w - start[it]!;
  }
  start[ni] = w;
  return { kind: 'encoded-ratings', items, raters, labels, start, rater, label, duplicates, maxPerItem, input: { item: ic, rater: rc, label: lc } };
}

export function asEncoded(input: RatingsInput): EncodedRatings {
  return 'kind' in input && input.kind === 'encoded-ratings' ? input : encodeRatings(input as readonly Rating[]);
}

/**
 * Per-item label counts, reused across items: after `load(item)`, `distinct` labels are in
 * `touched[0 .. distinct)` and `count[label]` holds how many of the item's raters chose it.
 * Clearing only the touched entries keeps the whole scan O(ratings), whatever the number of labels.
 */
export class ItemCounts {
  readonly count: Int32Array;
  readonly touched: Int32Array;
  distinct = 0;
  /** Ratings on the loaded item. */
  m = 0;
  constructor(private readonly enc: EncodedRatings) {
    this.count = new Int32Array(enc.labels.length);
    this.touched = new Int32Array(Math.max(1, enc.maxPerItem));
  }
  load(item: number): void {
    for (let t = 0; t < this.distinct; t++) this.count[this.touched[t]!] = 0;
    const { start, label } = this.enc;
    const from = start[item]!;
    const to = start[item + 1]!;
    let distinct = 0;
    for (let p = from; p < to; p++) {
      const l = label[p]!;
      if (this.count[l]! === 0) this.touched[distinct++] = l;
      this.count[l]!++;
    }
    this.distinct = distinct;
    this.m = to - from;
  }
  /** Rater pairs on the loaded item that chose the same label. */
  agreeingPairs(): number {
    let agreeing = 0;
    for (let t = 0; t < this.distinct; t++) {
      const x = this.count[this.touched[t]!]!;
      agreeing += (x * (x - 1)) / 2;
    }
    return agreeing;
  }
}

/** Null result with a reason. */
export function nullResult(items: number, reason: string): AgreementResult {
  return { value: null, items, insufficient: true, reason };
}

/**
 * The common ending of every statistic: too few items wins over everything (a figure on too few items
 * is not shown even when it could be computed), then `value === null` means "undefined: no variation".
 */
export function finish(value: number | null, items: number, minItems: number): AgreementResult {
  if (items < minItems) return nullResult(items, `too few items (${items} < ${minItems})`);
  if (value === null || !Number.isFinite(value)) return nullResult(items, NO_VARIATION);
  return { value, items, insufficient: false };
}

/** The most common number of ratings among items with at least two (ties: the larger count). */
export function modalRatersPerItem(start: Int32Array): number {
  const freq = new Map<number, number>();
  for (let it = 0; it + 1 < start.length; it++) {
    const m = start[it + 1]! - start[it]!;
    if (m >= 2) freq.set(m, (freq.get(m) ?? 0) + 1);
  }
  let best = 0;
  let bestFreq = 0;
  for (const [m, f] of freq) if (f > bestFreq || (f === bestFreq && m > best)) [best, bestFreq] = [m, f];
  return best;
}

export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
