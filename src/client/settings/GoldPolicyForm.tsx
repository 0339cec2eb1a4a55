// How gold is scored and what happens to an annotator whose accuracy falls below the threshold.
import { useEffect, useState } from 'react';
import type { GoldPolicySettings } from '../../domain/api/index.ts';
import { useGoldPolicy, useSaveGoldPolicy } from './api.ts';
import { checkNumber, fromPercent, NumberField, toPercent } from './fields.tsx';

const POLICIES: Record<GoldPolicySettings['policy'], string> = {
  alert: 'Alert the leads only',
  pause: 'Pause their live work until a lead resumes it',
  recalibrate: 'Send them back to the qualification quiz',
  flag: 'Flag their labels since their last good hour for review',
};

export function GoldPolicyForm({ projectId }: { projectId: string }) {
  const current = useGoldPolicy(projectId);
  const save = useSaveGoldPolicy(projectId);
  const [iou, setIou] = useState('');
  const [threshold, setThreshold] = useState('');
  const [policy, setPolicy] = useState<GoldPolicySettings['policy']>('alert');
  useEffect(() => {
    if (!current.data) return;
    setIou(String(current.data.iouThreshold));
    setThreshold(toPercent(current.data.accuracyThreshold));
    setPolicy(current.data.policy);
  }, [current.data]);
  if (current.error) return <p role="alert">{current.error.message}</p>;
  if (!current.data) return <p>Loading…</p>;
  const iouError = checkNumber(iou, 0.05, 1, 'the IoU threshold');
  const thresholdError = checkNumber(threshold, 0, 100, 'the accuracy threshold');
  return (
    <form
      className="settings-form"
      aria-labelledby="gold-policy-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (!iouError && !thresholdError) save.mutate({ iouThreshold: Number(iou), accuracyThreshold: fromPercent(threshold), policy });
      }}
    >
      <h2 id="gold-policy-title">Gold scoring and policy</h2>
      <NumberField
        label="IoU threshold for a shape match"
        min={0.05}
        max={1}
        step={0.05}
        help="A drawn shape matches a gold shape of its label when they overlap at least this much."
        value={iou}
        onChange={setIou}
        error={iouError}
      />
      <NumberField
        label="Accuracy threshold"
        unit="%"
        min={0}
        max={100}
        step={1}
        help="Below it an annotator is alerted on the dashboard."
        value={threshold}
        onChange={setThreshold}
        error={thresholdError}
      />
      <fieldset>
        <legend>When an annotator is clearly below the threshold</legend>
        {(Object.keys(POLICIES) as Array<GoldPolicySettings['policy']>).map((k) => (
          <label key={k} className="settings-check">
            <input type="radio" name="gold-policy" checked={policy === k} onChange={() => setPolicy(k)} /> {POLICIES[k]}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="primary" disabled={!!iouError || !!thresholdError || save.isPending}>
        Save gold policy
      </button>
      {save.error && <p role="alert">{save.error.message}</p>}
      <p role="status" aria-live="polite">
        {save.isSuccess && !save.isPending ? 'Gold policy saved.' : ''}
      </p>
    </form>
  );
}
