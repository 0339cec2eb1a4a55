// A small pool of worker threads for CPU-heavy pure work (tasks.ts): polygon outline checks of large
// submissions and gold scoring. While a worker computes, the thread that answers requests goes on
// serving everyone else. Threads start on first use and leave after a while idle; the app destroys
// the pool when it closes (app.ts), so a test that starts and stops many servers leaks no thread.
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import * as Tasks from './tasks.ts';

type TaskName = keyof typeof Tasks;
type Arg<K extends TaskName> = Parameters<(typeof Tasks)[K]>[0];
type Result<K extends TaskName> = ReturnType<(typeof Tasks)[K]>;

export interface CpuPool {
  run<K extends TaskName>(task: K, arg: Arg<K>): Promise<Result<K>>;
  /** How many tasks may usefully run at once (to split a large job). */
  readonly threads: number;
  /** Threads running now (they start on first use and leave when idle or closed). */
  liveThreads(): number;
  close(): Promise<void>;
}

const workerFile = fileURLToPath(new URL('./worker.cjs', import.meta.url));

export function createCpuPool(maxThreads: number, onError?: (e: unknown) => void): CpuPool {
  const pool = new Piscina({
    filename: workerFile,
    minThreads: 0,
    maxThreads,
    idleTimeout: 30_000,
    // Not the parent's flags (a test runner's): the worker loads its TypeScript itself (worker.cjs).
    execArgv: [],
  });
  // A thread that dies (out of memory, say) fails its task; the pool must not take the server down.
  pool.on('error', (e: unknown) => onError?.(e));
  return {
    threads: maxThreads,
    liveThreads: () => pool.threads.length,
    run: (task, arg) => pool.run(arg, { name: task }),
    close: () => pool.destroy(),
  };
}

/** The same tasks on the calling thread: for the CLI (no requests to keep answering). */
export const inlineCpu: CpuPool = {
  threads: 1,
  liveThreads: () => 0,
  run: async (task, arg) => (Tasks[task] as (a: typeof arg) => never)(arg),
  close: async () => {},
};
