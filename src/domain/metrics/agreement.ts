// Inter-annotator agreement on items done by several annotators (nominal labels):
// Cohen's kappa for a pair of raters, Fleiss' kappa for a fixed number of raters per item, and
// Krippendorff's alpha, which takes any number of raters per item (missing ratings allowed).
//
// Conventions shared by all of them (see AgreementResult in ratings.ts):
// - `value` is null when fewer than `minItems` items (default 10) enter the statistic, or when it is
//   undefined because the expected agreement is 1 — every rating carries the same label, so chance
//   alone explains total agreement. Then `reason` is 'no variation'. (sklearn returns nan there;
//   nltk's alpha returns 1 when one label is used in the whole data set: we deliberately do not.)
// - A rater who rated the same item twice counts once, with their later rating (the latest revision
//   is the current label, DESIGN.md).
// - Everything is one linear pass over integer-coded ratings (ratings.ts): 1M ratings in ~100 ms.
//   Checked against sklearn, statsmodels and nltk in test/domain/metrics/reference.test.ts.
import { asEncoded, compareStrings, finish, ItemCounts, modalRatersPerItem, nullResult, type AgreementResult, type RatingsInput } from './ratings.ts';

export {
  encodeRatings,
  encodeSubset,
  modalRatersPerItem,
  NO_VARIATION,
  type AgreementResult,
  type EncodedRatings,
  type Rating,
  type RatingsInput,
} from './ratings.ts';
export { confusionPairs, itemDisagreement, perLabelAgreement } from './disagreement.ts';

export interface AgreementOptions {
  /** Fewest items for a value; default 10. */
  readonly minItems?: number;
}

/**
 * Cohen's kappa of two raters over the items both rated. With exactly two raters in the input they
 * are used; otherwise name them in `opts.raters` (or use pairwiseCohenKappa). Computed as sklearn's
 * cohen_kappa_score does: κ = 1 − Σ observed disagreement / Σ chance disagreement.
 */
export function cohenKappa(input: RatingsInput, opts: AgreementOptions & { readonly raters?: readonly [string, string] } = {}): AgreementResult {
  const enc = asEncoded(input);
  const minItems = opts.minItems ?? 10;
  let ra: number;
  let rb: number;
  if (opts.raters) {
    ra = enc.raters.indexOf(opts.raters[0]);
    rb = enc.raters.indexOf(opts.raters[1]);
    if (ra < 0 || rb < 0) return nullResult(0, `rater not found: ${ra < 0 ? opts.raters[0] : opts.raters[1]}`);
    if (ra === rb) return nullResult(0, 'needs two different raters');
  } else {
    if (enc.raters.length !== 2) return nullResult(0, `needs exactly two raters, found ${enc.raters.length}: pass opts.raters`);
    ra = 0;
    rb = 1;
  }
  const L = enc.labels.length;
  const ma = new Float64Array(L);
  const mb = new Float64Array(L);
  const { start, rater, label } = enc;
  let n = 0;
  let agree = 0;
  for (let it = 0; it + 1 < start.length; it++) {
    let la = -1;
    let lb = -1;
    for (let p = start[it]!; p < start[it + 1]!; p++) {
      const r = rater[p]!;
      if (r === ra) la = label[p]!;
      else if (r === rb) lb = label[p]!;
    }
    if (la < 0 || lb < 0) continue;
    n++;
    ma[la]!++;
    mb[lb]!++;
    if (la === lb) agree++;
  }
  return finish(kappaFrom(n, agree, ma, mb), n, minItems);
}

/** κ from counts; null when chance agreement is 1 (Σ ma·mb = n², exact in integers). */
function kappaFrom(n: number, agree: number, ma: ArrayLike<number>, mb: ArrayLike<number>): number | null {
  let sumProd = 0;
  for (let c = 0; c < ma.length; c++) sumProd += ma[c]! * mb[c]!;
  if (n === 0 || sumProd === n * n) return null;
  return 1 - (n - agree) / (n - sumProd / n);
}

export interface RaterPairKappa extends AgreementResult {
  /** The two raters, in string order. */
  readonly raters: readonly [string, string];
}

/**
 * Cohen's kappa for every pair of raters who share at least one item, sorted by rater names.
 * One pass over items; per pair it keeps only counts and sparse marginals, so memory is
 * O(pairs × labels used), not O(pairs × labels²).
 */
