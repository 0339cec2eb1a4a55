// Where do annotators disagree? Per-label agreement (one label against the rest), the label pairs
// most often confused, and the items with the most disagreement. Re-exported from agreement.ts.
//
// Per-label statistics binarize the ratings ("is it label c?") and compute alpha and Fleiss' kappa
// on that. Done naively that is one pass per label; instead a single pass keeps, per label, the two
// sums the binary statistics need. For an item with m ratings, x of them label c:
//   off-diagonal coincidences of the binary alpha  o_{c,¬c} + o_{¬c,c} = 2x(m − x)/(m − 1)
//   Fleiss' per-item disagreement                   1 − P_i           = 2x(m − x)/(m(m − 1))
// and both are 0 when x = 0, so only the labels present on an item need touching.
import { asEncoded, compareStrings, finish, ItemCounts, modalRatersPerItem, type AgreementResult, type RatingsInput } from './ratings.ts';
import { topK } from './top.ts';

export interface LabelAgreement {
  readonly label: string;
  /** Ratings with this label, over all items. */
  readonly ratings: number;
  /** Krippendorff's alpha of "label vs the rest" (items with ≥ 2 ratings). */
  readonly alpha: AgreementResult;
  /** Fleiss' kappa of "label vs the rest" (items with the modal, or given, number of ratings). */
  readonly kappa: AgreementResult & { readonly raters: number; readonly excluded: number };
}

/**
 * One-vs-rest alpha and Fleiss' kappa per label, sorted by label. A label nobody (or everybody)
 * used on the pairable items has no variation: value null, reason 'no variation'.
 * Equal to krippendorffAlpha / fleissKappa run on the binarized ratings (a tested property).
 */
export function perLabelAgreement(input: RatingsInput, opts: { readonly minItems?: number; readonly raters?: number } = {}): LabelAgreement[] {
  const enc = asEncoded(input);
  const minItems = opts.minItems ?? 10;
  const L = enc.labels.length;
  const fm = opts.raters ?? modalRatersPerItem(enc.start);
  const used = new Float64Array(L);
  const aPos = new Float64Array(L); // Σ x over pairable items
  const aDis = new Float64Array(L); // Σ 2x(m − x)/(m − 1)
  const fPos = new Float64Array(L); // Σ x over items with m = fm
  const fDis = new Float64Array(L); // Σ 2x(m − x)/(m(m − 1))
  let aN = 0;
  let aItems = 0;
  let fItems = 0;
  const counts = new ItemCounts(enc);
  for (let it = 0; it < enc.items.length; it++) {
    counts.load(it);
    const m = counts.m;
    for (let t = 0; t < counts.distinct; t++) used[counts.touched[t]!]! += counts.count[counts.touched[t]!]!;
    if (m < 2) continue;
    aItems++;
    aN += m;
    const fleissItem = m === fm;
    if (fleissItem) fItems++;
    for (let t = 0; t < counts.distinct; t++) {
      const l = counts.touched[t]!;
      const x = counts.count[l]!;
      const off = 2 * x * (m - x);
      aPos[l]! += x;
      aDis[l]! += off / (m - 1);
      if (fleissItem) {
        fPos[l]! += x;
        fDis[l]! += off / (m * (m - 1));
      }
    }
  }
  const fTotal = fItems * fm;
  const out: LabelAgreement[] = [];
  for (let l = 0; l < L; l++) {
    const n1 = aPos[l]!;
    const expected = 2 * n1 * (aN - n1); // n² − n₁² − n₀² for two categories
    const alpha = finish(expected === 0 ? null : 1 - ((aN - 1) * aDis[l]!) / expected, aItems, minItems);
    let kappaValue: number | null = null;
    const f1 = fPos[l]!;
    if (fm >= 2 && fItems > 0 && f1 > 0 && f1 < fTotal) {
      const pBar = 1 - fDis[l]! / fItems;
      const p1 = f1 / fTotal;
      const pE = p1 * p1 + (1 - p1) * (1 - p1);
      kappaValue = (pBar - pE) / (1 - pE);
    }
    const kappa = { ...finish(kappaValue, fItems, minItems), raters: fm, excluded: enc.items.length - fItems };
    out.push({ label: enc.labels[l]!, ratings: used[l]!, alpha, kappa });
  }
  return out.sort((a, b) => compareStrings(a.label, b.label));
}

