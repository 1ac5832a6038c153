import { performance } from "node:perf_hooks";

/**
 * With strict privacy, no answer before verification comes sooner than this, so the work
 * done for a real account (a code sent, answers checked) does not show in the timing.
 */
const STRICT_RESPONSE_FLOOR_MS = 100;

/** Runs a step; once it learns strict privacy applies, it ends no sooner than the floor. */
export async function evenly<T>(work: (strict: (on: boolean) => void) => Promise<T>): Promise<T> {
  const began = performance.now();
  let pad = false;
  try {
    return await work((on) => {
      pad = on;
    });
  } finally {
    const wait = began + STRICT_RESPONSE_FLOOR_MS - performance.now();
    if (pad && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
