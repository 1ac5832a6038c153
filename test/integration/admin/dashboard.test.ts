import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import type { SecurityMethodKind } from "../../../src/domain/methods.js";
import { principalOfUser, type Principal } from "../../../src/services/admin/principal.js";
import { USER_COUNT_SECONDS } from "../../../src/services/admin/dashboard.js";
import { insertSecurityMethod } from "../../../src/store/security-info.js";
import type { User } from "../../../src/store/users.js";
import { grantRoles } from "../../support/admins.js";
import { origin, seedOrganisation } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

describeEachStore("admin center Home: who is not registered for self-service reset", (fx) => {
  let org: Awaited<ReturnType<typeof seedOrganisation>>;
  let admin: Principal;
  const users: Record<string, User> = {};

  const prove = async (user: User, kind: SecurityMethodKind, verified = true) =>
    insertSecurityMethod(fx.store, {
      id: randomUUID(),
      userId: user.id,
      organisationId: user.organisationId,
      kind,
      value: kind === "email" ? `${user.id}@home.example` : null,
      verifiedAt: verified ? fx.clock.now() : null,
      createdAt: fx.clock.now(),
    });

  beforeAll(async () => {
    org = await seedOrganisation(fx.services, "Registrars");
    admin = await principalOfUser(fx.store, org.user);
    for (const name of ["one", "unproven", "two", "helpdesk", "deleted"]) {
      users[name] = (await org.addUser(name)).user;
    }
    const at = (name: string) => users[name] as User;
    await prove(at("one"), "email");
    await prove(at("unproven"), "email", false);
    await prove(at("two"), "email");
    await prove(at("two"), "mobilePhone");
    // An administrator needs two, and questions never count for one.
    await grantRoles(fx.store, at("helpdesk"), ["helpdeskAdministrator"]);
    await prove(at("helpdesk"), "email");
    await prove(at("helpdesk"), "securityQuestions");
    await prove(at("deleted"), "email");
    await fx.services.admin.usersWrite.deleteUser(admin, at("deleted").id, origin);
    // Another organisation's registered user counts nowhere here.
    const other = await seedOrganisation(fx.services, "Elsewhere");
    await prove(other.user, "email");
  });

  const notRegistered = async () => {
    fx.clock.advance((USER_COUNT_SECONDS + 1) * 1000);
    return (await fx.services.admin.dashboard.overview(admin)).notRegistered;
  };

  it("counts everyone in scope without the methods a reset needs, as the reset flow counts", async () => {
    // Live: Ada (admin, none), one, unproven, two, helpdesk. Registered: one and two.
    expect(await notRegistered()).toBe(3);
    await fx.services.admin.resetPolicy.update(admin, { methodsRequired: 2 }, origin);
    // Two methods each: only "two".
    expect(await notRegistered()).toBe(4);
    await fx.services.admin.resetPolicy.update(
      admin,
      { methodsRequired: 1, methods: { securityQuestions: true, mobileSms: false } },
      origin,
    );
    // "two" keeps email; the helpdesk administrator still needs two that count.
    expect(await notRegistered()).toBe(3);
  });

  it("counts only the policy's group when it names one, and nothing while reset is off", async () => {
    const group = await fx.services.admin.groups.create(admin, { displayName: "Pilot", origin });
    for (const name of ["one", "unproven"]) {
      await fx.services.admin.groups.addMember(admin, {
        groupId: group.id,
        userId: (users[name] as User).id,
        origin,
      });
    }
    await fx.services.admin.resetPolicy.update(
      admin,
      { enabledFor: "group", groupId: group.id },
      origin,
    );
    expect(await notRegistered()).toBe(1);
    await fx.services.admin.resetPolicy.update(admin, { enabledFor: "none" }, origin);
    expect(await notRegistered()).toBeUndefined();
  });

  it("is shown to those who may reset passwords only", async () => {
    const reader = (await org.addUser("reader")).user;
    await grantRoles(fx.store, reader, ["directoryReaders"]);
    const overview = await fx.services.admin.dashboard.overview(
      await principalOfUser(fx.store, reader),
    );
    expect(overview).not.toHaveProperty("notRegistered");
  });
});
