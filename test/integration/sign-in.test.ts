import { expect, it } from "vitest";
import { createServices } from "../../src/wiring.js";
import type { AccountLocked } from "../../src/services/errors.js";
import { listAuditEvents } from "../../src/store/audit.js";
import { findUser } from "../../src/store/users.js";
import { describeEachStore, TEST_SERVICE_CONFIG } from "../support/stores.js";
import { origin, seedOrganisation, USER_PASSWORD } from "../support/seed.js";

describeEachStore("sign-in and smart lockout", (fx) => {
  const attempt = (userId: string, password: string) =>
    fx.services.signIn({ userId, password, origin }).then(
      () => "ok",
      (error: { code?: string }) => error.code ?? String(error),
    );

  it("signs in with the right password and opens a session", async () => {
    const org = await seedOrganisation(fx.services);
    const { user } = await org.addUser("ada");
    const signedIn = await fx.services.signIn({
      userId: `ADA@${org.domain}`,
      password: USER_PASSWORD,
      origin,
    });
    const session = await fx.services.sessions.resolve(signedIn.token);
    expect(session?.user.id).toBe(user.id);
    expect(signedIn.token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    const stored = await fx.store.db
      .selectFrom("sessions")
      .select("id_hash")
      .where("user_id", "=", user.id)
      .execute();
    expect(stored.map((s) => s.id_hash)).not.toContain(signedIn.token);
  });

  it("answers a wrong password, an unknown user and an unknown domain alike", async () => {
    const org = await seedOrganisation(fx.services);
    await org.addUser("bob");
    expect(await attempt(`bob@${org.domain}`, "wrong password here")).toBe("invalidCredentials");
    expect(await attempt(`nobody@${org.domain}`, "wrong password here")).toBe("invalidCredentials");
    expect(await attempt("bob@unknown.test", "wrong password here")).toBe("invalidCredentials");
    expect(await attempt("not a user id", "wrong password here")).toBe("invalidCredentials");
  });

  it("locks after ten distinct wrong passwords, for 60 seconds, even against the right one", async () => {
    const org = await seedOrganisation(fx.services);
    await org.addUser("carol");
    const id = `carol@${org.domain}`;
    for (let i = 1; i <= 9; i++)
      expect(await attempt(id, `wrong-${i}-password`)).toBe("invalidCredentials");
    expect(await attempt(id, "wrong-10-password")).toBe("accountLocked");
    expect(await attempt(id, USER_PASSWORD)).toBe("accountLocked");
    fx.clock.advance(59_000);
    expect(await attempt(id, USER_PASSWORD)).toBe("accountLocked");
    fx.clock.advance(1_000);
    expect(await attempt(id, USER_PASSWORD)).toBe("ok");
  });

  it("does not count the same wrong password twice", async () => {
    const org = await seedOrganisation(fx.services);
    await org.addUser("dave");
    const id = `dave@${org.domain}`;
    for (let i = 0; i < 25; i++)
      expect(await attempt(id, "the same typo again")).toBe("invalidCredentials");
    for (let i = 1; i <= 8; i++)
      expect(await attempt(id, `other-${i}-password`)).toBe("invalidCredentials");
    expect(await attempt(id, USER_PASSWORD)).toBe("ok");
  });

  it("locks longer on each further lockout", async () => {
    const org = await seedOrganisation(fx.services);
    await org.addUser("erin");
    const id = `erin@${org.domain}`;
    for (let i = 1; i <= 10; i++) await attempt(id, `first-${i}-wrong`);
    fx.clock.advance(60_000);
    for (let i = 1; i <= 9; i++)
      expect(await attempt(id, `second-${i}-wrong`)).toBe("invalidCredentials");
    expect(await attempt(id, "second-10-wrong")).toBe("accountLocked");
    // Each refusal says how long is left, so a person knows how long to wait.
    const waitLeft = () =>
      fx.services
        .signIn({ userId: id, password: USER_PASSWORD, origin })
        .then(() => undefined)
        .catch((error: unknown) => (error as AccountLocked).retryAfterSeconds);
    await expect(waitLeft()).resolves.toBe(120);
    fx.clock.advance(60_000);
    await expect(waitLeft()).resolves.toBe(60);
    expect(await attempt(id, USER_PASSWORD)).toBe("accountLocked");
    fx.clock.advance(60_000);
    expect(await attempt(id, USER_PASSWORD)).toBe("ok");
  });

  it("clears the failure count after a successful sign-in", async () => {
    const org = await seedOrganisation(fx.services);
    await org.addUser("fay");
    const id = `fay@${org.domain}`;
    for (let i = 1; i <= 9; i++) await attempt(id, `before-${i}-wrong`);
    expect(await attempt(id, USER_PASSWORD)).toBe("ok");
    for (let i = 1; i <= 9; i++)
      expect(await attempt(id, `after-${i}-wrong`)).toBe("invalidCredentials");
  });

  it("counts every one of ten wrong passwords sent at once", async () => {
    const org = await seedOrganisation(fx.services);
    await org.addUser("gus");
    const id = `gus@${org.domain}`;
    await Promise.all(Array.from({ length: 10 }, (_, i) => attempt(id, `parallel-${i}-wrong`)));
    expect(await attempt(id, USER_PASSWORD)).toBe("accountLocked");
  });

  it("tells a blocked user so only after the right password; deleted users are unknown", async () => {
    const org = await seedOrganisation(fx.services);
    const blocked = await org.addUser("hal");
    const deleted = await org.addUser("ivy");
    await fx.store.db
      .updateTable("users")
      .set({ account_enabled: 0 })
      .where("id", "=", blocked.user.id)
      .execute();
    await fx.store.db
      .updateTable("users")
      .set({ deleted_at: fx.clock.now() })
      .where("id", "=", deleted.user.id)
      .execute();
    expect(await attempt(`hal@${org.domain}`, "a wrong password")).toBe("invalidCredentials");
    expect(await attempt(`hal@${org.domain}`, USER_PASSWORD)).toBe("signInBlocked");
    expect(await attempt(`ivy@${org.domain}`, USER_PASSWORD)).toBe("invalidCredentials");
  });

  it("records sign-ins and lockouts in the audit log without any password", async () => {
    const org = await seedOrganisation(fx.services);
    const { user } = await org.addUser("jon");
    const id = `jon@${org.domain}`;
    for (let i = 1; i <= 10; i++) await attempt(id, `audit-${i}-secret`);
    const events = await listAuditEvents(fx.store, org.organisation.id, {
      limit: 50,
      targetId: user.id,
    });
    const activities = events.map((e) => `${e.activity}:${e.result}`);
    expect(activities).toContain("Account locked (smart lockout):success");
    expect(activities.filter((a) => a === "Sign-in activity:failure")).toHaveLength(10);
    expect(events.filter((e) => e.category === "SignInLogs").every((e) => e.ip === origin.ip)).toBe(
      true,
    );
    expect(JSON.stringify(events)).not.toContain("secret");
  });

  it("re-hashes the password at sign-in when the argon2 parameters changed", async () => {
    const org = await seedOrganisation(fx.services);
    const { user } = await org.addUser("kim");
    const stronger = await createServices(
      fx.store,
      { ...TEST_SERVICE_CONFIG, argon2: { ...TEST_SERVICE_CONFIG.argon2, iterations: 3 } },
      fx.clock.now,
    );
    await stronger.signIn({ userId: `kim@${org.domain}`, password: USER_PASSWORD, origin });
    const after = await findUser(fx.store, user.id);
    expect(after?.passwordHash).toContain("t=3");
    expect(await attempt(`kim@${org.domain}`, USER_PASSWORD)).toBe("ok");
  });
});
