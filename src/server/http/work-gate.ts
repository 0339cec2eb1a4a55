// The work gate: of the requests one account has in flight, only a few work at once; the rest wait
// their turn, first come, first served (see user-limits.ts for why).

interface Turns {
  working: number;
  waiting: Array<() => void>;
}

/**
 * At most `perKey` holders of one key working at once; later ones wait first come, first served.
 * A turn ends with `done()`, which hands the turn to the next in line, or withdraws a ticket still
 * waiting (its request was aborted): its `ready` then rejects, so nothing is left hanging on it.
 */
export class WorkGate {
  private readonly byKey = new Map<string, Turns>();
  constructor(private readonly perKey: number) {}

  ticket(key: string): { ready: Promise<void>; done: () => void } {
    let found = this.byKey.get(key);
    if (!found) this.byKey.set(key, (found = { working: 0, waiting: [] }));
    const turns = found;
    let state: 'waiting' | 'working' | 'done' = 'working';
    let wake = () => {};
    let withdraw = () => {};
    let ready = Promise.resolve();
    if (turns.working < this.perKey) turns.working++;
    else
      ready = new Promise<void>((resolve, reject) => {
        state = 'waiting';
        wake = () => {
          state = 'working';
          resolve();
        };
        withdraw = () => reject(new Error('withdrawn before its turn'));
        turns.waiting.push(wake);
      });
    const done = () => {
      if (state === 'done') return;
      if (state === 'waiting') {
        turns.waiting.splice(turns.waiting.indexOf(wake), 1);
        withdraw();
      } else {
        // The turn passes straight to the next in line, so a newcomer cannot jump the queue.
        const next = turns.waiting.shift();
        if (next) next();
        else turns.working--;
      }
      state = 'done';
      if (turns.working === 0 && turns.waiting.length === 0) this.byKey.delete(key);
    };
    return { ready, done };
  }

  /** Keys with a turn taken or waited for (for tests: the map empties when every turn has ended). */
  get size(): number {
    return this.byKey.size;
  }
}
