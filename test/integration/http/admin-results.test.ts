import { createHash } from "node:crypto";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ROLES } from "../../../src/domain/roles.js";
import { SHOWN_ONCE_MINUTES } from "../../../src/services/shown-once.js";
import { adminCenterScene, postPairs } from "../../support/admin-center.js";
import { buildTestApp, Client, csrfTokenOf } from "../../support/http.js";
import { ADMIN_PASSWORD, origin } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const TEMPORARY = /id="temporary-password"[^>]*value="([^"]+)"/;
const RESULT = /^\/admin\/results\/[A-Za-z0-9_-]{43}$/;
const SHOWN_ALREADY = "This result was shown already.";
const tokenHashOf = (location: string) =>
  createHash("sha256")
    .update(location.split("/").pop() ?? "")
    .digest("hex");

/**
 * POST/redirect/GET for every admin change that shows something once (issue 12): a refresh
 * of the result never runs the change again, and the result is the session's, once.
 */
describeEachStore("admin center: results shown once", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  const scene = () => adminCenterScene(app, fx.services, fx.store);

  const auditCount = async (organisationId: string, activity: string) =>
    Number(
      (
        await fx.store.db
          .selectFrom("audit_events")
          .select((eb) => eb.fn.countAll().as("count"))
          .where("organisation_id", "=", organisationId)
          .where("activity", "=", activity)
          .executeTakeFirstOrThrow()
      ).count,
    );

  /** An administrator's reset of `targetId`, up to its redirect. */
  async function resetOf(client: Client, targetId: string) {
    const form = await client.get(`/admin/users/${targetId}/reset-password`);
    const redirect = await client.post(`/admin/users/${targetId}/reset-password`, {
      _csrf: csrfTokenOf(form.body),
      mode: "generate",
      forceChange: "on",
    });
    expect(redirect.statusCode).toBe(303);
    const location = String(redirect.headers.location);
    expect(location).toMatch(RESULT);
    return location;
  }

  it("shows a reset's password once; a refresh says so and resets nothing again", async () => {
    const { org, global } = await scene();
    const { user } = await org.addUser("refreshed");
    const location = await resetOf(global, user.id);

    const shown = await global.get(location);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers["cache-control"]).toBe("no-store");
    const temporary = TEMPORARY.exec(shown.body)?.[1] ?? "";
    expect(temporary).toMatch(/^\S{16,}$/);

    const refreshed = await global.get(location);
    expect(refreshed.statusCode).toBe(410);
    expect(refreshed.body).toContain(SHOWN_ALREADY);
    expect(refreshed.body).not.toContain(temporary);
    // One reset: one audit event, and the password shown is the one that works.
    expect(await auditCount(org.organisation.id, "Reset password (by admin)")).toBe(1);
    const signedIn = await fx.services.signIn({
      userId: user.userPrincipalName,
      password: temporary,
      origin,
    });
    expect(signedIn.mustChangePassword).toBe(true);
  });

  it("keeps the result sealed, and empty once shown", async () => {
    const { org, global } = await scene();
    const { user } = await org.addUser("sealed");
    const location = await resetOf(global, user.id);
    // The token is only in the URL; the store has its hash.
    const tokenHash = tokenHashOf(location);
    const sealedOf = async () =>
      (
        await fx.store.db
          .selectFrom("shown_once")
          .select("sealed_content")
          .where("token_hash", "=", tokenHash)
          .executeTakeFirstOrThrow()
      ).sealed_content;
    const sealed = await sealedOf();
    expect(sealed).toMatch(/^v1\./);
    const temporary = TEMPORARY.exec((await global.get(location)).body)?.[1] ?? "";
    expect(temporary).not.toBe("");
    expect(sealed).not.toContain(temporary);
    expect(await sealedOf()).toBeNull();
  });

  it("is the session's: another administrator, or the same one signed in again, gets nothing", async () => {
    const { org, global, signInAs } = await scene();
    const { user } = await org.addUser("owned");
    const location = await resetOf(global, user.id);

    const { client: other } = await signInAs(["globalAdministrator"]);
    expect((await other.get(location)).statusCode).toBe(404);
    const again = new Client(app);
    await again.signIn(`admin@${org.domain}`, ADMIN_PASSWORD);
    const elsewhere = await again.get(location);
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.body).toContain("This result is no longer here.");
    // Those tries took nothing from the owner.
    expect(TEMPORARY.test((await global.get(location)).body)).toBe(true);
  });

  it("gives the result to one of two racing loads", async () => {
    const { org, global } = await scene();
    const { user } = await org.addUser("raced");
    const location = await resetOf(global, user.id);
    const loads = await Promise.all([global.get(location), global.get(location)]);
    expect(loads.map((load) => load.statusCode).sort()).toEqual([200, 410]);
  });

  it("is gone after it expires, and after signing out", async () => {
    const { org, global } = await scene();
    const { user } = await org.addUser("expiring");
    const expired = await resetOf(global, user.id);
    fx.clock.advance(SHOWN_ONCE_MINUTES * 60_000);
    expect((await global.get(expired)).statusCode).toBe(404);

    const unread = await resetOf(global, user.id);
    const home = await global.get("/admin/users");
    await global.post("/signout", { _csrf: csrfTokenOf(home.body) });
    const left = await fx.store.db
      .selectFrom("shown_once")
      .select("token_hash")
      .where("token_hash", "=", tokenHashOf(unread))
      .execute();
    expect(left).toEqual([]);
    await global.signIn(`admin@${org.domain}`, ADMIN_PASSWORD);
    expect((await global.get(unread)).statusCode).toBe(404);
  });

  it("does the same for a bulk reset, Add user and a new API key", async () => {
    const { org, global } = await scene();
    const picked = await Promise.all(["bulk1", "bulk2"].map((name) => org.addUser(name)));
    const list = await global.get("/admin/users?search=bulk");
    const csrf = csrfTokenOf(list.body);
    const changes: {
      name: string;
      activity: string;
      run: () => Promise<LightMyRequestResponse>;
    }[] = [
      {
        name: "bulk reset",
        activity: "Reset password (by admin)",
        run: () =>
          postPairs(app, global, "/admin/users/bulk-reset/confirm", [
            ["_csrf", csrf],
            ...picked.map(({ user }): [string, string] => ["users", user.id]),
          ]),
      },
      {
        name: "Add user",
        activity: "Add user",
        run: () =>
          global.post("/admin/users/new", {
            _csrf: csrf,
            userId: `added@${org.domain}`,
            displayName: "Ada Added",
            mode: "generate",
          }),
      },
      {
        name: "a new API key",
        activity: "Add API key",
        run: () =>
          postPairs(app, global, "/admin/api-keys/new", [
            ["_csrf", csrf],
            ["name", "Sync"],
            ["roles", ROLES.reportsReader.id],
          ]),
      },
    ];
    for (const change of changes) {
      const before = await auditCount(org.organisation.id, change.activity);
      const redirect = await change.run();
      expect(redirect.statusCode, change.name).toBe(303);
      const location = String(redirect.headers.location);
      expect(location, change.name).toMatch(RESULT);
      expect((await global.get(location)).statusCode, change.name).toBe(200);
      const refreshed = await global.get(location);
      expect(refreshed.statusCode, change.name).toBe(410);
      expect(refreshed.body, change.name).toContain(SHOWN_ALREADY);
      const after = await auditCount(org.organisation.id, change.activity);
      expect(after - before, change.name).toBe(change.name === "bulk reset" ? 2 : 1);
    }
  });
});
