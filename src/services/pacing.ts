import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * No answer given before a person proved who they are comes sooner than this, so the work
 * done for a real account (a code sent, administrators emailed, answers checked) does not
 * show in the timing. It is a wait, not work: it holds no connection and costs no CPU.
 */
export const ANSWER_FLOOR_MS = 100;

/** Handed to a paced step, so it can say when its answer may come as soon as it is ready. */
export interface Pacing {
  /**
   * The answer itself tells what timing could (strict privacy is off, so an unknown User
   * ID is named as such): no reason to wait.
   */
  notNeeded(): void;
}

/** A step that answers before verification: its first argument is its pacing. */
export type PacedStep<A extends unknown[], R> = (pacing: Pacing, ...args: A) => Promise<R>;

type Steps = Record<string, PacedStep<never[], unknown>>;

export type Paced<S extends Steps> = {
  [K in keyof S]: S[K] extends PacedStep<infer A, infer R> ? (...args: A) => Promise<R> : never;
};

/**
 * Every answer, success or error, ends no sooner than the floor after the step began,
 * unless the step said waiting is not needed. Waiting is the default, so a new step that
 * forgets to decide is safe, only slower.
 */
export function paced<A extends unknown[], R>(
  step: PacedStep<A, R>,
  floorMs = ANSWER_FLOOR_MS,
): (...args: A) => Promise<R> {
  return async (...args) => {
    const began = performance.now();
    let wait = true;
    try {
      return await step({ notNeeded: () => void (wait = false) }, ...args);
    } finally {
      if (wait) await until(began + floorMs);
    }
  };
}

/** Timers may fire a fraction of a millisecond early, so wait again until the floor has passed. */
async function until(moment: number): Promise<void> {
  for (let left = moment - performance.now(); left > 0; left = moment - performance.now()) {
    await sleep(Math.ceil(left));
  }
}

/** `paced` for each step of a service: what a use case exposes before verification. */
export function pacedSteps<S extends Steps>(steps: S, floorMs = ANSWER_FLOOR_MS): Paced<S> {
  return Object.fromEntries(
    Object.entries(steps).map(([name, step]) => [name, paced(step, floorMs)]),
  ) as Paced<S>;
}
