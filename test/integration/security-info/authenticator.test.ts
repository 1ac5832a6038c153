import type { FastifyInstance } from "fastify";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listOutboxMessagesTo } from "../../../src/store/outbox.js";
import type { User } from "../../../src/store/users.js";
import { principalWithRoles } from "../../support/admins.js";
import { buildTestApp, Client, csrfTokenOf } from "../../support/http.js";
import { origin, seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { describeEachStore, type StoreFixture } from "../../support/stores.js";

const STEP = 30_000;
const MINUTE = 60_000;
const BASE = "/myaccount/security-info";

/** The code an authenticator app holding `secret` shows at `at`. */
const codeAt = (secret: string, at: number) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at });

/** Moves the clock to the start of a time step, so that "the step before" is exact. */
function startOfStep(fx: StoreFixture) {
  fx.clock.set(Math.ceil(fx.clock.now() / STEP) * STEP);
}

describeEachStore("authenticator app", (fx) => {
  let counter = 0;
  async function signedInUser() {
    counter += 1;
    const org = await seedOrganisation(fx.services);
    const { user } = await org.addUser(`otp${counter}`);
    const withMail: User = { ...user, mail: `otp${counter}@${org.domain}` };
    return { org, user: withMail, session: { user: withMail, createdAt: fx.clock.now() } };
  }

  const security = () => fx.services.securityInfo;
  /** The check a reset flow makes of the user's confirmed app. */
  const verifyAppCode = (userId: string, code: string) =>
    fx.services.methods.authenticatorApp.verifyCode(userId, code);

  /** Starts a setup and reads the key back the way the user does: from the setup's output. */
  async function startSetup(session: { user: User; createdAt: number }) {
    const { methodId } = await security().startAuthenticatorSetup(session);
    const setup = await security().authenticatorSetup(session, methodId);
    if (!setup) throw new Error("no setup to show");
    return setup;
  }

  /** A user with a confirmed app, the clock at the start of the step after confirming. */
  async function withConfirmedApp() {
    const signedIn = await signedInUser();
    startOfStep(fx);
    const setup = await startSetup(signedIn.session);
    const code = codeAt(setup.secret, fx.clock.now());
    await security().verify({ session: signedIn.session, methodId: setup.methodId, code, origin });
    fx.clock.advance(STEP);
    return { ...signedIn, setup };
  }

  const activitiesOf = async (userId: string) =>
    (
      await fx.store.db
        .selectFrom("audit_events")
        .select(["activity", "result"])
        .where("target_id", "=", userId)
        .orderBy("id")
        .execute()
    ).map((e) => `${e.activity}:${e.result}`);

  it("sets up an app: the key shown makes the codes, and the first one confirms it", async () => {
    const { session, user, org } = await signedInUser();
    const setup = await startSetup(session);
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.issuer).toBe(`Sesame (${org.organisation.name})`);
    expect(setup.label).toBe(user.userPrincipalName);
    const uri = new URL(setup.uri);
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("secret")).toBe(setup.secret);
    expect(uri.searchParams.get("issuer")).toBe(setup.issuer);
    expect(uri.searchParams.get("digits")).toBe("6");
    expect(uri.searchParams.get("period")).toBe("30");
    expect(uri.searchParams.get("algorithm")).toBe("SHA1");

    // Waiting for its first code: listed, not verified, not a proof yet.
    expect((await security().list(user.id)).methods).toEqual([
      { id: setup.methodId, kind: "authenticatorApp", display: "", verified: false },
    ]);
    const code = codeAt(setup.secret, fx.clock.now());
    expect(await verifyAppCode(user.id, code)).toBe(false);

    await security().verify({ session, methodId: setup.methodId, code, origin });
    expect((await security().list(user.id)).methods).toEqual([
      { id: setup.methodId, kind: "authenticatorApp", display: "", verified: true },
    ]);
    // Never shown again.
    expect(await security().authenticatorSetup(session, setup.methodId)).toBeUndefined();
    expect(await activitiesOf(user.id)).toEqual(
      expect.arrayContaining([
        "User registered security info:success",
        "User registered for self-service password reset:success",
      ]),
    );
    const notice = (await listOutboxMessagesTo(fx.store, user.mail ?? "")).at(-1);
    expect(notice && fx.services.outbox.unseal(notice.id, notice.payload ?? "").text).toContain(
      "Authenticator app added",
    );
    // The code that confirmed the app can't be used again.
    expect(await verifyAppCode(user.id, code)).toBe(false);
  });

  it("refuses a wrong code (audited) and then accepts the right one", async () => {
    const { session, user } = await signedInUser();
    const setup = await startSetup(session);
    const right = codeAt(setup.secret, fx.clock.now());
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");
    for (const code of [wrong, "12345", "abcdef", ""]) {
      await expect(
        security().verify({ session, methodId: setup.methodId, code, origin }),
      ).rejects.toMatchObject({ code: "invalidCode" });
    }
    expect(await activitiesOf(user.id)).toContain("User registered security info:failure");
    // Spaces, as some apps show them, don't matter.
    const spaced = `${right.slice(0, 3)} ${right.slice(3)}`;
    await security().verify({ session, methodId: setup.methodId, code: spaced, origin });
    expect((await security().list(user.id)).methods[0]?.verified).toBe(true);
  });

  it("accepts the codes of the step before and after, never older ones or a step used", async () => {
    const { user, setup } = await withConfirmedApp();
    const now = fx.clock.now();
    const verify = (at: number) => verifyAppCode(user.id, codeAt(setup.secret, at));
    fx.clock.advance(3 * STEP);
    expect(await verify(now + 5 * STEP)).toBe(false); // two steps ahead
    expect(await verify(now + STEP)).toBe(false); // two steps behind
    expect(await verify(now + 2 * STEP)).toBe(true); // the step before
    expect(await verify(now + 2 * STEP)).toBe(false); // replayed
    expect(await verify(now + 4 * STEP)).toBe(true); // the step after
    // The current step is at or before the last one accepted: a replay, whatever its code.
    expect(await verify(now + 3 * STEP)).toBe(false);
    fx.clock.advance(2 * STEP);
    expect(await verify(now + 5 * STEP)).toBe(true);
    expect(await verifyAppCode(user.id, "not a code")).toBe(false);
  });

  it("lets exactly one of two racing uses of one code pass", async () => {
    const { user, setup } = await withConfirmedApp();
    const code = codeAt(setup.secret, fx.clock.now());
    const results = await Promise.all([
      verifyAppCode(user.id, code),
      verifyAppCode(user.id, code),
      verifyAppCode(user.id, code),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("lets exactly one of two racing confirmations with one code register the app", async () => {
    const { session, user } = await signedInUser();
    const setup = await startSetup(session);
    const code = codeAt(setup.secret, fx.clock.now());
    const results = await Promise.allSettled([
      security().verify({ session, methodId: setup.methodId, code, origin }),
      security().verify({ session, methodId: setup.methodId, code, origin }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const registered = (await activitiesOf(user.id)).filter(
      (a) => a === "User registered security info:success",
    );
    expect(registered).toHaveLength(1);
  });

  it("needs a sign-in within the last 10 minutes to set up, show or confirm", async () => {
    const { session, user } = await signedInUser();
    const setup = await startSetup(session);
    fx.clock.advance(10 * MINUTE + 1);
    await expect(security().startAuthenticatorSetup(session)).rejects.toMatchObject({
      code: "reauthenticationRequired",
    });
    await expect(security().authenticatorSetup(session, setup.methodId)).rejects.toMatchObject({
      code: "reauthenticationRequired",
    });
    const code = codeAt(setup.secret, fx.clock.now());
    await expect(
      security().verify({ session, methodId: setup.methodId, code, origin }),
    ).rejects.toMatchObject({ code: "reauthenticationRequired" });
    expect((await security().list(user.id)).methods.map((m) => m.verified)).toEqual([false]);
  });

  it("keeps one app: a new one replaces the old only once confirmed; a removed one fails", async () => {
    const { session: old, user, setup: first } = await withConfirmedApp();
    const session = { ...old, createdAt: fx.clock.now() };
    const second = await startSetup(session);
    expect(second.secret).not.toBe(first.secret);
    // Until the new app is confirmed, the old one still proves the user.
    expect(await verifyAppCode(user.id, codeAt(first.secret, fx.clock.now()))).toBe(true);
    fx.clock.advance(STEP);
    const code = codeAt(second.secret, fx.clock.now());
    await security().verify({ session, methodId: second.methodId, code, origin });
    expect((await security().list(user.id)).methods.map((m) => m.id)).toEqual([second.methodId]);
    fx.clock.advance(STEP);
    expect(await verifyAppCode(user.id, codeAt(first.secret, fx.clock.now()))).toBe(false);
    expect(await verifyAppCode(user.id, codeAt(second.secret, fx.clock.now()))).toBe(true);

    fx.clock.advance(STEP);
    await security().remove({ session, methodId: second.methodId, origin });
    expect(await verifyAppCode(user.id, codeAt(second.secret, fx.clock.now()))).toBe(false);
    expect(await activitiesOf(user.id)).toContain("User deleted security info:success");
    const left = await fx.store.db
      .selectFrom("authenticator_secrets")
      .select("method_id")
      .where("user_id", "=", user.id)
      .execute();
    expect(left).toEqual([]);
  });

  it("is false for a user without a confirmed app, and for nobody", async () => {
    const { user } = await signedInUser();
    expect(await verifyAppCode(user.id, "123456")).toBe(false);
    expect(await verifyAppCode("no-such-user", "123456")).toBe(false);
  });

  it("stores the secret sealed, and no listing or audit event ever carries it", async () => {
    const { user, setup, org } = await withConfirmedApp();
    const secret = setup.secret;
    const rows = await fx.store.db
      .selectFrom("authenticator_secrets")
      .selectAll()
      .where("user_id", "=", user.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.sealed_secret).toMatch(/^v1\./);
    const everywhere = JSON.stringify([
      rows,
      await fx.store.db.selectFrom("security_methods").selectAll().execute(),
      await fx.store.db.selectFrom("audit_events").selectAll().execute(),
      await fx.store.db.selectFrom("outbox").selectAll().execute(),
      await security().list(user.id),
    ]);
    for (const form of [secret, secret.toLowerCase(), Buffer.from(secret).toString("base64")]) {
      expect(everywhere).not.toContain(form);
    }

    // Administrators see that the user has an app, never its secret.
    const admin = await principalWithRoles(
      fx.store,
      (await org.addUser(`authadmin${counter}`)).user,
      ["authenticationAdministrator"],
    );
    const seen = await fx.services.admin.authenticationMethods.list(admin, user.id);
    expect(seen.methods.map((m) => [m.kind, m.value])).toEqual([["authenticatorApp", null]]);
    expect(JSON.stringify(seen)).not.toContain(secret);
    expect(JSON.stringify(seen)).not.toContain(rows[0]?.sealed_secret ?? "sealed");
  });
});

describeEachStore("authenticator app pages", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  let counter = 0;
  async function signedIn(headers: Record<string, string> = {}) {
    counter += 1;
    const org = await seedOrganisation(fx.services);
    const { user } = await org.addUser(`app${counter}`);
    const client = new Client(app, headers);
    await client.signIn(`app${counter}@${org.domain}`, USER_PASSWORD);
    return { client, user, org };
  }

  /** The key as the setup page shows it, without the spaces between its groups. */
  const keyOn = (html: string) =>
    /<code class="key">([A-Z2-7 ]+)<\/code>/.exec(html)?.[1]?.replace(/ /g, "") ?? "";

  it("sets up an app: QR code and key, then the first code, then listed", async () => {
    const { client, user } = await signedIn();
    const list = await client.get(BASE);
    expect(list.body).toContain(`action="${BASE}/authenticator"`);
    expect(list.body).toContain("Set up an authenticator app");
    // Without the form's CSRF token nothing happens.
    expect((await client.post(`${BASE}/authenticator`, {})).statusCode).toBe(403);
    expect((await fx.services.securityInfo.list(user.id)).methods).toEqual([]);

    const started = await client.post(`${BASE}/authenticator`, { _csrf: csrfTokenOf(list.body) });
    expect(started.statusCode).toBe(303);
    const setupUrl = String(started.headers.location);
    expect(setupUrl).toMatch(new RegExp(`^${BASE}/authenticator/`));
    const setup = await client.get(setupUrl);
    expect(setup.statusCode).toBe(200);
    expect(setup.headers["cache-control"]).toBe("no-store");
    expect(setup.body).toContain("<h1>Set up your authenticator app</h1>");
    expect(setup.body).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+"/);
    expect(setup.body).toContain(
      `alt="QR code that adds ${user.userPrincipalName} (Sesame (Contoso)) to your authenticator app"`,
    );
    expect(setup.body).toMatch(/<code class="key">([A-Z2-7]{4} ){7}[A-Z2-7]{4}<\/code>/);
    const key = keyOn(setup.body);

    const methodId = setupUrl.split("/").at(-1) ?? "";
    const verifyUrl = `${BASE}/verify/${methodId}`;
    expect(setup.body).toContain(`href="${verifyUrl}"`);
    const codePage = await client.get(verifyUrl);
    expect(codePage.body).toContain("<h1>Enter the code from your app</h1>");
    expect(codePage.body).toContain(user.userPrincipalName);
    expect(codePage.body).toContain('autocomplete="one-time-code"');
    // A phone shows its digit keyboard for the code.
    expect(codePage.body).toMatch(/inputmode="numeric"/i);
    expect(codePage.body).toContain(`href="${BASE}/authenticator/${methodId}"`);

    const empty = await client.submit(verifyUrl, verifyUrl, { code: " " });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain("Enter the 6-digit code from your app.");
    const right = codeAt(key, fx.clock.now());
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");
    const refused = await client.submit(verifyUrl, verifyUrl, { code: wrong });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="code-error"');
    expect(refused.body).toContain("That code didn't work. Enter the code your app shows now");

    const done = await client.submit(verifyUrl, verifyUrl, { code: right });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${BASE}?notice=added`);
    const listed = await client.get(String(done.headers.location));
    expect(listed.body).toContain("The method was added.");
    expect(listed.body).toContain("Authenticator app");
    expect(listed.body).toContain("Set up a new authenticator app");
    expect(listed.body).not.toContain(key);
    // The setup and code pages are gone for good.
    expect((await client.get(setupUrl)).headers.location).toBe(BASE);
    expect((await client.get(verifyUrl)).headers.location).toBe(BASE);
  });

  it("speaks Dutch", async () => {
    const { client } = await signedIn({ "accept-language": "nl-NL,nl;q=0.9" });
    const list = await client.get(BASE);
    expect(list.body).toContain("Een authenticator-app instellen");
    const started = await client.post(`${BASE}/authenticator`, { _csrf: csrfTokenOf(list.body) });
    const setup = await client.get(String(started.headers.location));
    expect(setup.body).toContain("<h1>Uw authenticator-app instellen</h1>");
    expect(setup.body).toContain("QR-code die ");
  });

  it("asks for a fresh sign-in, and shows no key, after 10 minutes", async () => {
    const { client } = await signedIn();
    const list = await client.get(BASE);
    const started = await client.post(`${BASE}/authenticator`, { _csrf: csrfTokenOf(list.body) });
    const setupUrl = String(started.headers.location);
    fx.clock.advance(10 * MINUTE + 1);
    const stale = await client.get(setupUrl);
    expect(stale.body).toContain("sign in again");
    expect(stale.body).not.toContain(`class="key"`);
    const refused = await client.post(`${BASE}/authenticator`, {
      _csrf: csrfTokenOf(stale.body),
    });
    expect(refused.statusCode).toBe(403);
  });
});
