// The project agreement report from current answers: the statistics of agreement.ts on
// each annotator's class set, inter-annotator F1 on shapes and spans, where annotators disagree and
// which guideline sections cover those labels, and per-label alpha per guideline version.
import type { AgreementReport } from '../api/agreement.ts';
import type { AnnotationPayload } from '../api/annotation.ts';
import type { GuidelineSection } from '../api/guidelines.ts';
import { confusionPairs, encodeSubset, fleissKappa, itemDisagreement, krippendorffAlpha, pairwiseCohenKappa, perLabelAgreement } from './agreement.ts';
import { itemAgreement, type ItemAgreement } from './item-agreement.ts';
import { compareStrings, RatingsBuilder } from './ratings.ts';
import { NO_SHAPE, NO_SPAN, unitAgreement, unitId } from './unit-agreement.ts';

export interface ReportAnswer {
  readonly itemId: string;
  readonly annotatorId: string;
  readonly versionId: string;
  readonly payload: AnnotationPayload;
}
export interface ReportVersion {
  readonly id: string;
  readonly version: string;
  readonly kind: string;
  readonly sections: readonly GuidelineSection[];
}

const fig = (r: { value: number | null; items: number; insufficient: boolean; reason?: string }) => ({
  value: r.value,
  items: r.items,
  insufficient: r.insufficient,
  ...(r.reason ? { reason: r.reason } : {}),
});

/** The report over each item's answers (grouped here); the server sums stored summaries instead. */
export function agreementReport(
  answers: readonly ReportAnswer[],
  versions: readonly ReportVersion[],
  opts: { readonly iouThreshold: number; readonly minItems?: number; readonly limit?: number },
): AgreementReport {
  const byItem = new Map<string, ReportAnswer[]>();
  for (const a of answers) {
    let l = byItem.get(a.itemId);
    if (!l) byItem.set(a.itemId, (l = []));
    l.push(a);
  }
  return agreementReportOf(
    [...byItem].map(([item, list]) => itemAgreement(item, list, opts.iouThreshold)),
    versions,
    opts,
  );
}

/** Ratings of one kind, encoded as they are read, with the guideline version of each to cut them per version. */
class Cut {
  readonly ratings = new RatingsBuilder();
  readonly versions: string[] = [];
}

