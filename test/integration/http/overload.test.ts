import { expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { buildApp } from "../../../src/http/app.js";
import { createServices } from "../../../src/wiring.js";
import { csrfTokenOf } from "../../support/http.js";
import { ADMIN_PASSWORD, seedOrganisation } from "../../support/seed.js";
import { describeEachStore, TEST_SERVICE_CONFIG } from "../../support/stores.js";

describeEachStore("an overload of password hashing", (fx) => {
  it("is answered at once with 503 and Retry-After, never an ever-growing wait", async () => {
    // A queue that takes no wait at all: only one hash per core runs, the rest are refused.
    const services = await createServices(
      fx.store,
      { ...TEST_SERVICE_CONFIG, hashingQueueMs: 1 },
      fx.clock.now,
    );
    const org = await seedOrganisation(services);
    const config = loadConfig({ SESAME_DATA_DIR: fx.dataDir, SESAME_SIGNIN_RATE_LIMIT: "1000" });
    const app = await buildApp({ config, store: fx.store, services, logger: false });
    const form = await app.inject({ url: "/signin" });
    const cookie = form.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const body = new URLSearchParams({
      _csrf: csrfTokenOf(form.body),
      userId: org.user.userPrincipalName,
      password: ADMIN_PASSWORD,
    }).toString();
    const signIns = await Promise.all(
      Array.from({ length: 12 }, () =>
        app.inject({
          method: "POST",
          url: "/signin",
          headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
          payload: body,
        }),
      ),
    );
    const statuses = signIns.map((response) => response.statusCode);
    expect(statuses).toContain(303);
    const refused = signIns.filter((response) => response.statusCode === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const response of refused) {
      expect(response.headers["retry-after"]).toBe("2");
      expect(response.body).toContain("Sesame is busy right now");
    }
    expect(statuses.every((status) => status === 303 || status === 503)).toBe(true);
    await app.close();
  });
});
