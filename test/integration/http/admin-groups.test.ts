import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { adminCenterScene, linkIn } from "../../support/admin-center.js";
import { buildTestApp, csrfTokenOf } from "../../support/http.js";
import { origin, seedOrganisation } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

describeEachStore("admin center: groups", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx, { SESAME_SIGNIN_RATE_LIMIT: "1000" });
  });
  afterAll(() => app.close());

  const scene = () => adminCenterScene(app, fx.services, fx.store);
  const groupsOf = async (org: Awaited<ReturnType<typeof scene>>["org"]) =>
    (await fx.services.admin.groups.list(await principalOfUser(fx.store, org.user))).groups;

  it("lists groups a page at a time", async () => {
    const { org, global } = await scene();
    const principal = await principalOfUser(fx.store, org.user);
    for (let i = 0; i < 53; i++) {
      await fx.services.admin.groups.create(principal, {
        displayName: `Team ${String(i).padStart(2, "0")}`,
        origin,
      });
    }
    const first = await global.get("/admin/groups");
    expect(first.statusCode).toBe(200);
    const names = (html: string) => [...html.matchAll(/>(Team \d\d)</g)].map((m) => m[1]);
    expect(names(first.body)).toHaveLength(50);
    const next = linkIn(first.body, /href="(\/admin\/groups\?after=[^"]+)"/);
    const second = await global.get(next ?? "");
    expect(names(second.body)).toEqual(["Team 50", "Team 51", "Team 52"]);
    expect(second.body).toContain('href="/admin/groups">First page</a>');
    expect((await global.get("/admin/groups?after=forged")).headers.location).toBe("/admin/groups");
  });

  it("creates a group, adds a member by User ID and removes them", async () => {
    const { org, global } = await scene();
    const { user } = await org.addUser("joiner");
    const form = await global.get("/admin/groups/new");
    expect(form.statusCode).toBe(200);
    const created = await global.post("/admin/groups/new", {
      _csrf: csrfTokenOf(form.body),
      displayName: "Finance",
      description: "Money people",
    });
    expect(created.statusCode).toBe(303);
    const groupUrl = (created.headers.location as string).split("?")[0] ?? "";
    const page = await global.get(created.headers.location as string);
    expect(page.body).toContain("The group is created.");
    expect(page.body).toContain("Money people");

    const added = await global.post(`${groupUrl}/members`, {
      _csrf: csrfTokenOf(page.body),
      userId: `JOINER@${org.domain.toUpperCase()}`,
    });
    expect(added.headers.location).toBe(`${groupUrl}?added=${user.id}`);
    const withMember = await global.get(added.headers.location as string);
    expect(withMember.body).toContain("joiner Tester is added to Finance.");
    expect(withMember.body).toContain(`<a href="/admin/users/${user.id}">joiner Tester</a>`);
    expect(withMember.body).toContain('aria-label="Remove joiner Tester from the group"');
    // The user's page lists the group.
    expect((await global.get(`/admin/users/${user.id}`)).body).toContain(
      `<a href="${groupUrl}">Finance</a>`,
    );

    const again = await global.post(`${groupUrl}/members`, {
      _csrf: csrfTokenOf(page.body),
      userId: user.userPrincipalName,
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("This user is already a member of the group.");

    const removed = await global.post(`${groupUrl}/members/remove`, {
      _csrf: csrfTokenOf(page.body),
      userId: user.id,
    });
    expect(removed.headers.location).toBe(`${groupUrl}?removed=${user.id}`);
    const empty = await global.get(removed.headers.location as string);
    expect(empty.body).toContain("joiner Tester is removed from Finance.");
    expect(empty.body).toContain("This group has no members.");
  });

  it("shows form errors beside the field and changes nothing", async () => {
    const { org, global } = await scene();
    const form = await global.get("/admin/groups/new");
    const empty = await global.post("/admin/groups/new", {
      _csrf: csrfTokenOf(form.body),
      displayName: "",
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain(
      '<p class="error" id="displayName-error">Enter the group&#39;s name.</p>'.replace(
        "&#39;",
        "'",
      ),
    );
    await global.post("/admin/groups/new", { _csrf: csrfTokenOf(form.body), displayName: "Sales" });
    const duplicate = await global.post("/admin/groups/new", {
      _csrf: csrfTokenOf(form.body),
      displayName: "SALES",
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.body).toContain("A group with this name already exists.");
    expect(duplicate.body).toContain('value="SALES"');
    const groups = await groupsOf(org);
    expect(groups.map((group) => group.displayName)).toEqual(["Sales"]);

    const groupUrl = `/admin/groups/${groups[0]?.id}`;
    const stranger = await seedOrganisation(fx.services, "Faraway");
    const { user: outsider } = await stranger.addUser("outsider");
    const unknown = await global.post(`${groupUrl}/members`, {
      _csrf: csrfTokenOf(form.body),
      userId: outsider.userPrincipalName,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain(
      '<p class="error" id="userId-error">There is no user with this User ID in your organisation.</p>',
    );
    const blank = await global.post(`${groupUrl}/members`, {
      _csrf: csrfTokenOf(form.body),
      userId: "",
    });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('id="userId-error"');
    expect((await global.get(groupUrl)).body).toContain("This group has no members.");
  });

  it("lets Helpdesk look but not change; Groups Administrator manages", async () => {
    const { org, global, signInAs } = await scene();
    const form = await global.get("/admin/groups/new");
    await global.post("/admin/groups/new", { _csrf: csrfTokenOf(form.body), displayName: "Ops" });
    const [group] = await groupsOf(org);
    const { user } = await org.addUser("member");
    const { client: helpdesk } = await signInAs(["helpdeskAdministrator"]);
    const list = await helpdesk.get("/admin/groups");
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(">Ops</a>");
    expect(list.body).not.toContain("/admin/groups/new");
    expect((await helpdesk.get("/admin/groups/new")).statusCode).toBe(403);
    const page = await helpdesk.get(`/admin/groups/${group?.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain("/members");
    const forced = await helpdesk.post(`/admin/groups/${group?.id}/members`, {
      _csrf: csrfTokenOf(page.body),
      userId: user.userPrincipalName,
    });
    expect(forced.statusCode).toBe(403);
    const forcedCreate = await helpdesk.post("/admin/groups/new", {
      _csrf: csrfTokenOf(page.body),
      displayName: "Sneaky",
    });
    expect(forcedCreate.statusCode).toBe(403);
    expect((await groupsOf(org)).map((g) => g.displayName)).toEqual(["Ops"]);

    const { client: groupsAdmin } = await signInAs(["groupsAdministrator"]);
    const managed = await groupsAdmin.get(`/admin/groups/${group?.id}`);
    expect(managed.body).toContain(`action="/admin/groups/${group?.id}/members"`);
    const added = await groupsAdmin.post(`/admin/groups/${group?.id}/members`, {
      _csrf: csrfTokenOf(managed.body),
      userId: user.userPrincipalName,
    });
    expect(added.statusCode).toBe(303);
  });

  it("refuses membership changes without the CSRF token", async () => {
    const { org, global } = await scene();
    const form = await global.get("/admin/groups/new");
    await global.post("/admin/groups/new", { _csrf: csrfTokenOf(form.body), displayName: "Quiet" });
    const [group] = await groupsOf(org);
    const { user } = await org.addUser("csrf");
    const response = await global.post(`/admin/groups/${group?.id}/members`, {
      userId: user.userPrincipalName,
    });
    expect(response.statusCode).toBe(403);
    expect((await global.get(`/admin/groups/${group?.id}`)).body).toContain(
      "This group has no members.",
    );
    expect((await global.post("/admin/groups/new", { displayName: "NoToken" })).statusCode).toBe(
      403,
    );
  });

  it("answers 404 for another organisation's group", async () => {
    const { global } = await scene();
    const other = await seedOrganisation(fx.services, "Faraway");
    const principal = await principalOfUser(fx.store, other.user);
    const group = await fx.services.admin.groups.create(principal, {
      displayName: "Hidden",
      origin,
    });
    const page = await global.get(`/admin/groups/${group.id}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain("This group doesn&#39;t exist.".replace("&#39;", "'"));
    expect((await global.get("/admin/groups")).body).not.toContain("Hidden");
    const token = csrfTokenOf(page.body);
    const add = await global.post(`/admin/groups/${group.id}/members`, {
      _csrf: token,
      userId: other.user.userPrincipalName,
    });
    expect(add.statusCode).toBe(404);
    const remove = await global.post(`/admin/groups/${group.id}/members/remove`, {
      _csrf: token,
      userId: other.user.id,
    });
    expect(remove.statusCode).toBe(404);
  });
});
