import { expect, it } from "vitest";
import { listAuditEvents } from "../../src/store/audit.js";
import { describeEachStore } from "../support/stores.js";
import { origin, seedOrganisation, USER_PASSWORD } from "../support/seed.js";

describeEachStore("sessions", (fx) => {
  async function session(localPart: string) {
    const org = await seedOrganisation(fx.services);
    const { user } = await org.addUser(localPart);
    const { token } = await fx.services.signIn({
      userId: `${localPart}@${org.domain}`,
      password: USER_PASSWORD,
      origin,
    });
    return { user, token };
  }

  it("ends after an hour without use", async () => {
    const { token } = await session("quinn");
    fx.clock.advance(59 * 60_000);
    expect(await fx.services.sessions.resolve(token)).toBeDefined();
    fx.clock.advance(59 * 60_000);
    expect(await fx.services.sessions.resolve(token)).toBeDefined();
    fx.clock.advance(60 * 60_000);
    expect(await fx.services.sessions.resolve(token)).toBeUndefined();
  });

  it("ends after twelve hours however busy", async () => {
    const { token } = await session("rory");
    for (let hour = 0; hour < 11; hour++) {
      fx.clock.advance(55 * 60_000);
      expect(await fx.services.sessions.resolve(token)).toBeDefined();
    }
    fx.clock.advance(120 * 60_000);
    expect(await fx.services.sessions.resolve(token)).toBeUndefined();
  });

  it("ends when the user is blocked", async () => {
    const { user, token } = await session("sara");
    await fx.store.db
      .updateTable("users")
      .set({ account_enabled: 0 })
      .where("id", "=", user.id)
      .execute();
    expect(await fx.services.sessions.resolve(token)).toBeUndefined();
  });

  it("signs out: the session ends and the audit log says so", async () => {
    const { user, token } = await session("tess");
    const active = await fx.services.sessions.resolve(token);
    if (!active) throw new Error("no session");
    await fx.services.sessions.signOut(active, origin);
    expect(await fx.services.sessions.resolve(token)).toBeUndefined();
    const events = await listAuditEvents(fx.store, user.organisationId, {
      limit: 5,
      targetId: user.id,
    });
    expect(events[0]?.activity).toBe("Sign out");
  });

  it("knows no session for a forged or empty cookie", async () => {
    expect(await fx.services.sessions.resolve("forged")).toBeUndefined();
    expect(await fx.services.sessions.resolve("")).toBeUndefined();
    expect(await fx.services.sessions.resolve("x".repeat(5000))).toBeUndefined();
  });
});
