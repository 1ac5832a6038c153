import { describe, expect, it } from "vitest";
import { isSesameError } from "../../../src/services/errors.js";
import { createWorkQueue } from "../../../src/services/work-queue.js";

/** A job that runs until it is let go, counting how many run at once. */
function gate() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { done, release };
}

describe("the bounded work queue", () => {
  it("runs at most `concurrency` jobs at once, then the waiting ones in order", async () => {
    const queue = createWorkQueue({ concurrency: 2, maxWaitMs: 60_000, initialJobMs: 1 });
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const gates = Array.from({ length: 5 }, gate);
    const jobs = gates.map((g, index) =>
      queue.run(async () => {
        running += 1;
        most = Math.max(most, running);
        order.push(index);
        await g.done;
        running -= 1;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([0, 1]);
    expect(queue.waiting()).toBe(3);
    for (const g of gates) g.release();
    await Promise.all(jobs);
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(queue.waiting()).toBe(0);
  });

  it("refuses a job at once, as busy, when its wait would pass the bound", async () => {
    // Two slots, a job estimated at 100 ms: the third may wait 100 ms, the fifth 200.
    const queue = createWorkQueue({ concurrency: 2, maxWaitMs: 150, initialJobMs: 100 });
    const g = gate();
    const accepted = Array.from({ length: 4 }, () => queue.run(() => g.done));
    const refused = await queue.run(() => g.done).catch((error: unknown) => error);
    expect(isSesameError(refused, "busy")).toBe(true);
    g.release();
    await Promise.all(accepted);
    // Once drained, it takes work again.
    await expect(queue.run(async () => "ran")).resolves.toBe("ran");
  });

  it("frees the slot of a job that fails", async () => {
    const queue = createWorkQueue({ concurrency: 1, maxWaitMs: 60_000, initialJobMs: 1 });
    await expect(queue.run(() => Promise.reject(new Error("argon2 failed")))).rejects.toThrow();
    await expect(queue.run(async () => "next")).resolves.toBe("next");
  });
});
