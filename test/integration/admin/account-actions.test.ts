import { expect, it } from "vitest";
import { listAuditEvents } from "../../../src/store/audit.js";
import { principalWithRoles } from "../../support/admins.js";
import { origin, seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

describeEachStore("administrator account actions", (fx) => {
  async function scene() {
    const org = await seedOrganisation(fx.services);
    const { user: helpdeskUser } = await org.addUser("helpdesk");
    const helpdesk = await principalWithRoles(fx.store, helpdeskUser, ["helpdeskAdministrator"]);
    const { user: managerUser } = await org.addUser("manager");
    const manager = await principalWithRoles(fx.store, managerUser, ["userAdministrator"]);
    const { user } = await org.addUser("member");
    return { org, helpdesk, manager, user, userId: `member@${org.domain}` };
  }
  const signIn = (userId: string, password: string) =>
    fx.services.signIn({ userId, password, origin }).then(
      () => "ok",
      (error: { code?: string }) => error.code ?? "error",
    );

  it("unlocks a locked account without changing its password", async () => {
    const { helpdesk, user, userId } = await scene();
    for (let i = 1; i <= 10; i++) await signIn(userId, `wrong ${i} guess`);
    expect(await signIn(userId, USER_PASSWORD)).toBe("accountLocked");
    await fx.services.admin.accountActions.unlock(helpdesk, user.id, origin);
    expect(await signIn(userId, USER_PASSWORD)).toBe("ok");
  });

  it("signs a user out everywhere", async () => {
    const { helpdesk, user, userId } = await scene();
    const a = await fx.services.signIn({ userId, password: USER_PASSWORD, origin });
    const b = await fx.services.signIn({ userId, password: USER_PASSWORD, origin });
    await fx.services.admin.accountActions.revokeSessions(helpdesk, user.id, origin);
    expect(await fx.services.sessions.resolve(a.token)).toBeUndefined();
    expect(await fx.services.sessions.resolve(b.token)).toBeUndefined();
  });

  it("blocks sign-in (ending sessions) and unblocks it; a helpdesk administrator may not", async () => {
    const { helpdesk, manager, user, userId } = await scene();
    const session = await fx.services.signIn({ userId, password: USER_PASSWORD, origin });
    await expect(
      fx.services.admin.accountActions.setSignInBlocked(helpdesk, user.id, true, origin),
    ).rejects.toMatchObject({ code: "forbidden" });
    await fx.services.admin.accountActions.setSignInBlocked(manager, user.id, true, origin);
    expect(await fx.services.sessions.resolve(session.token)).toBeUndefined();
    expect(await signIn(userId, USER_PASSWORD)).toBe("signInBlocked");
    await fx.services.admin.accountActions.setSignInBlocked(manager, user.id, false, origin);
    expect(await signIn(userId, USER_PASSWORD)).toBe("ok");
    const events = await listAuditEvents(fx.store, user.organisationId, {
      limit: 10,
      targetId: user.id,
    });
    expect(events.map((e) => e.activity)).toEqual(
      expect.arrayContaining(["Disable account", "Enable account"]),
    );
  });

  it("never lets an administrator block themselves, or act on another organisation", async () => {
    const { manager } = await scene();
    const other = await seedOrganisation(fx.services, "Elsewhere");
    const { user: stranger } = await other.addUser("stranger");
    await expect(
      fx.services.admin.accountActions.setSignInBlocked(manager, manager.id, true, origin),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      fx.services.admin.accountActions.unlock(manager, stranger.id, origin),
    ).rejects.toMatchObject({
      code: "notFound",
    });
  });
});