export function agreementReportOf(
  items: readonly ItemAgreement[],
  versions: readonly ReportVersion[],
  opts: { readonly minItems?: number; readonly limit?: number },
): AgreementReport {
  const minItems = opts.minItems ?? 10;
  const limit = opts.limit ?? 20;
  const latest = versions.at(-1);
  const sectionsFor = (labels: readonly string[]) =>
    (latest?.sections ?? [])
      .filter((s) => s.labels.some((l) => labels.some((x) => x.split('+').includes(l))))
      .map((s) => ({ id: s.id, title: s.title, labels: [...s.labels] }));

  const classCut = new Cut();
  const shapeCut = new Cut();
  const spanCut = new Cut();
  let f1Sum = 0;
  let f1Items = 0;
  for (const x of items) {
    let code = -1;
    for (const a of x.answers) {
      if (a.classes === null) continue;
      if (code < 0) code = classCut.ratings.item(x.item);
      classCut.ratings.add(code, a.rater, a.classes);
      classCut.versions.push(a.version);
    }
    if (x.f1 !== null) {
      f1Sum += x.f1;
      f1Items++;
    }
    // Units come in unit order (item-agreement.ts), so a new unit index starts a new rated item.
    for (const [units, cut] of [
      [x.shapes, shapeCut],
      [x.spans, spanCut],
    ] as const) {
      let unit = -1;
      for (const u of units) {
        if (u.unit !== unit) code = cut.ratings.item(unitId(x.item, (unit = u.unit)));
        const a = x.answers[u.answer]!;
        cut.ratings.add(code, a.rater, u.label);
        cut.versions.push(a.version);
      }
    }
  }

  const enc = classCut.ratings.build();
  const pairs = pairwiseCohenKappa(enc, { minItems });
  // Mean Cohen's kappa over rater pairs that have a value; n = the items of the best-covered pair.
  const valued = pairs.filter((p) => p.value !== null);
  const cohenItems = pairs.reduce((m, p) => Math.max(m, p.items), 0);
  const cohen = valued.length
    ? { value: valued.reduce((s, p) => s + p.value!, 0) / valued.length, items: cohenItems, insufficient: false }
    : { value: null, items: cohenItems, insufficient: true, reason: pairs.length ? (pairs[0]!.reason ?? 'too few items') : 'too few items' };

  // Shapes and spans: mean pairwise F1 per item with ≥ 2 annotators, averaged over items.
  const pairF1 =
    f1Items >= minItems
      ? { value: f1Sum / f1Items, items: f1Items, insufficient: false }
      : { value: null, items: f1Items, insufficient: true, reason: 'too few items' };

  // Shapes and spans per label: matched units rated by every annotator of the item (unit-agreement.ts).
  const shapeEnc = shapeCut.ratings.build();
  const spanEnc = spanCut.ratings.build();
  const shapeAg = unitAgreement(shapeEnc, NO_SHAPE, { minItems, limit });
  const spanAg = unitAgreement(spanEnc, NO_SPAN, { minItems, limit });

  // Per guideline version, each kind keeps the ratings given under that version; shapes and spans
  // keep the units matched over all answers, so a unit means the same object in every version's
  // figure. Each cut is a mask over ratings encoded once (encodeSubset), so no string is hashed again.
  const cuts = [
    { enc, version: classCut.versions, none: null, unit: 'class' as const },
    { enc: shapeEnc, version: shapeCut.versions, none: NO_SHAPE, unit: 'shape' as const },
    { enc: spanEnc, version: spanCut.versions, none: NO_SPAN, unit: 'span' as const },
  ];
  const byVersion = versions.map((v) => {
    const per = cuts.flatMap((c) => {
      const keep = Uint8Array.from(c.version, (x) => (x === v.id ? 1 : 0));
      if (!keep.includes(1)) return [];
      return perLabelAgreement(encodeSubset(c.enc, keep), { minItems })
        .filter((p) => p.label !== c.none)
        .map((p) => ({ ...p, unit: c.unit }));
    });
    return { versionId: v.id, version: v.version, kind: v.kind, perLabel: per.map((p) => ({ label: p.label, unit: p.unit, alpha: fig(p.alpha) })) };
  });

  const perLabelRows = [
    ...perLabelAgreement(enc, { minItems }).map((p) => ({ ...p, unit: 'class' as const })),
    ...shapeAg.perLabel.map((p) => ({ ...p, unit: 'shape' as const })),
    ...spanAg.perLabel.map((p) => ({ ...p, unit: 'span' as const })),
  ];
  const confused = [
    ...confusionPairs(enc, { limit }).map((c) => ({ ...c, unit: 'class' as const })),
    ...shapeAg.confused.map((c) => ({ ...c, unit: 'shape' as const })),
    ...spanAg.confused.map((c) => ({ ...c, unit: 'span' as const })),
  ]
    .sort((p, q) => q.count - p.count || compareStrings(p.a, q.a) || compareStrings(p.b, q.b))
    .slice(0, limit);
  // An item can disagree on its classes and on its shapes: it is listed once, at its worst share.
  const seen = new Set<string>();
  const worst = [...itemDisagreement(enc, { limit }), ...shapeAg.items, ...spanAg.items]
    .filter((d) => d.share > 0)
    .sort((p, q) => q.share - p.share || q.raters - p.raters || compareStrings(p.item, q.item))
    .filter((d) => !seen.has(d.item) && seen.add(d.item))
    .slice(0, limit);

  return {
    guidelineVersionId: latest?.id ?? null,
    overall: { alpha: fig(krippendorffAlpha(enc, { minItems })), fleiss: fig(fleissKappa(enc, { minItems })), cohen, pairF1 },
    perLabel: perLabelRows.map((p) => ({ label: p.label, unit: p.unit, ratings: p.ratings, alpha: fig(p.alpha), kappa: fig(p.kappa) })),
    confused: confused.map((c) => ({ ...c, sections: sectionsFor([c.a, c.b]) })),
    worstItems: worst.map((d) => ({
      itemId: d.item,
      raters: d.raters,
      share: d.share,
      labels: d.labels.map((l) => ({ ...l })),
      sections: sectionsFor(d.labels.map((l) => l.label)),
    })),
    byVersion,
  };
}
