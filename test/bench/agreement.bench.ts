// Agreement benchmark: time to compute Cohen's kappa, Fleiss' kappa and Krippendorff's alpha (and the
// per-label and disagreement views) for 10k, 100k and 1M ratings, k = 3 raters per item, 8 labels.
//   node --import tsx test/bench/agreement.bench.ts
// Prints figures, asserts nothing. "from ratings" includes encoding the strings (what a single call
// costs); "encoded" reuses one encodeRatings result (what a dashboard computing several figures pays).
// Target (brief): 1M ratings well under 2 s per statistic.
import { performance } from 'node:perf_hooks';
import {
  cohenKappa,
  confusionPairs,
  encodeRatings,
  fleissKappa,
  itemDisagreement,
  krippendorffAlpha,
  pairwiseCohenKappa,
  perLabelAgreement,
  type Rating,
} from '../../src/domain/metrics/agreement.ts';
import { agreementReport, agreementReportOf } from '../../src/domain/metrics/agreement-report.ts';
import { decodeItemAgreements, encodeItemAgreement, itemAgreement } from '../../src/domain/metrics/item-agreement.ts';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const K = 3;
const LABELS = ['car', 'person', 'bike', 'bus', 'truck', 'sign', 'tree', 'dog'];

/** mulberry32: a small seeded PRNG, so every run measures the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Items with a true label; each of K raters is right 80% of the time, else picks at random. */
function makeRatings(count: number, seed = 42): Rating[] {
  const rand = rng(seed);
  const out: Rating[] = [];
  const items = Math.ceil(count / K);
  for (let i = 0; i < items && out.length < count; i++) {
    const truth = LABELS[Math.floor(rand() * rand() * LABELS.length)]!; // skewed prevalence
    for (let r = 0; r < K && out.length < count; r++) {
      const label = rand() < 0.8 ? truth : LABELS[Math.floor(rand() * LABELS.length)]!;
      out.push({ item: `item-${i}`, rater: `rater-${r}`, label });
    }
  }
  return out;
}

function time<T>(fn: () => T): { ms: number; value: T } {
  let best = Infinity;
  let value!: T;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    value = fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, value };
}

const fmt = (ms: number): string => `${ms.toFixed(1).padStart(8)} ms`;
const val = (v: number | null | undefined): string => (v === null || v === undefined ? 'null' : v.toFixed(4));

console.log(`agreement benchmark: k=${K} raters per item, ${LABELS.length} labels, best of ${RUNS} runs, node ${process.version}`);
for (const size of SIZES) {
  const ratings = makeRatings(size);
  console.log(`\n${size.toLocaleString('en')} ratings (${Math.ceil(size / K).toLocaleString('en')} items)`);
  const enc = time(() => encodeRatings(ratings));
  console.log(`  encodeRatings                 ${fmt(enc.ms)}`);
  const rows: Array<[string, () => unknown, () => unknown, (v: unknown) => string]> = [
    [
      "Cohen's kappa (rater-0 × 1)",
      () => cohenKappa(ratings, { raters: ['rater-0', 'rater-1'] }),
      () => cohenKappa(enc.value, { raters: ['rater-0', 'rater-1'] }),
      (v) => val((v as { value: number | null }).value),
    ],
    ["Fleiss' kappa", () => fleissKappa(ratings), () => fleissKappa(enc.value), (v) => val((v as { value: number | null }).value)],
    ["Krippendorff's alpha", () => krippendorffAlpha(ratings), () => krippendorffAlpha(enc.value), (v) => val((v as { value: number | null }).value)],
    ['pairwise Cohen (3 pairs)', () => pairwiseCohenKappa(ratings), () => pairwiseCohenKappa(enc.value), (v) => `${(v as unknown[]).length} pairs`],
    ['perLabelAgreement', () => perLabelAgreement(ratings), () => perLabelAgreement(enc.value), (v) => `${(v as unknown[]).length} labels`],
    ['confusionPairs', () => confusionPairs(ratings), () => confusionPairs(enc.value), (v) => `${(v as unknown[]).length} pairs`],
    [
      'itemDisagreement (top 100)',
      () => itemDisagreement(ratings, { limit: 100 }),
      () => itemDisagreement(enc.value, { limit: 100 }),
      (v) => `${(v as unknown[]).length} items`,
    ],
  ];
  console.log('  statistic                       from ratings       encoded   value');
  for (const [name, raw, encoded, show] of rows) {
    const a = time(raw);
    const b = time(encoded);
    console.log(`  ${name.padEnd(28)}${fmt(a.ms)}   ${fmt(b.ms)}   ${show(b.value)}`);
  }
}

// The whole report the agreement API returns (agreement-report.ts: every statistic above, per
// guideline version too) at each size: from the answers themselves (agreementReport), and as the
// route computes it, from the stored per-item summaries as read from the database (decode the
// JSON, then agreementReportOf) — the per-item work (item-agreement.ts) is done when answers change.
console.log('\nwhole report                    from answers   from stored summaries (decode + sum)');
for (const size of SIZES) {
  const answers = makeRatings(size, 7).map((r, i) => ({
    itemId: r.item,
    annotatorId: r.rater,
    versionId: i % 2 === 0 ? 'v1' : 'v2',
    payload: { classes: [r.label], shapes: [], spans: [] },
  }));
  const versions = [
    { id: 'v1', version: '1.0', kind: 'initial', sections: [] },
    { id: 'v2', version: '1.1', kind: 'clarification', sections: [] },
  ];
  const report = time(() => agreementReport(answers, versions, { iouThreshold: 0.5 }));
  const byItem = new Map<string, typeof answers>();
  for (const a of answers) byItem.set(a.itemId, [...(byItem.get(a.itemId) ?? []), a]);
  const stored = [...byItem].map(([item, list]) => encodeItemAgreement(itemAgreement(item, list, 0.5)));
  // As the database hands them over: a few hundred summaries joined per row.
  const rows = Array.from({ length: Math.ceil(stored.length / 400) }, (_, i) => stored.slice(i * 400, i * 400 + 400).join(','));
  const summed = time(() =>
    agreementReportOf(
      rows.flatMap((r) => decodeItemAgreements(r)),
      versions,
      {},
    ),
  );
  console.log(
    `  ${`${size.toLocaleString('en')} ratings (${byItem.size.toLocaleString('en')} items)`.padEnd(30)}${fmt(report.ms)}   ${fmt(summed.ms)}   alpha ${val(summed.value.overall.alpha.value)}`,
  );
}