export interface ConfusionPair {
  /** The two labels, in string order (a < b). */
  readonly a: string;
  readonly b: string;
  /** Rater pairs that split between a and b on the same item, summed over items. */
  readonly count: number;
  /** Items on which at least one rater chose a and another chose b. */
  readonly items: number;
}

/**
 * Label pairs raters disagree on, most frequent first (ties: by label names). On an item where x
 * raters chose a and y chose b, x·y rater pairs disagree between a and b. Items with fewer than two
 * ratings cannot disagree and are skipped.
 */
export function confusionPairs(input: RatingsInput, opts: { readonly limit?: number } = {}): ConfusionPair[] {
  const enc = asEncoded(input);
  const L = enc.labels.length;
  const acc = new Map<number, { count: number; items: number }>();
  const counts = new ItemCounts(enc);
  for (let it = 0; it < enc.items.length; it++) {
    counts.load(it);
    if (counts.m < 2 || counts.distinct < 2) continue;
    for (let s = 0; s < counts.distinct; s++) {
      for (let t = s + 1; t < counts.distinct; t++) {
        const x = counts.touched[s]!;
        const y = counts.touched[t]!;
        const key = x < y ? x * L + y : y * L + x;
        const e = acc.get(key);
        const k = counts.count[x]! * counts.count[y]!;
        if (e) {
          e.count += k;
          e.items++;
        } else acc.set(key, { count: k, items: 1 });
      }
    }
  }
  const out: ConfusionPair[] = [];
  for (const [key, e] of acc) {
    const x = enc.labels[Math.floor(key / L)]!;
    const y = enc.labels[key % L]!;
    out.push(x < y ? { a: x, b: y, ...e } : { a: y, b: x, ...e });
  }
  out.sort((p, q) => q.count - p.count || compareStrings(p.a, q.a) || compareStrings(p.b, q.b));
  return opts.limit === undefined ? out : out.slice(0, opts.limit);
}

export interface ItemDisagreement {
  readonly item: string;
  /** Ratings on the item (one per rater). */
  readonly raters: number;
  /** Rater pairs: raters·(raters − 1)/2. */
  readonly pairs: number;
  readonly disagreeingPairs: number;
  /** disagreeingPairs / pairs, in [0, 1]. */
  readonly share: number;
  /** Label counts on the item, most chosen first. */
  readonly labels: ReadonlyArray<{ readonly label: string; readonly count: number }>;
}

/**
 * Per item with ≥ 2 ratings: the share of rater pairs that disagree. Sorted by share (desc), then by
 * number of raters (desc: the same share on more raters is firmer evidence), then item id.
 * `limit` keeps the top ones; the label lists are only built for what is returned.
 */
export function itemDisagreement(input: RatingsInput, opts: { readonly limit?: number } = {}): ItemDisagreement[] {
  const enc = asEncoded(input);
  const counts = new ItemCounts(enc);
  const ni = enc.items.length;
  const share = new Float64Array(ni);
  const idx: number[] = [];
  for (let it = 0; it < ni; it++) {
    const m = enc.start[it + 1]! - enc.start[it]!;
    if (m < 2) continue;
    counts.load(it);
    const agreeing = counts.agreeingPairs();
    const pairs = (m * (m - 1)) / 2;
    share[it] = (pairs - agreeing) / pairs;
    idx.push(it);
  }
  const size = (it: number): number => enc.start[it + 1]! - enc.start[it]!;
  const order = (p: number, q: number) => share[q]! - share[p]! || size(q) - size(p) || compareStrings(enc.items[p]!, enc.items[q]!);
  const top = opts.limit === undefined ? idx.sort(order) : topK(idx, opts.limit, order);
  return top.map((it) => {
    counts.load(it);
    const m = counts.m;
    const labels: Array<{ label: string; count: number }> = [];
    for (let t = 0; t < counts.distinct; t++) {
      const l = counts.touched[t]!;
      labels.push({ label: enc.labels[l]!, count: counts.count[l]! });
    }
    labels.sort((a, b) => b.count - a.count || compareStrings(a.label, b.label));
    const pairs = (m * (m - 1)) / 2;
    return { item: enc.items[it]!, raters: m, pairs, disagreeingPairs: Math.round(share[it]! * pairs), share: share[it]!, labels };
  });
}
