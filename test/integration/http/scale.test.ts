import { randomInt } from "node:crypto";
import { Redis } from "ioredis";
import { expect, it } from "vitest";
import { createServices } from "../../../src/wiring.js";
import { openStore } from "../../../src/store/database.js";
import { describeEachStore, TEST_SERVICE_CONFIG } from "../../support/stores.js";
import { origin, seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { buildTestApp, Client } from "../../support/http.js";
import { startTcpRelay } from "../../support/tcp-relay.js";

const redisUrl = process.env.SESAME_TEST_REDIS_URL;
if (!redisUrl) {
  if (process.env.SESAME_REQUIRE_REDIS === "1")
    throw new Error("SESAME_REQUIRE_REDIS=1 but SESAME_TEST_REDIS_URL is not set");
  console.warn(
    "\n*** Redis tests SKIPPED: set SESAME_TEST_REDIS_URL=redis://127.0.0.1:6379 to run them. ***\n",
  );
}

describeEachStore("several instances behave as one", (fx) => {
  it("counts smart lockout failures made through two instances together", async () => {
    const org = await seedOrganisation(fx.services);
    await org.addUser("multi");
    const secondStore = openStore({ databaseUrl: fx.databaseUrl, dataDir: fx.dataDir });
    const second = await createServices(secondStore, TEST_SERVICE_CONFIG, fx.clock.now);
    const userId = `multi@${org.domain}`;
    try {
      const instances = [fx.services, second];
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (instances[i % 2] ?? second)
            .signIn({ userId, password: `wrong ${i} password`, origin })
            .catch(() => undefined),
        ),
      );
      for (const instance of instances) {
        await expect(
          instance.signIn({ userId, password: USER_PASSWORD, origin }),
        ).rejects.toMatchObject({
          code: "accountLocked",
        });
      }
    } finally {
      await secondStore.close();
    }
  });

  it.runIf(redisUrl)("shares the per-IP sign-in limit through Redis", async () => {
    const env = {
      SESAME_REDIS_URL: redisUrl ?? "",
      SESAME_SIGNIN_RATE_LIMIT: "4",
      SESAME_TRUST_PROXY: "true",
    };
    const [a, b] = [await buildTestApp(fx, env), await buildTestApp(fx, env)];
    try {
      // A fresh /64 per run (the limiter groups IPv6 by /64), so runs never share counters.
      const hex = () => randomInt(0x10000).toString(16);
      const headers = { "x-forwarded-for": `2001:db8:${hex()}:${hex()}::1` };
      const clients = [new Client(a, headers), new Client(b, headers)];
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push(
          (await (clients[i % 2] as Client).signIn("nobody@limit.test", `guess ${i}`)).statusCode,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it.runIf(redisUrl)(
    "keeps limiting in each instance while Redis is gone, and shares the counts once it is back",
    async () => {
      const relay = await startTcpRelay(redisUrl ?? "");
      const app = await buildTestApp(fx, {
        SESAME_REDIS_URL: relay.url,
        SESAME_SIGNIN_RATE_LIMIT: "4",
        SESAME_TRUST_PROXY: "true",
      });
      const direct = new Redis(redisUrl ?? "");
      const address = () => `198.51.${randomInt(256)}.${randomInt(1, 255)}`;
      const signIns = async (from: string, count: number) => {
        const client = new Client(app, { "x-forwarded-for": from });
        const statuses: number[] = [];
        for (let i = 0; i < count; i++) {
          statuses.push((await client.signIn("nobody@limit.test", `guess ${i}`)).statusCode);
        }
        return statuses;
      };
      const countedInRedis = async (from: string) => (await direct.keys(`*${from}`)).length > 0;
      try {
        const before = address();
        expect(await signIns(before, 1)).toEqual([401]);
        expect(await countedInRedis(before)).toBe(true);

        await relay.cut();
        // No 500: the instance counts on its own, and still stops the fifth guess.
        const during = address();
        expect(await signIns(during, 5)).toEqual([401, 401, 401, 401, 429]);
        expect(await countedInRedis(during)).toBe(false);

        await relay.restore();
        const after = address();
        let shared = false;
        for (let tries = 0; tries < 50 && !shared; tries++) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          await signIns(after, 1);
          shared = await countedInRedis(after);
        }
        expect(shared).toBe(true);
      } finally {
        await app.close();
        direct.disconnect();
        await relay.close();
      }
    },
  );
});
