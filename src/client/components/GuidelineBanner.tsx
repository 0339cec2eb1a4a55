import { useState } from 'react';
import type { AckState } from '../guideline/ack.ts';

/** A new guideline version: what changed, and the button that lets submitting go on. */
export function GuidelineBanner({ ack }: { ack: AckState }) {
  const [busy, setBusy] = useState(false);
  if (!ack.required) return null;
  const newest = ack.unread[0];
  return (
    <section className="guideline-banner" role="region" aria-label="New guideline version">
      <h2>
        New guideline version {newest?.version}
        {newest?.kind === 'label_change' ? ' — labels changed' : ''}
      </h2>
      <ul>
        {ack.unread.map((v) => (
          <li key={v.id}>
            <strong>v{v.version}</strong>
            {v.kind === 'label_change' && v.affectedLabels.length > 0 && <span className="affected"> (changes: {v.affectedLabels.join(', ')})</span>}: {v.changelog}
          </li>
        ))}
      </ul>
      <p>Read the changes in the guideline panel, then acknowledge them to go on submitting.</p>
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
