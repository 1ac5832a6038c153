import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { grantRoles } from "../../support/admins.js";
import { buildTestApp, Client } from "../../support/http.js";
import { origin, seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

describeEachStore("admin center: the users grid", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  /** An organisation with one user signed in lately, one locked out, one who must change. */
  async function scene() {
    const org = await seedOrganisation(fx.services);
    const { user: helpdeskUser } = await org.addUser("helpdesk");
    await grantRoles(fx.store, helpdeskUser, ["helpdeskAdministrator"]);
    const helpdesk = new Client(app);
    await helpdesk.signIn(`helpdesk@${org.domain}`, USER_PASSWORD);
    const { user: temporary } = await org.addUser("grid-temporary");
    await org.addUser("grid-locked");
    await org.addUser("grid-active");
    const admin = await principalOfUser(fx.store, org.user);
    await fx.services.admin.passwordReset.reset(admin, { targetId: temporary.id, origin });
    fx.clock.advance(5 * 60_000);
    await new Client(app).signIn(`grid-active@${org.domain}`, USER_PASSWORD);
    for (let i = 1; i <= 10; i++) {
      await fx.services
        .signIn({ userId: `grid-locked@${org.domain}`, password: `wrong ${i} pass`, origin })
        .catch(() => undefined);
    }
    return { org, helpdesk };
  }

  const namesIn = (html: string) =>
    [...html.matchAll(/<a href="\/admin\/users\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]);
  const hrefs = (html: string) =>
    [...html.matchAll(/href="(\/admin\/users[^"]*)"/g)].map((m) => m[1]?.replaceAll("&amp;", "&"));

  it("filters by chips that show their counts, and Home links to them", async () => {
    const { helpdesk } = await scene();
    const list = await helpdesk.get("/admin/users");
    expect(list.statusCode).toBe(200);
    const chip = (label: string) =>
      new RegExp(`${label} <span class="chip-count">([0-9.,]+)</span>`).exec(list.body)?.[1];
    // Ada Admin, the helpdesk administrator and the three of the scene.
    expect(chip("All users")).toBe("5");
    expect(chip("Locked out")).toBe("1");
    expect(chip("Must change password")).toBe("1");
    expect(chip("Administrators")).toBe("2");
    expect(chip("Sign-in blocked")).toBe("0");

    const locked = await helpdesk.get("/admin/users?filter=locked");
    expect(namesIn(locked.body)).toEqual(["grid-locked Tester"]);
    expect(locked.body).toContain('aria-current="page"');
    // The active filter is a chip that removes it.
    expect(hrefs(locked.body)).toContain("/admin/users");
    const mustChange = await helpdesk.get("/admin/users?filter=mustChange");
    expect(namesIn(mustChange.body)).toEqual(["grid-temporary Tester"]);

    const home = await helpdesk.get("/admin");
    expect(hrefs(home.body)).toEqual(
      expect.arrayContaining(["/admin/users?filter=locked", "/admin/users?filter=mustChange"]),
    );
  });

  it("sorts by a column's header, either way, and says so to assistive technology", async () => {
    const { helpdesk } = await scene();
    const byName = await helpdesk.get("/admin/users");
    // By display name by default; the header links to sorting by the other columns.
    expect(namesIn(byName.body)).toEqual([
      "Ada Admin",
      "grid-active Tester",
      "grid-locked Tester",
      "grid-temporary Tester",
      "helpdesk Tester",
    ]);
    expect(hrefs(byName.body)).toContain("/admin/users?sort=lastSignIn");

    const latest = await helpdesk.get("/admin/users?sort=-lastSignIn");
    // grid-active signed in last, then the helpdesk administrator; the rest never did.
    expect(namesIn(latest.body).slice(0, 2)).toEqual(["grid-active Tester", "helpdesk Tester"]);
    expect(latest.body).toContain('aria-sort="descending"');
    expect(latest.body).toContain("5 minutes ago");
    expect(latest.body).toContain("Never");
    // Its header now sorts the other way.
    expect(hrefs(latest.body)).toContain("/admin/users?sort=lastSignIn");

    const byUserIdDown = await helpdesk.get("/admin/users?sort=-userId");
    expect(namesIn(byUserIdDown.body)[0]).toBe("helpdesk Tester");

    // Search results are in name order only: the sort is dropped, the search kept.
    const searched = await helpdesk.get("/admin/users?search=grid&sort=userId");
    expect(searched.statusCode).toBe(303);
    expect(searched.headers.location).toBe("/admin/users?search=grid");
  });

  it("shows the columns picked, and keeps the choice in every link", async () => {
    const { helpdesk } = await scene();
    const plain = await helpdesk.get("/admin/users?columns=none");
    expect(plain.body).not.toContain('<th scope="col">Status</th>');
    expect(plain.body).not.toContain("sort=lastSignIn");
    const picked = await helpdesk.get("/admin/users?columns=roles&columns=methods&filter=admins");
    expect(picked.body).toContain('<th scope="col">Roles</th>');
    expect(picked.body).toContain('<th scope="col">Registered methods</th>');
    expect(picked.body).toContain("Helpdesk Administrator");
    expect(picked.body).toContain("Global Administrator");
    // Sorting keeps the columns and the filter.
    expect(hrefs(picked.body)).toContain(
      "/admin/users?filter=admins&sort=userId&columns=roles&columns=methods",
    );
    // Unknown columns are ignored, not an error.
    expect((await helpdesk.get("/admin/users?columns=secret")).statusCode).toBe(200);
  });

  it("sends a stale or forged page link back to the first page of the same view", async () => {
    const { helpdesk } = await scene();
    const forged = await helpdesk.get("/admin/users?sort=userId&filter=locked&after=forged");
    expect(forged.statusCode).toBe(303);
    expect(forged.headers.location).toBe("/admin/users?filter=locked&sort=userId");
  });
});
