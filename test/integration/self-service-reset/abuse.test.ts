import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { issueCode } from "../../../src/domain/one-time-code.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listAuditEvents } from "../../../src/store/audit.js";
import { insertCode } from "../../../src/store/one-time-codes.js";
import { listOutboxMessagesTo } from "../../../src/store/outbox.js";
import { findUser } from "../../../src/store/users.js";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { buildTestApp, Client, csrfTokenOf } from "../../support/http.js";
import {
  ALTERNATE_EMAIL,
  flowStep,
  lastCodeSentTo,
  MOBILE,
  OFFICE,
  registerMethods,
  startFlow,
} from "../../support/recover.js";
import { raceAgainstHeldUserRow } from "../../support/row-lock.js";
import { origin, seedOrganisation } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const NEW_PASSWORD = "purple tuesday lantern 42";
const DAY = 24 * 3_600_000;

describeEachStore("self-service password reset under attack", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  async function scene() {
    const org = await seedOrganisation(fx.services);
    const admin = await principalOfUser(fx.store, org.user);
    const { user } = await org.addUser("target");
    await registerMethods(
      fx.store,
      user,
      [{ kind: "email", value: ALTERNATE_EMAIL(user) }],
      fx.clock.now(),
    );
    return { org, admin, user, userId: user.userPrincipalName, email: ALTERNATE_EMAIL(user) };
  }

  async function phoneScene() {
    const { org, admin, user, userId } = await scene();
    const methods = { email: true, mobileSms: true, mobileCall: true, officeCall: true };
    await fx.services.admin.resetPolicy.update(admin, { methods }, origin);
    const phones = [
      { kind: "mobilePhone" as const, value: MOBILE },
      { kind: "officePhone" as const, value: OFFICE },
    ];
    await registerMethods(fx.store, user, phones, fx.clock.now());
    const phoneMessages = async () =>
      [
        ...(await listOutboxMessagesTo(fx.store, MOBILE)),
        ...(await listOutboxMessagesTo(fx.store, OFFICE)),
      ].filter((m) => m.organisationId === org.organisation.id);
    return { user, userId, phoneMessages };
  }

  async function pendingEmailFlow(userId: string) {
    const client = new Client(app);
    await startFlow(client, userId);
    await flowStep(client, "method", { method: "email" });
    return client;
  }

  const activities = async (organisationId: string) =>
    (await listAuditEvents(fx.store, organisationId, { limit: 200 })).map((e) => e.activity);

  it("blocks self-service for 24 hours after 5 wrong codes, even across new codes and flows", async () => {
    const { org, userId, email } = await scene();
    const client = await pendingEmailFlow(userId);
    for (let i = 0; i < 4; i += 1) {
      expect((await flowStep(client, "verify", { code: "00000000" })).statusCode).toBe(400);
    }
    // A new code (and a new flow) does not reset the count.
    const again = await pendingEmailFlow(userId);
    const blocked = await flowStep(again, "verify", { code: "00000000" });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain("Too many attempts");
    expect(blocked.body).toContain("SES_0001");
    // Even the right code no longer helps, and a new start is refused.
    const code = await lastCodeSentTo(fx.store, fx.services, email);
    expect((await flowStep(again, "verify", { code })).statusCode).toBe(409);
    const later = new Client(app);
    await startFlow(later, userId);
    expect((await later.get("/recover/flow")).body).toContain("SES_0001");
    expect(await activities(org.organisation.id)).toContain(
      "Blocked from self-service password reset",
    );
    fx.clock.advance(DAY);
    const nextDay = new Client(app);
    await startFlow(nextDay, userId);
    expect((await nextDay.get("/recover/flow")).body).toContain("Verification step 1 of 1");
  });

  it("accepts a code once, only in its own flow, and only for 10 minutes", async () => {
    const { userId, email } = await scene();
    const first = await pendingEmailFlow(userId);
    const firstCode = await lastCodeSentTo(fx.store, fx.services, email);
    const second = await pendingEmailFlow(userId);
    // Flow A's code does not prove flow B.
    expect((await flowStep(second, "verify", { code: firstCode })).statusCode).toBe(400);
    expect((await flowStep(first, "verify", { code: firstCode })).statusCode).toBe(303);
    // Replayed in the same flow: the flow has moved on; in another flow: not its code.
    expect((await flowStep(second, "verify", { code: firstCode })).statusCode).toBe(400);
    const third = await pendingEmailFlow(userId);
    fx.clock.advance(10 * 60_000);
    const stale = await lastCodeSentTo(fx.store, fx.services, email);
    expect((await flowStep(third, "verify", { code: stale })).statusCode).toBe(400);
  });

  it("lets exactly one of two racing requests with one code through", async () => {
    const { userId, email } = await scene();
    const client = await pendingEmailFlow(userId);
    const code = await lastCodeSentTo(fx.store, fx.services, email);
    const csrf = csrfTokenOf((await client.get("/recover/flow")).body);
    const results = await Promise.all(
      Array.from({ length: 2 }, () => client.post("/recover/flow/verify", { _csrf: csrf, code })),
    );
    expect(results.filter((r) => r.statusCode === 303)).toHaveLength(1);
    const passwords = await Promise.all(
      Array.from({ length: 2 }, (_, i) =>
        client.post("/recover/flow/password", {
          _csrf: csrf,
          newPassword: `${NEW_PASSWORD} ${i}`,
          confirmPassword: `${NEW_PASSWORD} ${i}`,
        }),
      ),
    );
    expect(passwords.filter((r) => r.statusCode === 303)).toHaveLength(1);
  });

  it("refuses skipped steps: no password before proof, no proof before a method", async () => {
    const { user, userId } = await scene();
    const client = new Client(app);
    await startFlow(client, userId);
    const before = (await findUser(fx.store, user.id))?.passwordHash;
    const skip = await flowStep(client, "password", {
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(skip.statusCode).toBe(409);
    expect((await flowStep(client, "verify", { code: "12345678" })).statusCode).toBe(409);
    expect((await flowStep(client, "unlock", {})).statusCode).toBe(409);
    expect((await flowStep(client, "method", { method: "authenticatorApp" })).statusCode).toBe(400);
    expect((await findUser(fx.store, user.id))?.passwordHash).toBe(before);
  });

  it("ends a flow after 15 minutes, and knows no flow without its cookie", async () => {
    const { userId } = await scene();
    const client = await pendingEmailFlow(userId);
    fx.clock.advance(15 * 60_000);
    const expired = await client.get("/recover/flow");
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain("expired");
    const stranger = new Client(app);
    expect((await stranger.get("/recover/flow")).statusCode).toBe(410);
    const forged = new Client(app);
    forged.cookies.set("sesame-reset", "A".repeat(43));
    expect((await forged.get("/recover/flow")).statusCode).toBe(410);
  });

  it("looks nothing up without a solved CAPTCHA, and refuses a forged or reused one", async () => {
    const { org, userId } = await scene();
    const client = new Client(app);
    const page = await client.get("/recover");
    const missing = await client.post("/recover", { _csrf: csrfTokenOf(page.body), userId });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain("not a robot");
    const forged = await client.post("/recover", {
      _csrf: csrfTokenOf(page.body),
      userId,
      altcha: Buffer.from(JSON.stringify({ challenge: "x", number: 1, signature: "y" })).toString(
        "base64",
      ),
    });
    expect(forged.statusCode).toBe(400);
    expect(await activities(org.organisation.id)).not.toContain(
      "Self-service password reset flow activity progress",
    );
  });

  it("limits starts per User ID (in the store) and per IP", async () => {
    const { userId } = await scene();
    const statuses = [];
    for (let i = 0; i < 11; i += 1)
      statuses.push((await startFlow(new Client(app), userId)).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(303));
    expect(statuses[10]).toBe(429);
    const fresh = await buildTestApp(fx);
    try {
      const others = [];
      for (let i = 0; i < 51; i += 1) {
        const client = new Client(fresh);
        const page = await client.get("/recover");
        const response = await client.post("/recover", {
          _csrf: csrfTokenOf(page.body),
          userId: `someone${i}@example.test`,
          altcha: "none",
        });
        others.push(response.statusCode);
      }
      expect(others.slice(0, 50)).toEqual(Array(50).fill(400));
      expect(others[50]).toBe(429);
    } finally {
      await fresh.close();
    }
  });

  it("refuses a blocked account and knows no deleted user", async () => {
    const { admin, user, userId } = await scene();
    await fx.services.admin.accountActions.setSignInBlocked(admin, user.id, true, origin);
    const blocked = new Client(app);
    await startFlow(blocked, userId);
    expect((await blocked.get("/recover/flow")).body).toContain("SES_0002");
    await fx.services.admin.usersWrite.deleteUser(admin, user.id, origin);
    const deleted = await startFlow(new Client(app), userId);
    expect(deleted.statusCode).toBe(400);
    expect(deleted.body).toContain("find an account with that User ID");
  });

  it("sends at most 10 codes by email in 10 minutes", async () => {
    const { userId, email } = await scene();
    const client = new Client(app);
    await startFlow(client, userId);
    for (let i = 0; i < 10; i += 1) await flowStep(client, "method", { method: "email" });
    const eleventh = await flowStep(client, "method", { method: "email" });
    expect(eleventh.statusCode).toBe(429);
    expect(await listOutboxMessagesTo(fx.store, email)).toHaveLength(10);
  });

  it("sends at most 5 texts and calls together in an hour", async () => {
    const { userId, phoneMessages } = await phoneScene();
    const client = new Client(app);
    await startFlow(client, userId);
    const methods = ["mobileSms", "mobileCall", "officeCall", "mobileSms", "officeCall"];
    for (const method of methods)
      expect((await flowStep(client, "method", { method })).statusCode).toBe(303);
    const sixth = await flowStep(client, "method", { method: "mobileSms" });
    expect(sixth.statusCode).toBe(429);
    expect(await phoneMessages()).toHaveLength(5);

    fx.clock.advance(60 * 60_000 + 1);
    const later = new Client(app);
    await startFlow(later, userId);
    expect((await flowStep(later, "method", { method: "mobileSms" })).statusCode).toBe(303);
  });

  it("sends no more than 5 texts when many requests race", async () => {
    const { userId, phoneMessages } = await phoneScene();
    const flows = [new Client(app), new Client(app)];
    for (const client of flows) await startFlow(client, userId);
    const pages = await Promise.all(flows.map((client) => client.get("/recover/flow")));
    await Promise.all(
      flows.flatMap((client, i) =>
        Array.from({ length: 4 }, () =>
          client.post("/recover/flow/method", {
            _csrf: csrfTokenOf(pages[i]?.body ?? ""),
            method: "mobileSms",
          }),
        ),
      ),
    );
    expect(await phoneMessages()).toHaveLength(5);
  });

  it.skipIf(fx.kind !== "postgres")(
    "counts the text another instance is sending at that moment",
    async () => {
      const { user, userId, phoneMessages } = await phoneScene();
      const client = new Client(app);
      await startFlow(client, userId);
      for (let i = 0; i < 4; i += 1) await flowStep(client, "method", { method: "mobileSms" });
      const fifth = await raceAgainstHeldUserRow(
        fx.store,
        user.id,
        (tx) =>
          insertCode(tx, {
            ...issueCode({
              id: randomUUID(),
              purpose: "another instance's flow",
              userId: user.id,
              codeHash: "not a code",
              now: fx.clock.now(),
            }),
            channel: "sms",
          }),
        () => flowStep(client, "method", { method: "mobileSms" }),
      );
      expect(fifth.statusCode).toBe(429);
      expect(await phoneMessages()).toHaveLength(4);
    },
  );
});
