import { expect, it } from "vitest";
import { ROLES } from "../../src/domain/roles.js";
import { CLI_ORIGIN } from "../../src/services/context.js";
import { SesameError } from "../../src/services/errors.js";
import { findRoleTemplateIds } from "../../src/store/roles.js";
import { describeEachStore } from "../support/stores.js";
import { seedOrganisation, USER_PASSWORD } from "../support/seed.js";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SesameError) return error.code;
    throw error;
  }
  return "none";
}

describeEachStore("directory", (fx) => {
  it("creates an organisation whose first user is a Global Administrator", async () => {
    const { user, organisation } = await seedOrganisation(fx.services);
    expect(organisation.name).toBe("Contoso");
    expect(await findRoleTemplateIds(fx.store, user.id)).toEqual([ROLES.globalAdministrator.id]);
    expect(user.forceChangePassword).toBe(false);
  });

  it("gives an administrator created without a password a temporary one to change at first sign-in", async () => {
    const created = await fx.services.directory.initOrganisation({
      organisationName: "Fabrikam",
      domain: `fabrikam-${fx.kind}.test`,
      adminUserId: `boss@fabrikam-${fx.kind}.test`,
      origin: CLI_ORIGIN,
    });
    expect(created.temporaryPassword).toMatch(/^.{16,}$/);
    expect(created.user.forceChangePassword).toBe(true);
    const signedIn = await fx.services.signIn({
      userId: `BOSS@Fabrikam-${fx.kind}.test`,
      password: created.temporaryPassword ?? "",
      origin: CLI_ORIGIN,
    });
    expect(signedIn.mustChangePassword).toBe(true);
  });

  it("refuses a domain that is taken, and an administrator outside the domain, changing nothing", async () => {
    const { domain } = await seedOrganisation(fx.services);
    const input = {
      organisationName: "Again",
      adminUserId: `x@${domain}`,
      password: USER_PASSWORD,
      origin: CLI_ORIGIN,
    };
    expect(await codeOf(fx.services.directory.initOrganisation({ ...input, domain }))).toBe(
      "domainTaken",
    );
    expect(
      await codeOf(
        fx.services.directory.initOrganisation({
          ...input,
          domain: `other-${domain}`,
          adminUserId: `x@${domain}`,
        }),
      ),
    ).toBe("invalidInput");
    expect(
      await codeOf(fx.services.directory.initOrganisation({ ...input, domain: "not a domain" })),
    ).toBe("invalidInput");
    const orgs = await fx.store.db
      .selectFrom("domains")
      .select("name")
      .where("name", "like", `%${domain}`)
      .execute();
    expect(orgs).toHaveLength(1);
  });

  it("treats User IDs as unique regardless of case", async () => {
    const org = await seedOrganisation(fx.services);
    await org.addUser("Grace");
    expect(await codeOf(org.addUser("GRACE"))).toBe("duplicateUser");
    expect(await codeOf(org.addUser("grace"))).toBe("duplicateUser");
  });

  it("refuses a user of an unknown domain", async () => {
    const code = await codeOf(
      fx.services.directory.addUser({
        userId: "ghost@nowhere.test",
        displayName: "Ghost",
        password: USER_PASSWORD,
        origin: CLI_ORIGIN,
      }),
    );
    expect(code).toBe("unknownDomain");
  });

  it("refuses a password that breaks the rules and adds nothing", async () => {
    const org = await seedOrganisation(fx.services);
    const attempt = org.addUser("weakling", { password: "password1" });
    await expect(attempt).rejects.toMatchObject({ code: "passwordRejected" });
    const rows = await fx.store.db
      .selectFrom("users")
      .select("id")
      .where("user_principal_name_key", "=", `weakling@${org.domain}`)
      .execute();
    expect(rows).toHaveLength(0);
  });

  it("keeps organisations apart: the same name in two organisations are two users", async () => {
    const a = await seedOrganisation(fx.services, "Alpha");
    const b = await seedOrganisation(fx.services, "Beta");
    const inA = await a.addUser("sam", { password: "orange sunrise over meadow" });
    const inB = await b.addUser("sam", { password: "silver moonlight over river" });
    expect(inA.user.id).not.toBe(inB.user.id);
    await expect(
      fx.services.signIn({
        userId: `sam@${a.domain}`,
        password: "silver moonlight over river",
        origin: CLI_ORIGIN,
      }),
    ).rejects.toMatchObject({ code: "invalidCredentials" });
    const ok = await fx.services.signIn({
      userId: `sam@${b.domain}`,
      password: "silver moonlight over river",
      origin: CLI_ORIGIN,
    });
    expect(ok.user.id).toBe(inB.user.id);
  });
});
