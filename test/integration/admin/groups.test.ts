import { expect, it } from "vitest";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { listAuditEvents } from "../../../src/store/audit.js";
import { principalWithRoles } from "../../support/admins.js";
import { origin, seedOrganisation } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

describeEachStore("administrators manage groups", (fx) => {
  const groups = () => fx.services.admin.groups;

  async function scene() {
    const org = await seedOrganisation(fx.services);
    const global = await principalOfUser(fx.store, org.user);
    const groupsAdmin = await principalWithRoles(fx.store, (await org.addUser("grouper")).user, [
      "groupsAdministrator",
    ]);
    const helpdesk = await principalWithRoles(fx.store, (await org.addUser("helpdesk")).user, [
      "helpdeskAdministrator",
    ]);
    const { user } = await org.addUser("member");
    return { org, global, groupsAdmin, helpdesk, user };
  }

  it("creates a group and audits it", async () => {
    const { groupsAdmin } = await scene();
    const group = await groups().create(groupsAdmin, {
      displayName: "  Sales Team ",
      description: "Everyone selling",
      origin,
    });
    expect(group).toMatchObject({ displayName: "Sales Team", description: "Everyone selling" });
    const [event] = await listAuditEvents(fx.store, groupsAdmin.organisationId, {
      limit: 1,
      activity: "Add group",
    });
    expect(event).toMatchObject({ targetId: group.id, actorId: groupsAdmin.id });
  });

  it("refuses a name taken in another case, bad names and roles without manageGroups", async () => {
    const { global, groupsAdmin, helpdesk } = await scene();
    await groups().create(groupsAdmin, { displayName: "Sales", origin });
    await groups().create(groupsAdmin, { displayName: "Équipe Été", origin });
    const create = (displayName: string, principal = groupsAdmin) =>
      groups().create(principal, { displayName, origin });
    await expect(create("sales")).rejects.toMatchObject({ code: "conflict", field: "displayName" });
    await expect(create("SALES ")).rejects.toMatchObject({ code: "conflict" });
    await expect(create("ÉQUIPE ÉTÉ")).rejects.toMatchObject({ code: "conflict" });
    await expect(create("équipe été", global)).rejects.toMatchObject({ code: "conflict" });
    await expect(create("")).rejects.toMatchObject({ code: "invalidInput", field: "displayName" });
    await expect(create("x".repeat(257))).rejects.toMatchObject({ field: "displayName" });
    await expect(create("Helpdesk", helpdesk)).rejects.toMatchObject({ code: "forbidden" });
    await expect(create("x".repeat(256))).resolves.toMatchObject({ displayName: "x".repeat(256) });
    const names = (await groups().list(groupsAdmin)).groups.map((g) => g.displayName);
    expect(names).toHaveLength(3);
    expect(names).not.toContain("Helpdesk");
  });

  it("the same name is free in another organisation", async () => {
    const { groupsAdmin } = await scene();
    const other = await seedOrganisation(fx.services, "Elsewhere");
    const otherAdmin = await principalOfUser(fx.store, other.user);
    await groups().create(groupsAdmin, { displayName: "Finance", origin });
    await expect(
      groups().create(otherAdmin, { displayName: "finance", origin }),
    ).resolves.toMatchObject({ displayName: "finance" });
  });

  it("serialises creation so two racing names that differ in case never both win", async () => {
    const { groupsAdmin } = await scene();
    const results = await Promise.allSettled(
      ["Race", "RACE", "race", "rAcE"].map((displayName) =>
        groups().create(groupsAdmin, { displayName, origin }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((await groups().list(groupsAdmin)).groups).toHaveLength(1);
  });

  it("lists the organisation's groups by display name, page by page", async () => {
    const { groupsAdmin, helpdesk } = await scene();
    const names = ["Group 04", "Group 01", "Group 05", "Group 03", "Group 02"];
    for (const displayName of names) await groups().create(groupsAdmin, { displayName, origin });
    const other = await seedOrganisation(fx.services, "Elsewhere");
    await groups().create(await principalOfUser(fx.store, other.user), {
      displayName: "Group 00",
      origin,
    });
    const seen: string[] = [];
    let after;
    for (let page = 0; page < 5; page++) {
      const result = await groups().list(helpdesk, { after, limit: 2 });
      expect(result.groups.length).toBeLessThanOrEqual(2);
      seen.push(...result.groups.map((g) => g.displayName));
      after = result.next;
      if (!after) break;
    }
    expect(seen).toEqual([...names].sort());
  });

  it("adds and removes members, lists a group's members and a user's groups, and audits it", async () => {
    const { org, groupsAdmin, helpdesk, user } = await scene();
    const sales = await groups().create(groupsAdmin, { displayName: "Sales", origin });
    const finance = await groups().create(groupsAdmin, { displayName: "Finance", origin });
    const { user: zed } = await org.addUser("zed");
    const { user: abe } = await org.addUser("abe");
    for (const member of [user, zed, abe]) {
      await groups().addMember(groupsAdmin, { groupId: sales.id, userId: member.id, origin });
    }
    await groups().addMember(groupsAdmin, { groupId: finance.id, userId: user.id, origin });

    expect(
      (await groups().listMembers(helpdesk, sales.id)).users.map((u) => u.userPrincipalName),
    ).toEqual([abe, user, zed].map((u) => u.userPrincipalName));
    const first = await groups().listMembers(helpdesk, sales.id, { limit: 2 });
    expect(first.users.map((u) => u.id)).toEqual([abe.id, user.id]);
    const rest = await groups().listMembers(helpdesk, sales.id, { after: first.next, limit: 2 });
    expect(rest).toEqual({ users: [expect.objectContaining({ id: zed.id })] });
    expect((await groups().groupsOfUser(helpdesk, user.id)).map((g) => g.displayName)).toEqual([
      "Finance",
      "Sales",
    ]);

    await expect(
      groups().addMember(groupsAdmin, { groupId: sales.id, userId: user.id, origin }),
    ).rejects.toMatchObject({ code: "conflict" });
    await groups().removeMember(groupsAdmin, { groupId: sales.id, userId: user.id, origin });
    await expect(
      groups().removeMember(groupsAdmin, { groupId: sales.id, userId: user.id, origin }),
    ).rejects.toMatchObject({ code: "notFound" });
    expect((await groups().groupsOfUser(helpdesk, user.id)).map((g) => g.displayName)).toEqual([
      "Finance",
    ]);
    const events = await listAuditEvents(fx.store, user.organisationId, {
      limit: 10,
      targetId: user.id,
    });
    expect(events.map((e) => e.activity)).toEqual(
      expect.arrayContaining(["Add member to group", "Remove member from group"]),
    );
    expect(events.find((e) => e.activity === "Remove member from group")).toMatchObject({
      actorId: groupsAdmin.id,
      details: { groupId: sales.id, group: "Sales" },
    });
  });

  it("adds only live users of the same organisation, and hides deleted members", async () => {
    const { org, global, groupsAdmin, helpdesk, user } = await scene();
    const sales = await groups().create(groupsAdmin, { displayName: "Sales", origin });
    const other = await seedOrganisation(fx.services, "Elsewhere");
    const otherAdmin = await principalOfUser(fx.store, other.user);
    const { user: stranger } = await other.addUser("stranger");
    const theirs = await groups().create(otherAdmin, { displayName: "Theirs", origin });

    await expect(
      groups().addMember(groupsAdmin, { groupId: sales.id, userId: stranger.id, origin }),
    ).rejects.toMatchObject({ code: "notFound" });
    await expect(
      groups().addMember(groupsAdmin, { groupId: theirs.id, userId: user.id, origin }),
    ).rejects.toMatchObject({ code: "notFound" });
    await expect(
      groups().addMember(groupsAdmin, { groupId: "no-such-group", userId: user.id, origin }),
    ).rejects.toMatchObject({ code: "notFound" });
    await expect(groups().listMembers(groupsAdmin, theirs.id)).rejects.toMatchObject({
      code: "notFound",
    });
    await expect(groups().groupsOfUser(groupsAdmin, stranger.id)).rejects.toMatchObject({
      code: "notFound",
    });
    await expect(
      groups().addMember(helpdesk, { groupId: sales.id, userId: user.id, origin }),
    ).rejects.toMatchObject({ code: "forbidden" });

    await groups().addMember(otherAdmin, { groupId: theirs.id, userId: stranger.id, origin });
    await expect(
      groups().removeMember(groupsAdmin, { groupId: theirs.id, userId: stranger.id, origin }),
    ).rejects.toMatchObject({ code: "notFound" });
    expect((await groups().listMembers(otherAdmin, theirs.id)).users).toHaveLength(1);

    const { user: leaver } = await org.addUser("leaver");
    await groups().addMember(groupsAdmin, { groupId: sales.id, userId: leaver.id, origin });
    await fx.services.admin.usersWrite.deleteUser(global, leaver.id, origin);
    expect((await groups().listMembers(groupsAdmin, sales.id)).users).toEqual([]);
    await expect(
      groups().addMember(groupsAdmin, { groupId: sales.id, userId: leaver.id, origin }),
    ).rejects.toMatchObject({ code: "notFound" });
    // A deleted user's lingering membership can still be removed.
    await groups().removeMember(groupsAdmin, { groupId: sales.id, userId: leaver.id, origin });
  });
});
