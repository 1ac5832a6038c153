import net from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { buildApp } from "../../../src/http/app.js";
import { createApiKey } from "../../support/api.js";
import { Client } from "../../support/http.js";
import { seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";
import { errorLog } from "../../support/error-log.js";

/** Sends a request over a fresh connection and hangs up as soon as it is written. */
function sendAndHangUp(port: number, request: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write(request, () => {
        socket.destroy();
        resolve();
      });
    });
    socket.on("error", () => resolve());
  });
}

describeEachStore("clients that hang up mid-request", (fx) => {
  let app: FastifyInstance;
  let port: number;
  const { stream: log, lines: errorLines } = errorLog();
  beforeAll(async () => {
    // At "warn", as operators run it: at "info" the incoming-request line reads the address
    // while the socket is still up (and Node keeps it), which hid the defect.
    const config = loadConfig({ SESAME_DATA_DIR: fx.dataDir, SESAME_LOG_LEVEL: "warn" });
    app = await buildApp({ config, store: fx.store, services: fx.services, logStream: log });
    await app.listen({ port: 0, host: "127.0.0.1" });
    port = (app.server.address() as net.AddressInfo).port;
  });
  afterAll(() => app.close());

  it("logs no error for them (the rate limiter's key no longer asks a socket that is gone)", async () => {
    const org = await seedOrganisation(fx.services);
    await org.addUser("ann");
    const client = new Client(app);
    await client.signIn(`ann@${org.domain}`, USER_PASSWORD);
    const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const key = await createApiKey(fx.services, org.domain, ["userAdministrator"]);
    // Each looks up something in the store before the rate limit runs: a session, a key.
    const requests = [
      `GET /myaccount HTTP/1.1\r\nHost: localhost\r\nCookie: ${cookie}\r\n\r\n`,
      `GET /api/v1/users HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${key}\r\n\r\n`,
      `GET /api/v1/users HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ssk_unknown\r\n\r\n`,
      `GET /signin HTTP/1.1\r\nHost: localhost\r\n\r\n`,
    ];
    for (let round = 0; round < 40; round++) {
      await Promise.all(requests.map((request) => sendAndHangUp(port, request)));
    }
    // Until the server has answered (or dropped) every one of them.
    for (let waited = 0; waited < 50; waited++) {
      const open = await new Promise<number>((resolve, reject) =>
        app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      );
      if (open === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(errorLines).toEqual([]);
  });
});
