// Work queued in the database and done after the commit that queued it (gold scoring, agreement
// summaries). A runner repeats `batch` — one transaction that takes some queued rows, does them and
// removes them, returning how many — until it returns 0. schedule() arms a timer (a burst of commits
// is done in one run); flush() runs now and resolves when the queue is empty (tests, shutdown);
// idle() waits for a run in progress. A failed run leaves its rows queued for the next one.
//
// A batch isolates its rows (each in a savepoint): a row that throws is rolled back alone, its
// attempts counted and its error kept on the row (recordFailure); after MAX_ATTEMPTS it is parked —
// left out of later batches, shown in /api/health and /metrics — so one bad row neither blocks nor
// rolls back the others, and never fails silently.
export class DeferredRunner {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The last failure, kept for the next run to retry (the rows stay queued). */
  lastError: unknown = null;

  /** `delayMs` is asked afresh at each schedule (so it can be jittered). */
  constructor(
    private readonly batch: () => Promise<number>,
    private readonly delayMs: () => number,
    private readonly onError?: (e: unknown) => void,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
    }, this.delayMs());
    this.timer.unref();
  }

  /** Does everything queued now, and resolves when the queue is empty. */
  async flush(): Promise<void> {
    this.cancel();
    this.kick();
    await this.idle();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop()
      .then(() => {
        this.lastError = null;
      })
      .catch((e: unknown) => {
        // A whole run failed (the database went away, say): the rows stay queued for the next run.
        this.lastError = e;
        this.onError?.(e);
      })
      .finally(() => {
        this.running = null;
      });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      while ((await this.batch()) > 0);
    } while (this.again);
  }
}

export const MAX_ATTEMPTS = 3;

/** The columns a failed row gets: one more attempt, its error, and parkedAt once attempts run out. */
export function recordFailure(attempts: number, error: unknown, now: Date): { attempts: number; lastError: string; parkedAt: Date | null } {
  const n = attempts + 1;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { attempts: n, lastError: message.slice(0, 2000), parkedAt: n >= MAX_ATTEMPTS ? now : null };
}

/** One runner per context and kind of work. */
export function runnerFor<C extends object>(runners: WeakMap<C, DeferredRunner>, ctx: C, make: () => DeferredRunner): DeferredRunner {
  let r = runners.get(ctx);
  if (!r) runners.set(ctx, (r = make()));
  return r;
}
