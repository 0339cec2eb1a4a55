import { useEffect, useState } from 'react';
import { useReviewSettings, useSaveReviewSettings } from './api.ts';

/** The review stage's base rate, as a percentage; 0 turns the stage off. */
export function ReviewRateForm({ projectId }: { projectId: string }) {
  const settings = useReviewSettings(projectId);
  const save = useSaveReviewSettings(projectId);
  const [percent, setPercent] = useState('');
  useEffect(() => {
    if (settings.data) setPercent(String(Math.round(settings.data.reviewRate * 1000) / 10));
  }, [settings.data]);
  const value = Number(percent);
  const invalid = percent.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100;
  return (
    <form
      className="review-rate"
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) save.mutate({ reviewRate: value / 100 });
      }}
    >
      <label>
        Review rate (% of live labels)
        <input
          type="number"
          min={0}
          max={100}
          step={0.5}
          value={percent}
          onChange={(e) => setPercent(e.target.value)}
          aria-describedby="review-rate-help"
          aria-invalid={invalid}
        />
      </label>
      <button type="submit" disabled={invalid || save.isPending}>
        Save rate
      </button>
      <p id="review-rate-help" className="muted">
        Annotators below the target gold accuracy are sampled more often (up to 4×), proven ones less (down to ¼). 0 turns review off.
      </p>
      {invalid && percent.trim() !== '' && <p role="alert">Enter a percentage between 0 and 100.</p>}
      {save.error && <p role="alert">{save.error.message}</p>}
      <p role="status" aria-live="polite">
        {save.isSuccess && !save.isPending ? `Saved: ${Math.round(save.data.reviewRate * 1000) / 10}% of live labels go to review.` : ''}
      </p>
    </form>
  );
}
