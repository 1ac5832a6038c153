import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { paced } from "../../../src/services/pacing.js";

const FLOOR_MS = 60;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const began = performance.now();
  await work().catch(() => undefined);
  return performance.now() - began;
}

describe("paced steps", () => {
  it("answer no sooner than the floor, when the step says nothing", async () => {
    const step = paced(async () => "done", FLOOR_MS);
    expect(await timed(step)).toBeGreaterThanOrEqual(FLOOR_MS);
    await expect(step()).resolves.toBe("done");
  });

  it("pace an error like an answer: a refusal comes no sooner than a success", async () => {
    const step = paced(async () => {
      throw new Error("refused");
    }, FLOOR_MS);
    expect(await timed(step)).toBeGreaterThanOrEqual(FLOOR_MS);
    await expect(step()).rejects.toThrow("refused");
  });

  it("answer when ready once the step says waiting is not needed", async () => {
    const longFloor = 5_000;
    const step = paced(async (pacing) => pacing.notNeeded(), longFloor);
    expect(await timed(step)).toBeLessThan(longFloor);
  });
});
