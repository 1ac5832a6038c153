import { performance } from "node:perf_hooks";
import { SesameError } from "./errors.js";

export interface WorkQueueOptions {
  /** Jobs running at once (one per core for CPU-bound work on the thread pool). */
  concurrency: number;
  /** A job whose wait would exceed this is refused at once rather than queued. */
  maxWaitMs: number;
  /** What a job takes before any has been measured. */
  initialJobMs: number;
}

export interface WorkQueue {
  /** Runs `job` when a slot is free; throws `busy` when the estimated wait is too long. */
  run<T>(job: () => Promise<T>): Promise<T>;
  /** Jobs waiting for a slot now (for metrics). */
  waiting(): number;
}

/** How quickly the estimate of a job's duration follows new measurements. */
const SMOOTHING = 0.1;

/**
 * A bounded queue for expensive work (password hashing): at most `concurrency` jobs at
 * once, so the thread pool and the cores keep room for the event loop and the store, and
 * no more waiting than `maxWaitMs` of estimated work, so an overload is told "busy, retry
 * after" at once instead of every request slowing down without end.
 */
export function createWorkQueue(options: WorkQueueOptions): WorkQueue {
  const { concurrency, maxWaitMs } = options;
  let running = 0;
  let jobMs = options.initialJobMs;
  const queue: (() => void)[] = [];

  const estimatedWaitMs = () => Math.ceil((queue.length + 1) / concurrency) * jobMs;

  async function slot(): Promise<void> {
    if (running < concurrency) {
      running += 1;
      return;
    }
    if (estimatedWaitMs() > maxWaitMs) throw busy();
    // The finishing job hands its slot over: `running` stays the same.
    await new Promise<void>((resolve) => queue.push(resolve));
  }

  function release(): void {
    const next = queue.shift();
    if (next) next();
    else running -= 1;
  }

  return {
    async run(job) {
      await slot();
      const began = performance.now();
      try {
        return await job();
      } finally {
        jobMs += SMOOTHING * (performance.now() - began - jobMs);
        release();
      }
    },
    waiting: () => queue.length,
  };
}

export const busy = () =>
  new SesameError("busy", "Sesame is busy. Try again in a few seconds (see Retry-After).");
