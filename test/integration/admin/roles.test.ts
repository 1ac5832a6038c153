import { expect, it } from "vitest";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { listAuditEvents } from "../../../src/store/audit.js";
import { principalWithRoles } from "../../support/admins.js";
import { origin, seedOrganisation } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";
const HELPDESK_ADMINISTRATOR = "729827e3-9c14-49f7-bb1b-9608f156bbb8";

describeEachStore("administrators assign and remove roles", (fx) => {
  const roles = () => fx.services.admin.roles;

  async function scene() {
    const org = await seedOrganisation(fx.services);
    const global = await principalOfUser(fx.store, org.user);
    const privileged = await principalWithRoles(fx.store, (await org.addUser("pra")).user, [
      "privilegedRoleAdministrator",
    ]);
    const manager = await principalWithRoles(fx.store, (await org.addUser("manager")).user, [
      "userAdministrator",
    ]);
    const helpdesk = await principalWithRoles(fx.store, (await org.addUser("helpdesk")).user, [
      "helpdeskAdministrator",
    ]);
    const { user } = await org.addUser("member");
    return { org, global, privileged, manager, helpdesk, user };
  }

  it("lists the role definitions with Microsoft's template ids", async () => {
    const { helpdesk } = await scene();
    const definitions = roles().listDefinitions(helpdesk);
    expect(definitions).toHaveLength(10);
    expect(definitions).toContainEqual({
      id: GLOBAL_ADMINISTRATOR,
      key: "globalAdministrator",
      displayName: "Global Administrator",
    });
    expect(definitions).toContainEqual({
      id: "966707d0-3269-4727-9be2-8c3a10f19b9d",
      key: "passwordAdministrator",
      displayName: "Password Administrator",
    });
  });

  it("assigns a role by template id or display name, lists it and audits it", async () => {
    const { privileged, helpdesk, user } = await scene();
    const assignment = await roles().assign(privileged, {
      principalId: user.id,
      role: HELPDESK_ADMINISTRATOR,
      origin,
    });
    expect(assignment).toMatchObject({
      principalId: user.id,
      roleId: HELPDESK_ADMINISTRATOR,
      roleDisplayName: "Helpdesk Administrator",
    });
    await roles().assign(privileged, { principalId: user.id, role: "reports reader", origin });
    expect(
      (await roles().listAssignments(helpdesk, { principalId: user.id }))
        .map((a) => a.roleKey)
        .sort(),
    ).toEqual(["helpdeskAdministrator", "reportsReader"]);
    const helpdesks = await roles().listAssignments(helpdesk, { role: "Helpdesk Administrator" });
    expect(helpdesks.map((a) => a.principalId).sort()).toEqual([helpdesk.id, user.id].sort());
    expect((await principalOfUser(fx.store, user)).roles).toContain("helpdeskAdministrator");
    const events = await listAuditEvents(fx.store, user.organisationId, {
      limit: 10,
      activity: "Add member to role",
      targetId: user.id,
    });
    expect(events.map((e) => e.details.role).sort()).toEqual([
      "Helpdesk Administrator",
      "Reports Reader",
    ]);
    expect(events[0]).toMatchObject({ actorId: privileged.id });
  });

  it("refuses a duplicate assignment, an unknown role and a role without manageRoles", async () => {
    const { global, manager, helpdesk, user } = await scene();
    await roles().assign(global, { principalId: user.id, role: "Password Administrator", origin });
    await expect(
      roles().assign(global, { principalId: user.id, role: "password administrator", origin }),
    ).rejects.toMatchObject({ code: "conflict", field: "role" });
    await expect(
      roles().assign(global, { principalId: user.id, role: "Chief Wizard", origin }),
    ).rejects.toMatchObject({ code: "invalidInput", field: "role" });
    for (const principal of [manager, helpdesk]) {
      await expect(
        roles().assign(principal, { principalId: user.id, role: "Global Administrator", origin }),
      ).rejects.toMatchObject({ code: "forbidden" });
      await expect(
        roles().remove(principal, { principalId: user.id, role: "Password Administrator", origin }),
      ).rejects.toMatchObject({ code: "forbidden" });
    }
    await expect(roles().listAssignments(helpdesk, { role: "Chief Wizard" })).rejects.toMatchObject(
      { field: "role" },
    );
    expect((await principalOfUser(fx.store, user)).roles).toEqual(["passwordAdministrator"]);
  });

  it("answers notFound for another organisation's user, and never lists it", async () => {
    const { global } = await scene();
    const other = await seedOrganisation(fx.services, "Elsewhere");
    const { user: stranger } = await other.addUser("stranger");
    await expect(
      roles().assign(global, { principalId: stranger.id, role: "Global Administrator", origin }),
    ).rejects.toMatchObject({ code: "notFound" });
    await expect(
      roles().remove(global, { principalId: other.user.id, role: "Global Administrator", origin }),
    ).rejects.toMatchObject({ code: "notFound" });
    expect(await roles().listAssignments(global, { principalId: other.user.id })).toEqual([]);
    expect((await principalOfUser(fx.store, other.user)).roles).toEqual(["globalAdministrator"]);
  });

  it("removes a role and audits it; a role not held is notFound", async () => {
    const { privileged, user } = await scene();
    await roles().assign(privileged, {
      principalId: user.id,
      role: "Groups Administrator",
      origin,
    });
    await roles().remove(privileged, {
      principalId: user.id,
      role: "Groups Administrator",
      origin,
    });
    expect((await principalOfUser(fx.store, user)).roles).toEqual([]);
    await expect(
      roles().remove(privileged, { principalId: user.id, role: "Groups Administrator", origin }),
    ).rejects.toMatchObject({ code: "notFound" });
    const [event] = await listAuditEvents(fx.store, user.organisationId, {
      limit: 1,
      activity: "Remove member from role",
      targetId: user.id,
    });
    expect(event).toMatchObject({
      actorId: privileged.id,
      details: { role: "Groups Administrator" },
    });
  });

  it("never removes the organisation's last Global Administrator", async () => {
    const { org, global, privileged, manager, user } = await scene();
    const removeGlobal = (principalId: string, by = global) =>
      roles().remove(by, { principalId, role: GLOBAL_ADMINISTRATOR, origin });
    await expect(removeGlobal(global.id)).rejects.toMatchObject({
      code: "lastGlobalAdministrator",
      message: expect.stringMatching(/at least one Global Administrator/),
    });
    await expect(removeGlobal(global.id, privileged)).rejects.toMatchObject({
      code: "lastGlobalAdministrator",
    });
    expect((await principalOfUser(fx.store, org.user)).roles).toEqual(["globalAdministrator"]);

    // A second Global Administrator: now one of them may step down.
    await roles().assign(global, { principalId: user.id, role: "Global Administrator", origin });
    await removeGlobal(global.id);
    expect((await principalOfUser(fx.store, org.user)).roles).toEqual([]);

    // A deleted Global Administrator doesn't count.
    const second = await principalOfUser(fx.store, user);
    await roles().assign(second, {
      principalId: manager.id,
      role: "Global Administrator",
      origin,
    });
    await fx.services.admin.usersWrite.deleteUser(second, manager.id, origin);
    await expect(removeGlobal(user.id, second)).rejects.toMatchObject({
      code: "lastGlobalAdministrator",
    });
    expect(
      (await roles().listAssignments(second, { role: "Global Administrator" })).map(
        (a) => a.principalId,
      ),
    ).toEqual([user.id]);
  });

  it("keeps one Global Administrator when two remove each other at the same time", async () => {
    const { global, user } = await scene();
    await roles().assign(global, { principalId: user.id, role: "Global Administrator", origin });
    const second = await principalOfUser(fx.store, user);
    const results = await Promise.allSettled([
      roles().remove(global, { principalId: second.id, role: GLOBAL_ADMINISTRATOR, origin }),
      roles().remove(second, { principalId: global.id, role: GLOBAL_ADMINISTRATOR, origin }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({
      reason: { code: "lastGlobalAdministrator" },
    });
    const left = await roles().listAssignments(global, { role: "Global Administrator" });
    expect(left).toHaveLength(1);
  });
});
