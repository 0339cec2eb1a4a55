// How gold is mixed into each queue, how many annotators label an item, and the quiz pass mark.
// Rates are shown as percentages; the server holds shares in [0, 1].
import { useEffect, useState } from 'react';
import type { QueueSettings, QueueSettingsPatch } from '../../domain/api/index.ts';
import { useQueueSettings, useSaveQueueSettings } from './api.ts';
import { checkNumber, fromPercent, NumberField, toPercent } from './fields.tsx';

type Draft = Record<
  | 'overlap'
  | 'overlapShare'
  | 'goldRate'
  | 'goldMinGap'
  | 'goldExposureCap'
  | 'collusionPrecision'
  | 'goldRateMin'
  | 'goldRateMax'
  | 'goldTargetAccuracy'
  | 'quizPassMark'
  | 'repeatRate'
  | 'repeatMinGap',
  string
> & { goldAdaptive: boolean; goldFeedback: boolean };

const toDraft = (s: QueueSettings): Draft => ({
  overlap: String(s.overlap),
  overlapShare: toPercent(s.overlapShare),
  goldRate: toPercent(s.goldRate),
  goldMinGap: String(s.goldMinGap),
  goldExposureCap: s.goldExposureCap === null ? '' : String(s.goldExposureCap),
  collusionPrecision: toPercent(s.collusionPrecision),
  goldAdaptive: s.goldAdaptive,
  goldFeedback: s.goldFeedback,
  goldRateMin: toPercent(s.goldRateMin),
  goldRateMax: toPercent(s.goldRateMax),
  goldTargetAccuracy: toPercent(s.goldTargetAccuracy),
  quizPassMark: toPercent(s.quizPassMark),
  repeatRate: toPercent(s.repeatRate),
  repeatMinGap: String(s.repeatMinGap),
});

function problems(d: Draft) {
  const p = {
    goldRate: checkNumber(d.goldRate, 0, 50, 'the gold rate'),
    goldMinGap: checkNumber(d.goldMinGap, 0, 100, 'the minimum gap', true),
    // Blank means no cap.
    goldExposureCap: d.goldExposureCap.trim() === '' ? null : checkNumber(d.goldExposureCap, 2, 100_000, 'the gold exposure cap', true),
    collusionPrecision: checkNumber(d.collusionPrecision, 5, 100, 'the collusion bound'),
    goldRateMin: checkNumber(d.goldRateMin, 0, 50, 'the minimum gold rate'),
    goldRateMax: checkNumber(d.goldRateMax, 0, 50, 'the maximum gold rate'),
    goldTargetAccuracy: checkNumber(d.goldTargetAccuracy, 0, 100, 'the target accuracy'),
    overlap: checkNumber(d.overlap, 1, 50, 'the number of annotators per item', true),
    overlapShare: checkNumber(d.overlapShare, 0, 100, 'the overlapped share'),
    quizPassMark: checkNumber(d.quizPassMark, 0, 100, 'the pass mark'),
    repeatRate: checkNumber(d.repeatRate, 0, 20, 'the repeat rate'),
    repeatMinGap: checkNumber(d.repeatMinGap, 1, 10_000, 'the repeat gap', true),
  };
  if (!p.goldRateMin && !p.goldRateMax && Number(d.goldRateMin) > Number(d.goldRateMax)) p.goldRateMax = 'The maximum gold rate must be at least the minimum.';
  return p;
}

const toPatch = (d: Draft): QueueSettingsPatch => ({
  overlap: Number(d.overlap),
  overlapShare: fromPercent(d.overlapShare),
  goldRate: fromPercent(d.goldRate),
  goldMinGap: Number(d.goldMinGap),
  goldExposureCap: d.goldExposureCap.trim() === '' ? null : Number(d.goldExposureCap),
  collusionPrecision: fromPercent(d.collusionPrecision),
  goldAdaptive: d.goldAdaptive,
  goldFeedback: d.goldFeedback,
  goldRateMin: fromPercent(d.goldRateMin),
  goldRateMax: fromPercent(d.goldRateMax),
  goldTargetAccuracy: fromPercent(d.goldTargetAccuracy),
  quizPassMark: fromPercent(d.quizPassMark),
  repeatRate: fromPercent(d.repeatRate),
  repeatMinGap: Number(d.repeatMinGap),
});

