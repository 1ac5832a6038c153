import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { findUser, findUserByKey } from "../../../src/store/users.js";
import { adminCenterScene } from "../../support/admin-center.js";
import { buildTestApp, Client, csrfTokenOf } from "../../support/http.js";
import { describeEachStore } from "../../support/stores.js";

const EXPIRED = "This form had expired, so nothing was saved.";
const CSRF_COOKIE = "sesame-csrf";

/**
 * A form refused for its CSRF token comes back filled in as it was sent, never with a secret,
 * under a fresh token that works (issue 12).
 */
describeEachStore("a form whose CSRF token expired", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  const scene = () => adminCenterScene(app, fx.services, fx.store);
  const valueOf = (html: string, name: string) =>
    new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ??
    new RegExp(`<input[^>]*value="([^"]*)"[^>]*name="${name}"`).exec(html)?.[1];

  it("shows Add user again as typed, without the password, and adds the user once resent", async () => {
    const { org, global } = await scene();
    const form = await global.get("/admin/users/new");
    const stale = csrfTokenOf(form.body);
    // The browser lost the CSRF cookie (a restart, cleared cookies): the token no longer matches.
    global.cookies.delete(CSRF_COOKIE);
    const userId = `typed.again@${org.domain}`;
    const refused = await global.post("/admin/users/new", {
      _csrf: stale,
      userId,
      displayName: "Tess <Typed>",
      surname: "Again",
      mode: "type",
      password: "secret meadow lantern",
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers["cache-control"]).toBe("no-store");
    expect(refused.body).toContain(EXPIRED);
    expect(refused.body).toContain('<form method="post" action="/admin/users/new"');
    expect(valueOf(refused.body, "userId")).toBe(userId);
    expect(valueOf(refused.body, "displayName")).toBe("Tess &lt;Typed>");
    expect(valueOf(refused.body, "surname")).toBe("Again");
    expect(refused.body).toMatch(/<input[^>]*value="type"[^>]*checked/);
    expect(refused.body).not.toMatch(/<input[^>]*value="generate"[^>]*checked/);
    // "Require a change" was left unticked, so it stays so.
    expect(refused.body).not.toMatch(/id="forceChange"[^>]*checked/);
    expect(refused.body).not.toContain("secret meadow lantern");
    expect(
      await findUserByKey(fx.store, org.organisation.id, userId.toLowerCase()),
    ).toBeUndefined();

    // A fresh secret came with the page, and its token works.
    expect(global.cookies.has(CSRF_COOKIE)).toBe(true);
    const fresh = csrfTokenOf(refused.body);
    expect(fresh).not.toBe(stale);
    const added = await global.post("/admin/users/new", {
      _csrf: fresh,
      userId,
      displayName: "Tess Typed",
      mode: "type",
      password: "secret meadow lantern",
    });
    expect(added.statusCode).toBe(303);
    expect(await findUserByKey(fx.store, org.organisation.id, userId.toLowerCase())).toBeDefined();
  });

  it("shows the sign-in form again with the User ID, never the password", async () => {
    const client = new Client(app);
    const refused = await client.post("/signin", {
      _csrf: "forged",
      userId: "someone@contoso.test",
      password: "not kept anywhere",
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain(EXPIRED);
    expect(valueOf(refused.body, "userId")).toBe("someone@contoso.test");
    expect(refused.body).not.toContain("not kept anywhere");
  });

  it("shows a button's page again for an action, having done nothing", async () => {
    const { org, global } = await scene();
    const { user } = await org.addUser("button");
    const refused = await global.post(`/admin/users/${user.id}/block`, { _csrf: "forged" });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain(EXPIRED);
    // The action's own page asks again, under a fresh token.
    expect(refused.body).toContain("<h1>Block sign-in</h1>");
    expect(refused.body).toContain("button Tester");
    expect(await findUser(fx.store, user.id)).toMatchObject({ accountEnabled: true });
  });

  it("says so plainly where no page shows the form, and fills nothing in from outside", async () => {
    const { global } = await scene();
    const refused = await global.post("/admin/users/bulk-reset/confirm", { _csrf: "forged" });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain("This page had expired, so nothing was done.");
    // The header that carries an internal reload means nothing on a request from outside.
    const page = await app.inject({
      method: "GET",
      url: "/signin",
      headers: { "x-sesame-refill": "guessed" },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(EXPIRED);
  });
});
