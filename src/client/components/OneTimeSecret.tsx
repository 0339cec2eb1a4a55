// A secret the server shows once (an invitation link, a reset link, an access token): read-only,
// selectable, with a copy button, and a plain warning that it will not be shown again.
import { useId, useState } from 'react';

export function OneTimeSecret({ label, value, note }: { label: string; value: string; note?: string }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin, a refused permission): the field is selected instead.
      (document.getElementById(id) as HTMLInputElement | null)?.select();
    }
  };
  return (
    <div className="one-time-secret">
      <label htmlFor={id}>{label}</label>
      <div className="row">
        <input id={id} readOnly value={value} onFocus={(e) => e.target.select()} size={Math.min(80, value.length)} />
        <button type="button" onClick={() => void copy()} aria-label={`Copy ${label.toLowerCase()}`}>
          Copy
        </button>
      </div>
      <p className="muted" role="status">
        {copied ? 'Copied.' : (note ?? 'It is shown only now: copy it before leaving this page.')}
      </p>
    </div>
  );
}
