// Mann–Whitney U (Wilcoxon rank-sum) test of two independent samples, two-sided, with the normal
// approximation, tie correction and continuity correction — as scipy.stats.mannwhitneyu gives it
// (method="asymptotic"). Used where a difference must be shown absent: gold vs live response times.
import { normalSf } from './special.ts';

export interface RankTest {
  u: number;
  z: number;
  /** Two-sided p-value. */
  p: number;
}

export function mannWhitneyU(a: readonly number[], b: readonly number[]): RankTest {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { u: 0, z: 0, p: 1 };
  const all = [...a.map((v) => ({ v, first: true })), ...b.map((v) => ({ v, first: false }))].sort((x, y) => x.v - y.v);
  // Mid-ranks for ties; the tie term corrects the variance.
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.v === all[i]!.v) j++;
    const rank = (i + j) / 2 + 1;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    for (let k = i; k <= j; k++) if (all[k]!.first) rankSumA += rank;
    i = j + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, z: 0, p: 1 };
  const diff = Math.abs(u - mean) - 0.5;
  const z = Math.max(0, diff) / Math.sqrt(variance);
  return { u, z, p: Math.min(1, 2 * normalSf(z)) };
}
