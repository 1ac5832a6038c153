import type { FastifyInstance } from "fastify";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listAuditEvents } from "../../../src/store/audit.js";
import { listOutboxMessagesTo } from "../../../src/store/outbox.js";
import { findLockout } from "../../../src/store/lockouts.js";
import { findResetFailures } from "../../../src/store/reset-flows.js";
import { findUser, type User } from "../../../src/store/users.js";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { grantRoles } from "../../support/admins.js";
import { buildTestApp, Client } from "../../support/http.js";
import {
  ALTERNATE_EMAIL,
  answersFor,
  flowStep,
  lastCodeSentTo,
  MOBILE,
  OFFICE,
  registerMethods,
  SECURITY_ANSWERS,
  startFlow,
} from "../../support/recover.js";
import { origin, seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const NEW_PASSWORD = "purple tuesday lantern 42";
describeEachStore("self-service password reset and unlock", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  async function scene(options: { methodsRequired?: 1 | 2; questions?: boolean } = {}) {
    const org = await seedOrganisation(fx.services);
    const admin = await principalOfUser(fx.store, org.user);
    await fx.services.admin.resetPolicy.update(
      admin,
      {
        methodsRequired: options.methodsRequired ?? 1,
        methods: {
          email: true,
          mobileSms: true,
          mobileCall: true,
          officeCall: true,
          securityQuestions: true,
          authenticatorApp: false,
        },
      },
      origin,
    );
    const { user } = await org.addUser("forgetful");
    await registerMethods(
      fx.store,
      user,
      [
        { kind: "email", value: ALTERNATE_EMAIL(user) },
        { kind: "mobilePhone", value: MOBILE },
        { kind: "officePhone", value: OFFICE },
      ],
      fx.clock.now(),
    );
    if (options.questions) {
      await fx.services.securityInfo.setSecurityQuestions({
        session: { user, createdAt: fx.clock.now() },
        answers: SECURITY_ANSWERS,
        origin,
      });
    }
    return { org, admin, user, userId: user.userPrincipalName };
  }

  const activities = async (organisationId: string) =>
    (await listAuditEvents(fx.store, organisationId, { limit: 200 })).map(
      (event) => `${event.activity}:${event.result}`,
    );

  const subjectsTo = async (to: string) =>
    (await listOutboxMessagesTo(fx.store, to)).map(
      (m) => fx.services.outbox.unseal(m.id, m.payload ?? "").subject,
    );

  /** An administrator's two proofs (alternate email, then a text), then the new password. */
  async function proveTwiceAndReset(client: Client, user: User) {
    await proveByEmail(client, ALTERNATE_EMAIL(user));
    await flowStep(client, "method", { method: "mobileSms" });
    await flowStep(client, "verify", { code: await lastCodeSentTo(fx.store, fx.services, MOBILE) });
    const done = await flowStep(client, "password", {
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(done.statusCode).toBe(303);
  }

  async function proveByEmail(client: Client, email: string) {
    expect((await flowStep(client, "method", { method: "email" })).statusCode).toBe(303);
    const code = await lastCodeSentTo(fx.store, fx.services, email);
    return flowStep(client, "verify", { code });
  }

  it("resets by alternate email: new password, unlocked, signed out everywhere, told by email", async () => {
    const { org, user, userId } = await scene();
    const other = new Client(app);
    expect((await other.signIn(userId, USER_PASSWORD)).statusCode).toBe(303);
    // Locked by someone guessing.
    for (let i = 0; i < 10; i += 1) await new Client(app).signIn(userId, `wrong guess ${i}`);
    expect((await findLockout(fx.store, user.id)).lockedUntil).not.toBeNull();

    const client = new Client(app);
    expect((await startFlow(client, userId)).headers.location).toBe("/recover/flow");
    const choose = await client.get("/recover/flow");
    expect(choose.body).toContain("Email my alternate email (a");
    expect(choose.body).not.toContain(ALTERNATE_EMAIL(user));
    expect(choose.body).toContain("Text my mobile phone (");
    expect(choose.body).not.toContain(MOBILE);

    expect((await proveByEmail(client, ALTERNATE_EMAIL(user))).statusCode).toBe(303);
    expect((await client.get("/recover/flow")).body).toContain("Choose a new password");
    const mismatch = await flowStep(client, "password", {
      newPassword: NEW_PASSWORD,
      confirmPassword: "something else",
    });
    expect(mismatch.statusCode).toBe(400);
    const weak = await flowStep(client, "password", {
      newPassword: "password",
      confirmPassword: "password",
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain("too common");
    const done = await flowStep(client, "password", {
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(done.statusCode).toBe(303);
    const final = await client.get("/recover/flow");
    expect(final.body).toContain("Your password has been reset");
    // No automatic sign-in.
    expect(client.cookies.has("sesame-session")).toBe(false);

    expect((await other.get("/myaccount")).statusCode).toBe(303);
    expect((await findLockout(fx.store, user.id)).lockedUntil).toBeNull();
    expect((await new Client(app).signIn(userId, NEW_PASSWORD)).headers.location).toMatch(
      /^\/myaccount/,
    );
    for (const to of [...(user.mail ? [user.mail] : []), ALTERNATE_EMAIL(user)]) {
      expect(await subjectsTo(to)).toContain("Your password has been reset");
    }
    const log = await activities(org.organisation.id);
    expect(log).toContain("Reset password (self-service):success");
    expect(log).toContain("Self-service password reset flow activity progress:success");
  });

  it("resets by SMS, and by a call to the office phone", async () => {
    const { user, userId } = await scene();
    const client = new Client(app);
    await startFlow(client, userId);
    await flowStep(client, "method", { method: "mobileSms" });
    expect((await client.get("/recover/flow")).body).toContain("sent a text message");
    const sms = await lastCodeSentTo(fx.store, fx.services, MOBILE);
    expect((await flowStep(client, "verify", { code: sms })).statusCode).toBe(303);
    expect((await client.get("/recover/flow")).body).toContain("Choose a new password");

    const caller = new Client(app);
    await startFlow(caller, userId);
    await flowStep(caller, "method", { method: "officeCall" });
    const spoken = await lastCodeSentTo(fx.store, fx.services, OFFICE);
    expect((await flowStep(caller, "verify", { code: spoken })).statusCode).toBe(303);
    const reset = await flowStep(caller, "password", {
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(reset.statusCode).toBe(303);
    expect((await findUser(fx.store, user.id))?.passwordChangedAt).toBe(fx.clock.now());
  });

  it("resets by security questions; a wrong answer counts and draws again", async () => {
    const { user, userId } = await scene({ questions: true });
    const client = new Client(app);
    await startFlow(client, userId);
    await flowStep(client, "method", { method: "securityQuestions" });
    const wrong = await flowStep(client, "verify", {
      answer1: "nope",
      answer2: "nope",
      answer3: "nope",
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain("Answer these new questions");
    expect((await findResetFailures(fx.store, user.id)).failures).toBe(1);
    const right = await flowStep(
      client,
      "verify",
      answersFor((await client.get("/recover/flow")).body),
    );
    expect(right.statusCode).toBe(303);
    expect((await client.get("/recover/flow")).body).toContain("Choose a new password");
  });

  it("needs two different methods when the policy says so; SMS and a call to one phone count once", async () => {
    const { user, userId } = await scene({ methodsRequired: 2 });
    const client = new Client(app);
    await startFlow(client, userId);
    expect((await client.get("/recover/flow")).body).toContain("Verification step 1 of 2");
    await flowStep(client, "method", { method: "mobileSms" });
    await flowStep(client, "verify", { code: await lastCodeSentTo(fx.store, fx.services, MOBILE) });
    const second = (await client.get("/recover/flow")).body;
    expect(second).toContain("Verification step 2 of 2");
    expect(second).not.toContain('value="mobileCall"');
    expect(second).toContain('value="email"');
    const early = await flowStep(client, "password", {
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(early.statusCode).toBe(409);
    await proveByEmail(client, ALTERNATE_EMAIL(user));
    expect((await client.get("/recover/flow")).body).toContain("Choose a new password");
  });

  it("holds administrators to two methods without security questions, and tells the other Global Administrators", async () => {
    const { org, userId, user } = await scene({ questions: true });
    await grantRoles(fx.store, user, ["helpdeskAdministrator"]);
    const client = new Client(app);
    await startFlow(client, userId);
    const first = (await client.get("/recover/flow")).body;
    expect(first).toContain("Verification step 1 of 2");
    expect(first).not.toContain('value="securityQuestions"');
    await proveTwiceAndReset(client, user);
    expect(await subjectsTo(org.user.mail ?? org.user.userPrincipalName)).toContain(
      "forgetful Tester reset their own administrator password",
    );
    expect(await subjectsTo(ALTERNATE_EMAIL(user))).toContain("Your password has been reset");
  });

  it("tells neither the user nor the administrators when the policy's notifications are off", async () => {
    const { org, admin, userId, user } = await scene();
    await fx.services.admin.resetPolicy.update(
      admin,
      { notifyUsers: false, notifyAdmins: false },
      origin,
    );
    await grantRoles(fx.store, user, ["helpdeskAdministrator"]);
    const client = new Client(app);
    await startFlow(client, userId);
    await proveTwiceAndReset(client, user);
    expect((await client.get("/recover/flow")).body).toContain("Your password has been reset");
    expect(await subjectsTo(org.user.mail ?? org.user.userPrincipalName)).toEqual([]);
    for (const to of [...(user.mail ? [user.mail] : []), ALTERNATE_EMAIL(user)]) {
      expect(await subjectsTo(to)).not.toContain("Your password has been reset");
    }
  });

  it("unlocks without changing the password", async () => {
    const { org, user, userId } = await scene();
    for (let i = 0; i < 10; i += 1) await new Client(app).signIn(userId, `wrong guess ${i}`);
    const before = await findUser(fx.store, user.id);
    const client = new Client(app);
    await startFlow(client, userId, "unlock");
    await proveByEmail(client, ALTERNATE_EMAIL(user));
    expect((await client.get("/recover/flow")).body).toContain("Unlock your account");
    const password = await flowStep(client, "password", {
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(password.statusCode).toBe(409);
    expect((await flowStep(client, "unlock", {})).statusCode).toBe(303);
    expect((await client.get("/recover/flow")).body).toContain("Your account has been unlocked");
    expect((await findLockout(fx.store, user.id)).lockedUntil).toBeNull();
    expect((await findUser(fx.store, user.id))?.passwordHash).toBe(before?.passwordHash);
    expect((await new Client(app).signIn(userId, USER_PASSWORD)).headers.location).toMatch(
      /^\/myaccount/,
    );
    expect(await activities(org.organisation.id)).toContain(
      "Unlock user account (self-service):success",
    );
  });

  it("resets with a code from the authenticator app, once per code", async () => {
    const { org, admin, user, userId } = await scene();
    await fx.services.admin.resetPolicy.update(
      admin,
      { methods: { authenticatorApp: true } },
      origin,
    );
    const session = { user, createdAt: fx.clock.now() };
    const { methodId } = await fx.services.securityInfo.startAuthenticatorSetup(session);
    const setup = await fx.services.securityInfo.authenticatorSetup(session, methodId);
    const secret = Secret.fromBase32(setup?.secret ?? "");
    await fx.services.securityInfo.verify({
      session,
      methodId,
      code: TOTP.generate({ secret, timestamp: fx.clock.now() }),
      origin,
    });
    fx.clock.advance(30_000);
    const code = TOTP.generate({ secret, timestamp: fx.clock.now() });
    const client = new Client(app);
    await startFlow(client, userId);
    await flowStep(client, "method", { method: "authenticatorApp" });
    expect((await client.get("/recover/flow")).body).toContain("authenticator app");
    expect((await flowStep(client, "verify", { code: "123456" })).statusCode).toBe(400);
    expect((await flowStep(client, "verify", { code })).statusCode).toBe(303);
    // The same code does not prove another flow.
    const again = new Client(app);
    await startFlow(again, userId);
    await flowStep(again, "method", { method: "authenticatorApp" });
    expect((await flowStep(again, "verify", { code })).statusCode).toBe(400);
    expect(await activities(org.organisation.id)).toContain(
      "Self-service password reset flow activity progress:failure",
    );
  });

  it("refuses with a reference code, and its contact action files a request and tells the helpdesk", async () => {
    const { org, admin, user, userId } = await scene();
    const refusalOf = async (id: string) => {
      const client = new Client(app);
      await startFlow(client, id);
      const page = (await client.get("/recover/flow")).body;
      return { client, code: /(SSPR|SES)_\d{4}/.exec(page)?.[0] };
    };
    const { user: onPremises } = await org.addUser("olaf");
    await fx.store.db
      .updateTable("users")
      .set({ password_managed: "onPremises" })
      .where("id", "=", onPremises.id)
      .execute();
    await registerMethods(fx.store, onPremises, [{ kind: "email", value: "olaf@mail.test" }], 0);
    expect((await refusalOf(onPremises.userPrincipalName)).code).toBe("SSPR_0010");
    const { user: bare } = await org.addUser("nora");
    expect((await refusalOf(bare.userPrincipalName)).code).toBe("SSPR_0014");
    const group = await fx.services.admin.groups.create(admin, {
      displayName: "SSPR pilot",
      origin,
    });
    await fx.services.admin.resetPolicy.update(
      admin,
      { enabledFor: "group", groupId: group.id },
      origin,
    );
    expect((await refusalOf(userId)).code).toBe("SSPR_0013");
    await fx.services.admin.resetPolicy.update(
      admin,
      { enabledFor: "none", helpdesk: { email: "helpdesk@contoso.example" } },
      origin,
    );
    const disabled = await refusalOf(userId);
    expect(disabled.code).toBe("SSPR_0009");
    expect((await flowStep(disabled.client, "contact", {})).body).toContain("asked to help you");
    const toHelpdesk = await listOutboxMessagesTo(fx.store, "helpdesk@contoso.example");
    expect(toHelpdesk).toHaveLength(1);
    expect(
      fx.services.outbox.unseal(toHelpdesk[0]?.id ?? "", toHelpdesk[0]?.payload ?? "").text,
    ).toContain("SSPR_0009");
    expect((await fx.services.resetRequests.listOpen(admin)).map((r) => r.user.id)).toContain(
      user.id,
    );
    await fx.services.admin.resetPolicy.update(
      admin,
      { helpdesk: { url: "https://help.contoso.example/password" } },
      origin,
    );
    const linked = await refusalOf(bare.userPrincipalName);
    const contacted = await flowStep(linked.client, "contact", {});
    expect(contacted.body).toContain('href="https://help.contoso.example/password"');
  });
});
