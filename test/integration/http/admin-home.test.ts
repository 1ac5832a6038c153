import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { adminCenterScene } from "../../support/admin-center.js";
import { buildTestApp } from "../../support/http.js";
import { origin } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

/** Each card's count by its label, as the home shows it. */
const cardsOf = (html: string) =>
  Object.fromEntries(
    [
      ...html.matchAll(
        /<span class="card-value">([\d,.]+)<\/span><span class="card-label">([^<]+)</g,
      ),
    ].map((match) => [match[2], Number(match[1]?.replace(/[,.]/g, ""))]),
  );

describeEachStore("admin center: home", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx, { SESAME_SIGNIN_RATE_LIMIT: "1000" });
  });
  afterAll(() => app.close());

  const scene = () => adminCenterScene(app, fx.services, fx.store);

  it("counts what needs attention, in this organisation only", async () => {
    const { org, global, signInAs } = await scene();
    const admin = await principalOfUser(fx.store, org.user);
    const { user: reset } = await org.addUser("home-reset");
    await fx.services.admin.passwordReset.reset(admin, { targetId: reset.id, origin });
    await org.addUser("home-locked");
    for (let i = 1; i <= 10; i++) {
      await fx.services
        .signIn({ userId: `home-locked@${org.domain}`, password: `wrong ${i} pass`, origin })
        .catch(() => undefined);
    }
    await org.addUser("home-asks");
    await fx.services.resetRequests.ask({ userId: `home-asks@${org.domain}`, origin });
    const { user: gone } = await org.addUser("home-deleted");
    await fx.services.admin.usersWrite.deleteUser(admin, gone.id, origin);
    // Another organisation's users, locks and resets count for nobody here.
    const other = await adminCenterScene(app, fx.services, fx.store, "Other");
    const { user: stranger } = await other.org.addUser("stranger");
    await fx.services.admin.passwordReset.reset(await principalOfUser(fx.store, other.org.user), {
      targetId: stranger.id,
      origin,
    });

    const home = await global.get("/admin");
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('aria-current="page">Home</a>');
    const cards = cardsOf(home.body);
    // The administrator and the four added; the deleted one no longer counts.
    expect(cards).toMatchObject({
      Users: 4,
      "Locked out now": 1,
      "Must change password at next sign-in": 1,
      "Password resets today (UTC)": 1,
      "Requests for a new password waiting": 1,
      // Nobody registered a method: everyone in the policy's scope (everyone).
      "Not registered for self-service password reset": 4,
    });
    expect(home.body).toContain('href="/admin/password-reset/registration"');
    expect(home.body).toContain('href="/admin/requests"');

    // Counting a million users is slow: the count is reused for a minute, then made again.
    await org.addUser("home-new");
    expect(cardsOf((await global.get("/admin")).body).Users).toBe(4);
    // A lockout that ended is no longer counted.
    fx.clock.advance(60_000);
    const later = cardsOf((await global.get("/admin")).body);
    expect(later["Locked out now"]).toBe(0);
    expect(later.Users).toBe(5);

    // Each card only for whoever may act on it: Helpdesk sees no audit count or outbox.
    const { client: helpdesk } = await signInAs(["helpdeskAdministrator"]);
    const theirs = cardsOf((await helpdesk.get("/admin")).body);
    expect(Object.keys(theirs).sort()).toEqual([
      "Locked out now",
      "Must change password at next sign-in",
      "Not registered for self-service password reset",
      "Requests for a new password waiting",
      "Users",
    ]);
    // They may not change the policy, so the count leads nowhere they can't go.
    expect((await helpdesk.get("/admin")).body).not.toContain("/admin/password-reset/registration");
  });
});
