// Times a client reports (when work started, when it was submitted) come from a clock the server
// does not control: a wrong clock, or a hostile client, says 1900 or 9999. Refusing the work would
// lose labels to a wrong clock, so the server keeps the work and clamps the times into what can be
// true: not after the server received it, not before the item existed. Policies (flagging recent
// work, leases, figures) go by the server's own receivedAt; these times stay as the annotator's
// account of the work, made plausible.

export interface ClientTimes {
  startedAt: string;
  submittedAt: string;
}

const clamp = (t: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, t));

/** `notBefore`: when the item came to exist; `receivedAt`: the server's clock on arrival. */
export function plausibleTimes(m: ClientTimes, bounds: { receivedAt: Date; notBefore: Date }): { startedAt: Date; submittedAt: Date } {
  const hi = bounds.receivedAt.getTime();
  const lo = Math.min(bounds.notBefore.getTime(), hi);
  const submitted = clamp(Date.parse(m.submittedAt), lo, hi);
  const started = clamp(Date.parse(m.startedAt), lo, submitted);
  return { startedAt: new Date(started), submittedAt: new Date(submitted) };
}
