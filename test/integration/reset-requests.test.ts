import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listOutboxMessagesTo } from "../../src/store/outbox.js";
import { grantRoles, principalWithRoles } from "../support/admins.js";
import { buildTestApp, Client, csrfTokenOf } from "../support/http.js";
import { origin, seedOrganisation, USER_PASSWORD } from "../support/seed.js";
import { describeEachStore } from "../support/stores.js";

describeEachStore("asking the administrators for a new password", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  async function scene() {
    const org = await seedOrganisation(fx.services);
    const { user: helpdeskUser } = await org.addUser("helpdesk");
    const helpdesk = await principalWithRoles(fx.store, helpdeskUser, ["helpdeskAdministrator"]);
    const { user } = await org.addUser("forgetful");
    return { org, helpdesk, helpdeskUser, user, userId: `forgetful@${org.domain}` };
  }
  const mailTo = (address: string) => listOutboxMessagesTo(fx.store, address);
  const unseal = (message: { id: string; payload: string | null }) =>
    fx.services.outbox.unseal(message.id, message.payload ?? "");

  it("emails the helpdesk a link to the user's page, once an hour, and lists the request", async () => {
    const { org, helpdesk, helpdeskUser, user, userId } = await scene();
    await fx.services.resetRequests.ask({ userId: userId.toUpperCase(), origin });
    await fx.services.resetRequests.ask({ userId, origin });
    const mails = await mailTo(helpdeskUser.userPrincipalName);
    expect(mails).toHaveLength(1);
    expect(unseal(mails[0] ?? { id: "", payload: null }).text).toContain(`/admin/users/${user.id}`);
    // The Global Administrator is not bothered while a helpdesk administrator exists.
    expect(await mailTo(org.user.userPrincipalName)).toHaveLength(0);
    const open = await fx.services.resetRequests.listOpen(helpdesk);
    expect(open.map((entry) => entry.user.id)).toEqual([user.id]);
    fx.clock.advance(60 * 60_000);
    await fx.services.resetRequests.ask({ userId, origin });
    expect(await mailTo(helpdeskUser.userPrincipalName)).toHaveLength(2);
  });

  it("is handled by a reset of that user, or dismissed", async () => {
    const { helpdesk, user, userId } = await scene();
    await fx.services.resetRequests.ask({ userId, origin });
    await fx.services.admin.passwordReset.reset(helpdesk, { targetId: user.id, origin });
    expect(await fx.services.resetRequests.listOpen(helpdesk)).toEqual([]);
    fx.clock.advance(60 * 60_000);
    await fx.services.resetRequests.ask({ userId, origin });
    await fx.services.resetRequests.dismiss(helpdesk, user.id, origin);
    expect(await fx.services.resetRequests.listOpen(helpdesk)).toEqual([]);
  });

  it("asks the Global Administrators about a Global Administrator, and hides that request from the helpdesk", async () => {
    const { org, helpdesk, helpdeskUser } = await scene();
    const { user: boss } = await org.addUser("boss");
    await grantRoles(fx.store, boss, ["globalAdministrator"]);
    await fx.services.resetRequests.ask({ userId: `boss@${org.domain}`, origin });
    expect(await mailTo(org.user.userPrincipalName)).toHaveLength(1);
    expect(await mailTo(helpdeskUser.userPrincipalName)).toHaveLength(0);
    expect(
      (await fx.services.resetRequests.listOpen(helpdesk)).map((e) => e.user.id),
    ).not.toContain(boss.id);
  });

  it("asks the User Administrators when nobody holds a helpdesk role, else the Global Administrators", async () => {
    const org = await seedOrganisation(fx.services);
    const { user: ursula } = await org.addUser("ursula");
    await grantRoles(fx.store, ursula, ["userAdministrator"]);
    await org.addUser("forgetful");
    await fx.services.resetRequests.ask({ userId: `forgetful@${org.domain}`, origin });
    expect(await mailTo(ursula.userPrincipalName)).toHaveLength(1);
    expect(await mailTo(org.user.userPrincipalName)).toHaveLength(0);

    const small = await seedOrganisation(fx.services);
    await small.addUser("forgetful");
    await fx.services.resetRequests.ask({ userId: `forgetful@${small.domain}`, origin });
    expect(await mailTo(small.user.userPrincipalName)).toHaveLength(1);
  });

  it("tells at most 100 administrators", async () => {
    const org = await seedOrganisation(fx.services);
    // One after another: 101 writes at once would wait on PostgreSQL's pool past its 3 s.
    const helpers = [];
    for (let i = 0; i < 101; i++) helpers.push((await org.addUser(`helper${i}`)).user);
    for (const helper of helpers) await grantRoles(fx.store, helper, ["helpdeskAdministrator"]);
    await org.addUser("forgetful");
    await fx.services.resetRequests.ask({ userId: `forgetful@${org.domain}`, origin });
    const told = await fx.store.db
      .selectFrom("outbox")
      .select("recipient")
      .where("organisation_id", "=", org.organisation.id)
      .execute();
    expect(told).toHaveLength(100);
    expect(told.every((m) => m.recipient.startsWith("helper"))).toBe(true);
  });

  it("stores and sends nothing for an unknown User ID, and refuses the list to a Reports Reader", async () => {
    const { org, helpdeskUser } = await scene();
    await fx.services.resetRequests.ask({ userId: `nobody@${org.domain}`, origin });
    await fx.services.resetRequests.ask({ userId: "garbage", origin });
    expect(await mailTo(helpdeskUser.userPrincipalName)).toHaveLength(0);
    const { user: readerUser } = await org.addUser("reader");
    const reader = await principalWithRoles(fx.store, readerUser, ["reportsReader"]);
    await expect(fx.services.resetRequests.listOpen(reader)).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("answers the same page for a real and an unknown User ID", async () => {
    const { org } = await scene();
    const ask = (userId: string) =>
      new Client(app).submit("/recover", "/recover/ask", { askUserId: userId });
    const real = await ask(`forgetful@${org.domain}`);
    const unknown = await ask(`forgotten@${org.domain}`);
    expect(real.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    const strip = (html: string) => html.replace(/value="[^"]*"/g, "").replace(/forg\w+@/g, "X@");
    expect(strip(real.body)).toBe(strip(unknown.body));
    expect(real.body).toContain("the administrators who can reset its password have been asked");
  });

  it("shows waiting requests in the admin center to those who may reset, with a dismiss button", async () => {
    const { org, helpdeskUser, user, userId } = await scene();
    await fx.services.resetRequests.ask({ userId, origin });
    const helpdesk = new Client(app);
    await helpdesk.signIn(helpdeskUser.userPrincipalName, USER_PASSWORD);
    const users = await helpdesk.get("/admin/users");
    expect(users.body).toContain('href="/admin/requests"');
    const page = await helpdesk.get("/admin/requests");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(user.displayName);
    const dismissed = await helpdesk.post(`/admin/requests/${user.id}/dismiss`, {
      _csrf: csrfTokenOf(page.body),
    });
    expect(dismissed.statusCode).toBe(303);
    const after = await helpdesk.get(dismissed.headers.location as string);
    expect(after.body).toContain(`The request of ${user.displayName} is dismissed.`);
    expect(after.body).toContain("Nobody is waiting for a new password.");

    const { user: readerUser } = await org.addUser("reports");
    await grantRoles(fx.store, readerUser, ["reportsReader"]);
    const reader = new Client(app);
    await reader.signIn(readerUser.userPrincipalName, USER_PASSWORD);
    expect((await reader.get("/admin/users")).body).not.toContain('href="/admin/requests"');
    expect((await reader.get("/admin/requests")).statusCode).toBe(403);
  });
});
