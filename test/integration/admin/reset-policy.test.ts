import { expect, it } from "vitest";
import { hasCapability } from "../../../src/domain/permissions.js";
import { DEFAULT_RESET_POLICY } from "../../../src/domain/reset-policy.js";
import { ROLES, type RoleKey } from "../../../src/domain/roles.js";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { listAuditEvents } from "../../../src/store/audit.js";
import { principalWithRoles } from "../../support/admins.js";
import { origin, seedOrganisation } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

describeEachStore("the self-service password reset policy (SPEC [S9])", (fx) => {
  const policies = () => fx.services.admin.resetPolicy;

  async function scene() {
    const org = await seedOrganisation(fx.services);
    const global = await principalOfUser(fx.store, org.user);
    const helpdesk = await principalWithRoles(fx.store, (await org.addUser("helpdesk")).user, [
      "helpdeskAdministrator",
    ]);
    return { org, global, helpdesk };
  }

  it("has the defaults until someone saves a change", async () => {
    const { global, helpdesk } = await scene();
    expect(await policies().get(global)).toEqual(DEFAULT_RESET_POLICY);
    expect(await policies().get(helpdesk)).toEqual(DEFAULT_RESET_POLICY);
  });

  it("updates the policy and audits old and new values", async () => {
    const { global } = await scene();
    const group = await fx.services.admin.groups.create(global, { displayName: "SSPR", origin });
    const updated = await policies().update(
      global,
      { enabledFor: "group", groupId: group.id, methodsRequired: 2, notifyUsers: false },
      origin,
    );
    expect(updated).toMatchObject({
      enabledFor: "group",
      groupId: group.id,
      methodsRequired: 2,
      notifyUsers: false,
      notifyAdmins: true,
    });
    expect(await policies().get(global)).toEqual(updated);

    const second = await policies().update(
      global,
      { helpdesk: { url: "https://help.test" } },
      origin,
    );
    expect(second).toMatchObject({ methodsRequired: 2, helpdesk: { url: "https://help.test" } });

    const events = await listAuditEvents(fx.store, global.organisationId, {
      limit: 10,
      activity: "Update password reset policy",
    });
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({
      actorId: global.id,
      result: "success",
      details: {
        oldValue: { enabledFor: "all", groupId: null, methodsRequired: 1, notifyUsers: true },
        newValue: {
          enabledFor: "group",
          groupId: group.id,
          methodsRequired: 2,
          notifyUsers: false,
        },
      },
    });
    expect(events[0]?.details).toEqual({
      oldValue: { helpdesk: null },
      newValue: { helpdesk: { url: "https://help.test" } },
    });
  });

  it("an invalid patch changes nothing and names each field", async () => {
    const { global } = await scene();
    await expect(
      policies().update(
        global,
        { notifyUsers: false, reconfirmDays: 731, writeback: "yes" },
        origin,
      ),
    ).rejects.toMatchObject({
      code: "invalidInput",
      field: "reconfirmDays",
      errors: [
        expect.objectContaining({ field: "reconfirmDays" }),
        expect.objectContaining({ field: "writeback" }),
      ],
    });
    expect(await policies().get(global)).toEqual(DEFAULT_RESET_POLICY);
    const events = await listAuditEvents(fx.store, global.organisationId, {
      limit: 10,
      activity: "Update password reset policy",
    });
    expect(events).toHaveLength(0);
  });

  it("only Global Administrators change it", async () => {
    const { org, helpdesk } = await scene();
    await expect(policies().update(helpdesk, { notifyUsers: false }, origin)).rejects.toMatchObject(
      {
        code: "forbidden",
      },
    );
    for (const role of Object.keys(ROLES) as RoleKey[]) {
      expect(hasCapability([role], "managePasswordResetPolicy")).toBe(
        role === "globalAdministrator",
      );
    }
    const privileged = await principalWithRoles(fx.store, (await org.addUser("pra")).user, [
      "privilegedAuthenticationAdministrator",
    ]);
    await expect(policies().update(privileged, { writeback: true }, origin)).rejects.toMatchObject({
      code: "forbidden",
    });
    expect((await policies().get(privileged)).writeback).toBe(false);
  });

  it("refuses a group of another organisation, or none at all", async () => {
    const { global } = await scene();
    const other = await seedOrganisation(fx.services, "Fabrikam");
    const otherAdmin = await principalOfUser(fx.store, other.user);
    const theirs = await fx.services.admin.groups.create(otherAdmin, {
      displayName: "Theirs",
      origin,
    });
    await expect(
      policies().update(global, { enabledFor: "group", groupId: theirs.id }, origin),
    ).rejects.toMatchObject({ code: "invalidInput", field: "groupId" });
    await expect(
      policies().update(
        global,
        { enabledFor: "group", groupId: "00000000-0000-0000-0000-000000000000" },
        origin,
      ),
    ).rejects.toMatchObject({ field: "groupId" });
    expect(await policies().get(global)).toEqual(DEFAULT_RESET_POLICY);
    // Each organisation has its own policy.
    await policies().update(otherAdmin, { enabledFor: "none" }, origin);
    expect((await policies().get(global)).enabledFor).toBe("all");
  });

  it("allowEmailingPasswords = false refuses emailing a temporary password", async () => {
    const { org, global, helpdesk } = await scene();
    const { user } = await org.addUser("member");
    await policies().update(global, { allowEmailingPasswords: false }, origin);
    const reset = fx.services.admin.passwordReset;
    await expect(
      reset.reset(helpdesk, { targetId: user.id, sendTo: ["helpdesk@example.test"], origin }),
    ).rejects.toMatchObject({ code: "invalidInput", field: "sendTo" });
    const result = await reset.reset(helpdesk, { targetId: user.id, origin });
    expect(result.temporaryPassword).toEqual(expect.any(String));
    await policies().update(global, { allowEmailingPasswords: true }, origin);
    await expect(
      reset.reset(helpdesk, { targetId: user.id, sendTo: ["helpdesk@example.test"], origin }),
    ).resolves.toMatchObject({ forceChangePasswordNextSignIn: true });
  });
});
