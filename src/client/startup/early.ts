// Requests a page will make, started by the app's entry before the page's own code has loaded.
// A cold open of the annotate page is a chain: the entry runs, asks who is signed in, loads the
// screen's code, which asks for the project, then the queue, then the editor's code and the first
// image. Started here, the project and the queue are asked for beside the rest of the chain, and
// the screen takes the answers when it gets there.

interface Early {
  answer: Promise<Response>;
  startedAt: number;
}

/** An answer not taken within this long is not used: the screen asks afresh. */
const FRESH_MS = 15_000;
const started = new Map<string, Early>();

/** Starts `request` now, to be taken (once) under `key` by whoever would have made it. */
export function startEarly(key: string, request: () => Promise<Response>, now = Date.now()): void {
  const answer = request();
  // Nobody may ever take it (the page changed, the user is not signed in): no unhandled rejection.
  answer.catch(() => undefined);
  started.set(key, { answer, startedAt: now });
}

/**
 * The answer started under `key` (once: a second caller makes its own request), or `request`'s
 * when none was started, it was taken already, or it is older than FRESH_MS. An early request
 * that failed (offline a moment ago) or met a server error is made again; any other answer, a
 * refusal included, is the answer. `askedAt` is when the answer used was asked for.
 */
export async function takeEarlyOr(key: string, request: () => Promise<Response>, now = Date.now()): Promise<{ response: Response; askedAt: number }> {
  const early = started.get(key);
  started.delete(key);
  if (early && now - early.startedAt <= FRESH_MS) {
    const response = await early.answer.catch(() => null);
    if (response && response.status < 500) return { response, askedAt: early.startedAt };
  }
  const askedAt = early ? Date.now() : now;
  return { response: await request(), askedAt };
}

/**
 * Drops every early answer not yet taken: on signing in or out, what was asked for before belongs
 * to nobody or to the account that left.
 */
export function forgetEarly(): void {
  started.clear();
}