export function pairwiseCohenKappa(input: RatingsInput, opts: AgreementOptions = {}): RaterPairKappa[] {
  const enc = asEncoded(input);
  const minItems = opts.minItems ?? 10;
  const R = enc.raters.length;
  const { start, rater, label } = enc;
  type Acc = { a: number; b: number; n: number; agree: number; ma: Map<number, number>; mb: Map<number, number> };
  const pairs = new Map<number, Acc>();
  for (let it = 0; it + 1 < start.length; it++) {
    const from = start[it]!;
    const to = start[it + 1]!;
    for (let p = from; p < to; p++) {
      for (let q = p + 1; q < to; q++) {
        // Orient each pair by rater code so (x, y) and (y, x) land in the same accumulator.
        const swap = rater[p]! > rater[q]!;
        const a = swap ? rater[q]! : rater[p]!;
        const b = swap ? rater[p]! : rater[q]!;
        const la = swap ? label[q]! : label[p]!;
        const lb = swap ? label[p]! : label[q]!;
        const key = a * R + b;
        let acc = pairs.get(key);
        if (!acc) pairs.set(key, (acc = { a, b, n: 0, agree: 0, ma: new Map(), mb: new Map() }));
        acc.n++;
        if (la === lb) acc.agree++;
        acc.ma.set(la, (acc.ma.get(la) ?? 0) + 1);
        acc.mb.set(lb, (acc.mb.get(lb) ?? 0) + 1);
      }
    }
  }
  const out: RaterPairKappa[] = [];
  for (const acc of pairs.values()) {
    let sumProd = 0;
    for (const [l, c] of acc.ma) sumProd += c * (acc.mb.get(l) ?? 0);
    const value = sumProd === acc.n * acc.n ? null : 1 - (acc.n - acc.agree) / (acc.n - sumProd / acc.n);
    const x = enc.raters[acc.a]!;
    const y = enc.raters[acc.b]!;
    out.push({ ...finish(value, acc.n, minItems), raters: x < y ? [x, y] : [y, x] });
  }
  return out.sort((p, q) => compareStrings(p.raters[0], q.raters[0]) || compareStrings(p.raters[1], q.raters[1]));
}

export interface FleissResult extends AgreementResult {
  /** Raters per item used (given, or the most common count among items with ≥ 2 ratings). */
  readonly raters: number;
  /** Items left out because they had a different number of ratings. */
  readonly excluded: number;
}

/**
 * Fleiss' kappa (Fleiss 1971; statsmodels fleiss_kappa, method 'fleiss'). It assumes every item was
 * rated by the same number m of raters (who need not be the same people). Items with another count
 * are excluded and counted in `excluded`; use Krippendorff's alpha when counts vary.
 */
export function fleissKappa(input: RatingsInput, opts: AgreementOptions & { readonly raters?: number } = {}): FleissResult {
  const enc = asEncoded(input);
  const minItems = opts.minItems ?? 10;
  const m = opts.raters ?? modalRatersPerItem(enc.start);
  const totalItems = enc.items.length;
  if (m < 2) return { ...nullResult(0, 'needs items with at least two ratings'), raters: m, excluded: totalItems };
  const counts = new ItemCounts(enc);
  const cat = new Float64Array(enc.labels.length);
  let N = 0;
  let sumSq = 0;
  for (let it = 0; it < totalItems; it++) {
    if (enc.start[it + 1]! - enc.start[it]! !== m) continue;
    counts.load(it);
    N++;
    for (let t = 0; t < counts.distinct; t++) {
      const l = counts.touched[t]!;
      const x = counts.count[l]!;
      sumSq += x * x;
      cat[l]! += x;
    }
  }
  const total = N * m;
  let sumCat2 = 0;
  for (let l = 0; l < cat.length; l++) sumCat2 += cat[l]! * cat[l]!;
  let value: number | null = null;
  if (N > 0 && sumCat2 !== total * total) {
    // Mean per-item agreement P̄ = mean((Σ_j n_ij² − m) / (m(m − 1))), from integer sums (exact).
    const pBar = (sumSq - total) / (total * (m - 1));
    const pE = sumCat2 / (total * total);
    value = (pBar - pE) / (1 - pE);
  }
  return { ...finish(value, N, minItems), raters: m, excluded: totalItems - N };
}

/**
 * Krippendorff's alpha, nominal metric, from the coincidence matrix (Krippendorff 2011):
 * α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k, where item u with m_u ≥ 2 ratings adds
 * n_uc·n_uk / (m_u − 1) to o_ck. Items with fewer than two ratings are not pairable and drop out;
 * `items` counts the pairable ones. Missing ratings need no special value: they are simply absent.
 * Only the diagonal and the margins are needed: Σ_{c≠k} o_ck = n − Σ_c o_cc, Σ_{c≠k} n_c n_k = n² − Σ n_c².
 */
export function krippendorffAlpha(input: RatingsInput, opts: AgreementOptions = {}): AgreementResult {
  const enc = asEncoded(input);
  const minItems = opts.minItems ?? 10;
  const counts = new ItemCounts(enc);
  const nc = new Float64Array(enc.labels.length);
  let n = 0;
  let diag = 0;
  let items = 0;
  for (let it = 0; it < enc.items.length; it++) {
    const m = enc.start[it + 1]! - enc.start[it]!;
    if (m < 2) continue;
    counts.load(it);
    items++;
    n += m;
    for (let t = 0; t < counts.distinct; t++) {
      const l = counts.touched[t]!;
      const x = counts.count[l]!;
      diag += (x * (x - 1)) / (m - 1);
      nc[l]! += x;
    }
  }
  let sumNc2 = 0;
  for (let l = 0; l < nc.length; l++) sumNc2 += nc[l]! * nc[l]!;
  const expected = n * n - sumNc2;
  return finish(expected === 0 ? null : 1 - ((n - 1) * (n - diag)) / expected, items, minItems);
}
