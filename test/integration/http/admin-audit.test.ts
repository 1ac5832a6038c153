import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ACTIVITIES } from "../../../src/services/audit.js";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { adminCenterScene, linkIn } from "../../support/admin-center.js";
import { buildTestApp } from "../../support/http.js";
import { origin, seedOrganisation } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const DAY = 24 * 3_600_000;
/** The activity column's cells, in order. */
const activities = (html: string) =>
  [...html.matchAll(/data-label="Activity" lang="en">([^<]+)</g)].map((m) => m[1]);

describeEachStore("admin center: audit log", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx, { SESAME_SIGNIN_RATE_LIMIT: "1000" });
  });
  afterAll(() => app.close());

  const scene = () => adminCenterScene(app, fx.services, fx.store);

  it("shows the log to Reports Reader, newest first, in UTC; Reports Reader cannot reset", async () => {
    const { org, signInAs } = await scene();
    const { user } = await org.addUser("subject");
    const { client: reader } = await signInAs(["reportsReader"]);
    const page = await reader.get("/admin/audit");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('aria-current="page">Audit log</a>');
    // Microsoft's activity names as recorded, in the filter and the table.
    expect(page.body).toContain(`<option value="Reset password (by admin)" lang="en">`);
    const rows = activities(page.body);
    expect(rows[0]).toBe("Sign-in activity");
    expect(rows).toContain("Add user");
    expect(rows.at(-1)).toBe("Create company");
    expect(page.body).toContain("22 Nov 2026, 09:00:00 UTC");
    expect(page.body).toContain("Date (UTC)");
    // Reading is not resetting.
    expect((await reader.get(`/admin/users/${user.id}/reset-password`)).statusCode).toBe(403);
    expect((await reader.get(`/admin/users/${user.id}`)).body).not.toContain("reset-password");
  });

  it("is closed to roles without readAudit, and not in their navigation", async () => {
    const { signInAs } = await scene();
    for (const role of [
      "helpdeskAdministrator",
      "userAdministrator",
      "groupsAdministrator",
    ] as const) {
      const { client } = await signInAs([role]);
      const users = await client.get("/admin/users");
      expect(users.body).not.toContain('href="/admin/audit"');
      expect((await client.get("/admin/audit")).statusCode).toBe(403);
    }
    const { client: roleAdmin } = await signInAs(["privilegedRoleAdministrator"]);
    expect((await roleAdmin.get("/admin/audit")).statusCode).toBe(200);
  });

  it("filters by activity, actor, target and period, and pages with 'Older events'", async () => {
    const { org, global } = await scene();
    const principal = await principalOfUser(fx.store, org.user);
    const { user: target } = await org.addUser("target");
    const start = fx.clock.now();
    for (let i = 0; i < 55; i++) {
      fx.clock.advance(1000);
      await fx.services.admin.accountActions.revokeSessions(principal, target.id, origin);
    }
    fx.clock.advance(3 * DAY);
    await fx.services.admin.accountActions.setSignInBlocked(principal, target.id, true, origin);
    fx.clock.set(start);

    const byActivity = await global.get(
      `/admin/audit?${new URLSearchParams({ activity: ACTIVITIES.revokeSessions.activity })}`,
    );
    expect(byActivity.statusCode).toBe(200);
    expect(activities(byActivity.body)).toHaveLength(50);
    expect(new Set(activities(byActivity.body))).toEqual(
      new Set([ACTIVITIES.revokeSessions.activity]),
    );
    const older = linkIn(byActivity.body, /href="(\/admin\/audit\?[^"]*before=[^"]+)"/);
    expect(older).toContain("activity=Invalidate");
    const second = await global.get(older ?? "");
    expect(activities(second.body)).toHaveLength(5);
    expect(second.body).toContain("Newest events");

    const byTarget = await global.get(
      `/admin/audit?target=${encodeURIComponent(target.userPrincipalName.toUpperCase())}&actor=${encodeURIComponent(org.user.userPrincipalName)}`,
    );
    expect(new Set(activities(byTarget.body))).toEqual(
      new Set([ACTIVITIES.revokeSessions.activity, ACTIVITIES.disableAccount.activity]),
    );

    const day = (offset: number) => new Date(start + offset * DAY).toISOString().slice(0, 10);
    const later = await global.get(
      `/admin/audit?from=${day(2)}&target=${target.userPrincipalName}`,
    );
    expect(activities(later.body)).toEqual([ACTIVITIES.disableAccount.activity]);
    const earlier = await global.get(`/admin/audit?to=${day(0)}&activity=Disable+account`);
    expect(activities(earlier.body)).toEqual([]);
    expect(earlier.body).toContain("No events match these filters.");

    const other = await seedOrganisation(fx.services, "Faraway");
    const foreign = await global.get(`/admin/audit?target=${other.user.userPrincipalName}`);
    expect(activities(foreign.body)).toEqual([]);
  });

  it("explains filters it can't use, next to the field", async () => {
    const { global } = await scene();
    const badDate = await global.get("/admin/audit?from=2026-02-30&to=yesterday");
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain(
      '<p class="error" id="from-error">Enter a date like 2026-11-22.</p>',
    );
    expect(badDate.body).toContain('id="to-error"');
    const reversed = await global.get("/admin/audit?from=2026-11-22&to=2026-11-01");
    expect(reversed.statusCode).toBe(400);
    expect(reversed.body).toContain(
      '<p class="error" id="to-error">The end date comes before the start date.</p>',
    );
    const activity = await global.get("/admin/audit?activity=Format+the+disk");
    expect(activity.statusCode).toBe(400);
    expect(activity.body).toContain("Choose an activity from the list.");
    expect((await global.get("/admin/audit?before=forged")).headers.location).toBe("/admin/audit");
  });

  it("opens each event with everything recorded, only for the organisation's readers", async () => {
    const { org, global, signInAs } = await scene();
    const { user } = await org.addUser("edited");
    const admin = await principalOfUser(fx.store, org.user);
    await fx.services.admin.usersWrite.updateUser(admin, user.id, {
      displayName: "Edited Name",
      origin,
    });
    fx.clock.advance(3 * 60_000);
    const list = await global.get("/admin/audit?activity=Update+user");
    // The time links to the event, says how long ago, and names break only at "@".
    const href = linkIn(list.body, /href="(\/admin\/audit\/[0-9a-f-]{36})"/) ?? "";
    expect(href).not.toBe("");
    expect(list.body).toContain('<span class="ago">3 minutes ago</span>');
    expect(list.body).toContain(`<span class="unbroken">edited<wbr/>@`);
    const event = await global.get(href);
    expect(event.statusCode).toBe(200);
    expect(event.body).toContain('<h1 lang="en">Update user</h1>');
    expect(event.body).toContain("<dt>modifiedProperties</dt><dd>displayName</dd>");
    expect(event.body).toContain(`(${org.user.id})`);
    expect(event.body).toContain(origin.userAgent ?? "missing");

    const { client: helpdesk } = await signInAs(["helpdeskAdministrator"]);
    expect((await helpdesk.get(href)).statusCode).toBe(403);
    const other = await adminCenterScene(app, fx.services, fx.store, "Other");
    expect((await other.global.get(href)).statusCode).toBe(404);
    expect((await global.get("/admin/audit/not-an-id")).statusCode).toBe(404);
  });

  it("downloads the filtered events as CSV a spreadsheet cannot run", async () => {
    const { org, global, signInAs } = await scene();
    await org.addUser("csv");
    // A name a spreadsheet would take for a formula stays text.
    const admin = await principalOfUser(fx.store, org.user);
    await fx.services.admin.groups.create(admin, {
      displayName: '=HYPERLINK("http://evil.test")',
      description: "",
      origin,
    });
    const page = await global.get("/admin/audit?activity=Add+group");
    expect(page.body).toContain('href="/admin/audit.csv?activity=Add+group"');
    const csv = await global.get("/admin/audit.csv?activity=Add+group");
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.headers["content-disposition"]).toBe('attachment; filename="audit-log.csv"');
    const lines = csv.body
      .replace(/^\ufeff/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      '"Date (UTC)","Activity","Category","Result","Initiated by","Target","IP address","Browser or program","Event ID"',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"Add group"');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
    // Bad filters go back to the page that explains them; no right, no file.
    const bad = await global.get("/admin/audit.csv?from=yesterday");
    expect(bad.statusCode).toBe(303);
    expect(bad.headers.location).toBe("/admin/audit?from=yesterday");
    const { client: helpdesk } = await signInAs(["helpdeskAdministrator"]);
    expect((await helpdesk.get("/admin/audit.csv")).statusCode).toBe(403);
  });

  it("never shows another organisation's events", async () => {
    const { global } = await scene();
    await seedOrganisation(fx.services, "Elsewhere");
    const page = await global.get("/admin/audit?activity=Create+company");
    expect(activities(page.body)).toEqual(["Create company"]);
    expect(page.body).not.toContain("Elsewhere");
  });
});
