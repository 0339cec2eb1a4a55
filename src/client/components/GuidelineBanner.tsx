import { useState } from 'react';
import type { AckState } from '../guideline/ack.ts';

/**
 * A new guideline version: one line over the work (what changed opens on demand, over the canvas,
 * never pushing it down) and the button that lets submitting go on. `nag` is said inside the same
 * line when a submission was held back, instead of as an extra line below.
 */
export function GuidelineBanner({ ack, nag = null }: { ack: AckState; nag?: string | null }) {
  const [busy, setBusy] = useState(false);
  if (!ack.required) return null;
  const newest = ack.unread[0];
  return (
    <section className="guideline-banner" role="region" aria-label="New guideline version">
      <h2>
        New guideline version {newest?.version}
        {newest?.kind === 'label_change' ? ' — labels changed' : ''}
      </h2>
      <details className="banner-changes">
        <summary>What changed</summary>
        <div className="banner-changes-body">
          <ul>
            {ack.unread.map((v) => (
              <li key={v.id}>
                <strong>v{v.version}</strong>
                {v.kind === 'label_change' && v.affectedLabels.length > 0 && <span className="affected"> (changes: {v.affectedLabels.join(', ')})</span>}:{' '}
                {v.changelog}
              </li>
            ))}
          </ul>
          <p>Read the changes in the guideline panel, then acknowledge them to go on submitting.</p>
        </div>
      </details>
      {nag && (
        <p role="alert" className="banner-nag">
          {nag}
        </p>
      )}
      <button
        type="button"
        className="primary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void ack.acknowledge().finally(() => setBusy(false));
        }}
      >
        Acknowledge
      </button>
    </section>
  );
}
