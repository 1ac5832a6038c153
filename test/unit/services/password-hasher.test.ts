import { describe, expect, it } from "vitest";
import { createPasswordHasher, hashingQueue } from "../../../src/services/password-hasher.js";

const hasher = createPasswordHasher(
  { memoryKib: 19_456, iterations: 2, parallelism: 1 },
  hashingQueue(3_000),
);

describe("password hashing", () => {
  it("stores argon2id with OWASP parameters and verifies only the right password", async () => {
    const stored = await hasher.hash("tulip river quiet engine");
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored).not.toContain("tulip");
    await expect(hasher.verify(stored, "tulip river quiet engine")).resolves.toBe(true);
    await expect(hasher.verify(stored, "tulip river quiet engin")).resolves.toBe(false);
    await expect(hasher.verify("not a hash", "x")).resolves.toBe(false);
  });

  it("accepts the same password composed or decomposed", async () => {
    const stored = await hasher.hash("caf\u00e9 au lait sur la table");
    await expect(hasher.verify(stored, "cafe\u0301 au lait sur la table")).resolves.toBe(true);
  });

  it("hashes every character: nothing is truncated", async () => {
    const long = "a".repeat(200);
    const stored = await hasher.hash(`${long}x`);
    await expect(hasher.verify(stored, `${long}y`)).resolves.toBe(false);
  });

  it("asks for a rehash when the parameters change", async () => {
    const stored = await hasher.hash("tulip river quiet engine");
    expect(hasher.needsRehash(stored)).toBe(false);
    expect(
      createPasswordHasher(
        { memoryKib: 19_456, iterations: 3, parallelism: 1 },
        hashingQueue(3_000),
      ).needsRehash(stored),
    ).toBe(true);
  });

  it("keeps the event loop free while hashing", async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    await Promise.all(Array.from({ length: 8 }, (_, i) => hasher.hash(`password number ${i}`)));
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(5);
  });
});