export function QueueSettingsForm({ projectId }: { projectId: string }) {
  const current = useQueueSettings(projectId);
  const save = useSaveQueueSettings(projectId);
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(() => {
    if (current.data) setDraft(toDraft(current.data.settings));
  }, [current.data]);
  if (current.error) return <p role="alert">{current.error.message}</p>;
  if (!draft || !current.data) return <p>Loading…</p>;
  const p = problems(draft);
  const invalid = Object.values(p).some(Boolean);
  const field = (k: Exclude<keyof Draft, 'goldAdaptive' | 'goldFeedback'>) => ({
    value: draft[k],
    onChange: (v: string) => setDraft({ ...draft, [k]: v }),
    error: p[k],
  });

  return (
    <form
      className="settings-form"
      aria-labelledby="queue-settings-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) save.mutate(toPatch(draft));
      }}
    >
      <h2 id="queue-settings-title">Queue</h2>
      <fieldset>
        <legend>Hidden gold</legend>
        <NumberField
          label="Gold rate"
          unit="%"
          min={0}
          max={50}
          step={0.5}
          help="Share of each queue that is gold, at random positions."
          {...field('goldRate')}
        />
        <NumberField
          label="Minimum gap"
          unit="live items"
          min={0}
          max={100}
          step={1}
          help="At least this many live items between two gold items, so no pattern shows."
          {...field('goldMinGap')}
        />
        <NumberField
          label="Gold exposure cap"
          unit="annotators per gold item"
          min={2}
          max={100000}
          step={1}
          help="Blank: no cap. Against collusion: no gold item is served to more annotators than this; the least-served go first."
          {...field('goldExposureCap')}
        />
        <NumberField
          label="Collusion bound"
          unit="% gold among shared items"
          min={5}
          max={100}
          step={1}
          help="Two annotators comparing what they were served find the items they share. Decoys (live items given to a second annotator) keep the share of gold among them at most this; 100 turns decoys off. Their extra labels count towards agreement."
          {...field('collusionPrecision')}
        />
        <p className="muted" aria-label="Cost of decoys">
          {current.data.decoys.extraLabelsPer100 > 0
            ? `Decoys: ${Math.round(current.data.decoys.share * 100)}% of live items go to ${current.data.decoys.overlap} annotators, ${current.data.decoys.extraLabelsPer100} extra labels per 100 live items (saved settings).`
            : 'Decoys cost nothing extra with the saved settings: your own overlap already covers them, or the bound is off.'}
        </p>
        <label className="settings-check">
          <input type="checkbox" checked={draft.goldAdaptive} onChange={(e) => setDraft({ ...draft, goldAdaptive: e.target.checked })} /> Adapt the gold rate
          per annotator
        </label>
        <NumberField label="Minimum gold rate" unit="%" min={0} max={50} step={0.5} help="For proven annotators (adaptive only)." {...field('goldRateMin')} />
        <NumberField
          label="Maximum gold rate"
          unit="%"
          min={0}
          max={50}
          step={0.5}
          help="For new annotators and those near the target (adaptive only)."
          {...field('goldRateMax')}
        />
        <NumberField
          label="Target accuracy"
          unit="%"
          min={0}
          max={100}
          step={1}
          help="The accuracy the adaptive rate (and review sampling) steer around."
          {...field('goldTargetAccuracy')}
        />
        <label className="settings-check">
          <input type="checkbox" checked={draft.goldFeedback} onChange={(e) => setDraft({ ...draft, goldFeedback: e.target.checked })} /> Show annotators their
          own gold accuracy
        </label>
        <p className="muted">
          Only in whole blocks of 10 checked items, each counted one to two days after it was checked (at random), so no single item can be recognised as gold.
        </p>
      </fieldset>
      <fieldset>
        <legend>Overlap</legend>
        <NumberField label="Annotators per overlapped item" min={1} max={50} step={1} help="Never the same annotator twice on an item." {...field('overlap')} />
        <NumberField label="Overlapped share of live items" unit="%" min={0} max={100} step={1} help="The rest get one annotator." {...field('overlapShare')} />
        <p className="muted">Calibration set: {current.data.calibrationItems} items every annotator labels.</p>
      </fieldset>
      <fieldset>
        <legend>Hidden repeats</legend>
        <NumberField
          label="Repeat rate"
          unit="%"
          min={0}
          max={20}
          step={0.5}
          help="0 turns repeats off. Share of queue slots that bring back, unannounced, an item the annotator already submitted, to measure their self-consistency (on the dashboard). Repeat answers never change labels, exports or gold scores."
          {...field('repeatRate')}
        />
        <NumberField
          label="Repeat gap"
          unit="items"
          min={1}
          max={10000}
          step={1}
          help="A repeat comes at least this many of the annotator's items after the original, so it is not fresh in memory."
          {...field('repeatMinGap')}
        />
      </fieldset>
      <fieldset>
        <legend>Qualification</legend>
        <NumberField label="Quiz pass mark" unit="%" min={0} max={100} step={1} help="Mean quiz score needed before live work." {...field('quizPassMark')} />
        <p className="muted">
          {current.data.quizItems > 0 ? `The quiz has ${current.data.quizItems} gold items.` : 'No quiz: annotators start on live work at once.'}
        </p>
      </fieldset>
      <button type="submit" className="primary" disabled={invalid || save.isPending}>
        Save queue settings
      </button>
      {save.error && <p role="alert">{save.error.message}</p>}
      <p role="status" aria-live="polite">
        {save.isSuccess && !save.isPending ? 'Queue settings saved; they apply to the next items served.' : ''}
      </p>
    </form>
  );
}
