import { expect, it } from "vitest";
import { describeEachStore } from "../support/stores.js";
import { origin } from "../support/seed.js";

describeEachStore("first-start setup link", (fx) => {
  const input = (domain: string) => ({
    organisationName: "Northwind",
    domain,
    adminUserId: `root@${domain}`,
    adminDisplayName: "Root",
    password: "pebble thunder orchid lake",
    confirmPassword: "pebble thunder orchid lake",
    origin,
  });

  it("refuses a forged token and a mismatched confirmation, changing nothing", async () => {
    const token = await fx.services.setup.issueToken();
    expect(token).toBeDefined();
    await expect(fx.services.setup.complete("forged", input("a.test"))).rejects.toMatchObject({
      code: "invalidSetupToken",
    });
    await expect(
      fx.services.setup.complete(token, { ...input("a.test"), confirmPassword: "other" }),
    ).rejects.toMatchObject({ code: "passwordMismatch" });
    expect(await fx.services.directory.isEmpty()).toBe(true);
    expect(await fx.services.setup.isValid(token)).toBe(true);
  });

  it("expires a link after 24 hours", async () => {
    const token = await fx.services.setup.issueToken();
    fx.clock.advance(24 * 3_600_000 - 1);
    expect(await fx.services.setup.isValid(token)).toBe(true);
    fx.clock.advance(1);
    expect(await fx.services.setup.isValid(token)).toBe(false);
    await expect(fx.services.setup.complete(token, input("late.test"))).rejects.toMatchObject({
      code: "invalidSetupToken",
    });
  });

  it("lets exactly one of two racing submissions create the organisation, then never again", async () => {
    const token = await fx.services.setup.issueToken();
    const results = await Promise.allSettled([
      fx.services.setup.complete(token, input("one.test")),
      fx.services.setup.complete(token, input("two.test")),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const domains = await fx.store.db.selectFrom("domains").select("name").execute();
    expect(domains).toHaveLength(1);
    expect(await fx.services.setup.isValid(token)).toBe(false);
    expect(await fx.services.setup.issueToken()).toBeUndefined();
  });
});
