import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { listAuditEvents } from "../../../src/store/audit.js";
import { findSecurityInfoConfirmation } from "../../../src/store/registration.js";
import type { User } from "../../../src/store/users.js";
import { grantRoles } from "../../support/admins.js";
import { buildTestApp, Client, csrfTokenOf } from "../../support/http.js";
import { ALTERNATE_EMAIL, MOBILE, registerMethods } from "../../support/recover.js";
import { ADMIN_PASSWORD, origin, seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const INTERRUPT = "/myaccount/security-info/register";
const DAY = 86_400_000;
const NEW_PASSWORD = "amber willow canyon echo";

describeEachStore("registration at sign-in", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx, { SESAME_SIGNIN_RATE_LIMIT: "1000" });
  });
  afterAll(() => app.close());

  async function scene(policy: Record<string, unknown> = {}) {
    const org = await seedOrganisation(fx.services);
    const admin = await principalOfUser(fx.store, org.user);
    if (Object.keys(policy).length > 0) {
      await fx.services.admin.resetPolicy.update(admin, policy, origin);
    }
    const { user } = await org.addUser("newcomer");
    return { org, admin, user };
  }

  const signIn = async (user: Pick<User, "userPrincipalName">, password = USER_PASSWORD) => {
    const client = new Client(app);
    const response = await client.signIn(user.userPrincipalName, password);
    expect(response.statusCode).toBe(303);
    return { client, location: response.headers.location };
  };

  const activities = async (organisationId: string, targetId: string) =>
    (await listAuditEvents(fx.store, organisationId, { limit: 100, targetId })).map(
      (event) => event.activity,
    );

  it("interrupts the sign-in of a user without methods, and not one who has them", async () => {
    const { user } = await scene();
    const { client, location } = await signIn(user);
    expect(location).toBe(INTERRUPT);
    const page = await client.get(INTERRUPT);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h1>Keep your account secure</h1>");
    expect(page.body).toContain("Add at least one method.");
    expect(page.body).toContain("You haven't registered any methods yet.");
    expect(page.body).toContain('href="/myaccount/security-info"');
    expect(page.body).toContain(`action="${INTERRUPT}/skip"`);
    expect(page.body).not.toContain("Looks good");
    // Not a gate: the rest of the portal stays open.
    expect((await client.get("/myaccount")).statusCode).toBe(200);

    await registerMethods(
      fx.store,
      user,
      [{ kind: "email", value: ALTERNATE_EMAIL(user) }],
      fx.clock.now(),
    );
    // Methods an administrator set were never confirmed by the user: reconfirm first.
    const confirm = await signIn(user);
    expect(confirm.location).toBe(INTERRUPT);
    const reconfirm = await confirm.client.get(INTERRUPT);
    expect(reconfirm.body).toContain("Are these methods still right?");
    expect(reconfirm.body).toContain("<li>Alternate email</li>");
  });

  it("asks nobody when the policy does not require registration, or out of its scope", async () => {
    const { user } = await scene({ requireRegistration: false });
    const { client, location } = await signIn(user);
    expect(location).toBe("/myaccount");
    // The page itself sends away whoever it does not concern.
    expect((await client.get(INTERRUPT)).headers.location).toBe("/myaccount");

    const grouped = await scene();
    const group = await fx.services.admin.groups.create(grouped.admin, {
      displayName: "SSPR pilot",
      origin,
    });
    await fx.services.admin.resetPolicy.update(
      grouped.admin,
      { enabledFor: "group", groupId: group.id },
      origin,
    );
    expect((await signIn(grouped.user)).location).toBe("/myaccount");
    await fx.services.admin.groups.addMember(grouped.admin, {
      groupId: group.id,
      userId: grouped.user.id,
      origin,
    });
    expect((await signIn(grouped.user)).location).toBe(INTERRUPT);
  });

  it("skip goes on to My account, is audited, and the next sign-in asks again", async () => {
    const { user } = await scene();
    const { client } = await signIn(user);
    const page = await client.get(INTERRUPT);
    const skipped = await client.post(`${INTERRUPT}/skip`, { _csrf: csrfTokenOf(page.body) });
    expect(skipped.statusCode).toBe(303);
    expect(skipped.headers.location).toBe("/myaccount");
    expect(await activities(user.organisationId, user.id)).toContain(
      "User skipped security info registration",
    );
    expect((await signIn(user)).location).toBe(INTERRUPT);
    // Without the form's token nothing is recorded.
    expect((await client.post(`${INTERRUPT}/skip`, {})).statusCode).toBe(403);
  });

  it('"Looks good" confirms until the reconfirmation period has passed', async () => {
    const { user } = await scene({ reconfirmDays: 30 });
    await registerMethods(fx.store, user, [{ kind: "mobilePhone", value: MOBILE }], fx.clock.now());
    const { client, location } = await signIn(user);
    expect(location).toBe(INTERRUPT);
    const page = await client.get(INTERRUPT);
    expect(page.body).toContain("<li>Mobile phone</li>");
    expect(page.body).toContain(`action="${INTERRUPT}/confirm"`);
    const confirmed = await client.post(`${INTERRUPT}/confirm`, { _csrf: csrfTokenOf(page.body) });
    expect(confirmed.headers.location).toBe("/myaccount");
    expect(await findSecurityInfoConfirmation(fx.store, user.id)).toBe(fx.clock.now());
    expect(await activities(user.organisationId, user.id)).toContain(
      "User confirmed security info",
    );

    fx.clock.advance(29 * DAY);
    expect((await signIn(user)).location).toBe("/myaccount");
    fx.clock.advance(DAY);
    expect((await signIn(user)).location).toBe(INTERRUPT);
  });

  it('refuses "Looks good" with too few methods', async () => {
    const { user } = await scene();
    const { client } = await signIn(user);
    const page = await client.get(INTERRUPT);
    const refused = await client.post(`${INTERRUPT}/confirm`, { _csrf: csrfTokenOf(page.body) });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain("Add more methods first");
    expect(await findSecurityInfoConfirmation(fx.store, user.id)).toBeNull();
  });

  it("registering a method on the Security info page counts as confirming", async () => {
    const { user } = await scene({ reconfirmDays: 30, methods: { securityQuestions: true } });
    const { client } = await signIn(user);
    const questions = await client.get("/myaccount/security-info/questions");
    const saved = await client.post("/myaccount/security-info/questions", {
      _csrf: csrfTokenOf(questions.body),
      question1: "question.1",
      answer1: "Utrecht",
      question2: "question.2",
      answer2: "Leiden",
      question3: "question.3",
      answer3: "Zwolle",
    });
    expect(saved.statusCode).toBe(303);
    expect(await findSecurityInfoConfirmation(fx.store, user.id)).toBe(fx.clock.now());
    expect((await signIn(user)).location).toBe("/myaccount");
  });

  it("administrators need two methods, and their security questions don't count", async () => {
    const { org } = await scene({ methods: { securityQuestions: true } });
    const admin = org.user;
    await registerMethods(
      fx.store,
      admin,
      [
        { kind: "email", value: ALTERNATE_EMAIL(admin) },
        { kind: "securityQuestions", value: null },
      ],
      fx.clock.now(),
    );
    const first = await signIn(admin, ADMIN_PASSWORD);
    expect(first.location).toBe(INTERRUPT);
    const page = await first.client.get(INTERRUPT);
    expect(page.body).toContain("Add at least two different methods.");
    expect(page.body).toContain("<li>Alternate email</li>");
    expect(page.body).not.toContain("<li>Security questions</li>");

    // A user with the same methods is done (after confirming them).
    const { user } = await org.addUser("peer");
    await registerMethods(
      fx.store,
      user,
      [
        { kind: "email", value: ALTERNATE_EMAIL(user) },
        { kind: "securityQuestions", value: null },
      ],
      fx.clock.now(),
    );
    const peer = await signIn(user);
    const peerPage = await peer.client.get(INTERRUPT);
    expect(peerPage.body).toContain("Looks good");
    await grantRoles(fx.store, user, ["helpdeskAdministrator"]);
    const promoted = await (await signIn(user)).client.get(INTERRUPT);
    expect(promoted.body).toContain("Add at least two different methods.");
  });

  it("a temporary password is changed first; registration follows", async () => {
    const org = await seedOrganisation(fx.services);
    const { user } = await org.addUser("temp", { temporary: true });
    const { client, location } = await signIn(user);
    expect(location).toBe("/password/update");
    // The interrupt waits too.
    expect((await client.get(INTERRUPT)).headers.location).toBe("/password/update");
    const page = await client.get("/password/update");
    const changed = await client.post("/password/update", {
      _csrf: csrfTokenOf(page.body),
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(changed.headers.location).toBe(INTERRUPT);
    expect((await client.get(INTERRUPT)).statusCode).toBe(200);
  });
});
