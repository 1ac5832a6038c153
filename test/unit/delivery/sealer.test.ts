import { describe, expect, it } from "vitest";
import { createSealer } from "../../../src/delivery/sealer.js";

const secret = "a".repeat(64);

describe("outbox payload sealing", () => {
  it("opens what it sealed, and seals the same text differently each time", () => {
    const sealer = createSealer(secret);
    const first = sealer.seal("temporary password: Kx9", "row-1");
    expect(sealer.open(first, "row-1")).toBe("temporary password: Kx9");
    expect(sealer.seal("temporary password: Kx9", "row-1")).not.toBe(first);
    expect(first).not.toContain("Kx9");
  });

  it("refuses another row's payload, another secret's, and any altered byte", () => {
    const sealed = createSealer(secret).seal("hello", "row-1");
    expect(() => createSealer(secret).open(sealed, "row-2")).toThrow();
    expect(() => createSealer("b".repeat(64)).open(sealed, "row-1")).toThrow();
    const bytes = Buffer.from(sealed.slice(3), "base64url");
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(() => createSealer(secret).open(`v1.${bytes.toString("base64url")}`, "row-1")).toThrow();
    expect(() => createSealer(secret).open("v1.", "row-1")).toThrow();
    expect(() => createSealer(secret).open("plain text", "row-1")).toThrow();
  });
});
