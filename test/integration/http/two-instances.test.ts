import { randomInt } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import type { PhoneTransport } from "../../../src/delivery/phone-transport.js";
import { createSmtpTransport } from "../../../src/delivery/smtp-transport.js";
import { createOutboxWorker, type OutboxWorker } from "../../../src/delivery/worker.js";
import { buildApp } from "../../../src/http/app.js";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { openStore, type Store } from "../../../src/store/database.js";
import { createServices, type Services } from "../../../src/wiring.js";
import { Client } from "../../support/http.js";
import {
  ALTERNATE_EMAIL,
  flowStep,
  lastCodeSentTo,
  registerMethods,
  startFlow,
} from "../../support/recover.js";
import { origin, seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { startSmtpServer, type ReceivedMail } from "../../support/smtp.js";
import { describeEachStore, TEST_SERVICE_CONFIG } from "../../support/stores.js";

const redisUrl = process.env.SESAME_TEST_REDIS_URL;
const NEW_PASSWORD = "harbour amber seven violet";

// Two instances as in production: each its own app, store connection and outbox worker, one
// database between them (and Redis for counters when there is one). Whatever one instance
// starts, the other can finish.
describeEachStore("two instances on one store", (fx) => {
  const inbox: ReceivedMail[] = [];
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let secondStore: Store;
  let second: Services;
  let apps: [FastifyInstance, FastifyInstance];
  let workers: [OutboxWorker, OutboxWorker];
  const transports: { close(): void }[] = [];

  beforeAll(async () => {
    smtp = await startSmtpServer(inbox);
    secondStore = openStore({ databaseUrl: fx.databaseUrl, dataDir: fx.dataDir });
    second = await createServices(secondStore, TEST_SERVICE_CONFIG, fx.clock.now);
    const config = loadConfig({
      SESAME_DATA_DIR: fx.dataDir,
      SESAME_TRUST_PROXY: "true",
      ...(redisUrl ? { SESAME_REDIS_URL: redisUrl } : {}),
    });
    const instances = [
      { store: fx.store, services: fx.services },
      { store: secondStore, services: second },
    ] as const;
    apps = [
      await buildApp({ config, ...instances[0], logger: false }),
      await buildApp({ config, ...instances[1], logger: false }),
    ];
    const noPhone: PhoneTransport = {
      description: "none",
      send: () => Promise.reject(new Error("no text messages here")),
    };
    const workerOf = ({ store, services }: (typeof instances)[number], name: string) => {
      const email = createSmtpTransport({
        url: `smtp://127.0.0.1:${smtp.port}`,
        from: "Sesame <no-reply@sesame.test>",
      });
      transports.push(email);
      return createOutboxWorker({
        store,
        transports: { email, phone: noPhone },
        unseal: { email: services.outbox.unseal, phone: services.outbox.unsealPhoneMessage },
        log: { info: () => undefined, warn: () => undefined, error: () => undefined },
        now: fx.clock.now,
        workerId: name,
      });
    };
    workers = [workerOf(instances[0], "instance-a"), workerOf(instances[1], "instance-b")];
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const transport of transports) transport.close();
    await secondStore.close();
    await smtp.stop();
  });

  /** Both instances' workers at the same moment, as their pollers would. */
  const deliverOnBoth = () => Promise.all(workers.map((worker) => worker.runOnce()));
  const address = () => ({ "x-forwarded-for": `2001:db8:${randomInt(0x10000).toString(16)}::7` });
  /** The browser moves to the other instance (a load balancer without affinity). */
  const hop = (from: Client, to: Client) => {
    to.cookies.clear();
    for (const [name, value] of from.cookies) to.cookies.set(name, value);
    return to;
  };

  it("finishes a self-service reset on one instance that the other started, each email sent once", async () => {
    const org = await seedOrganisation(fx.services);
    await fx.services.admin.resetPolicy.update(
      await principalOfUser(fx.store, org.user),
      {
        methodsRequired: 1,
        methods: {
          email: true,
          mobileSms: false,
          mobileCall: false,
          officeCall: false,
          securityQuestions: false,
          authenticatorApp: false,
        },
      },
      origin,
    );
    const { user } = await org.addUser("travelling");
    const alternate = ALTERNATE_EMAIL(user);
    await registerMethods(fx.store, user, [{ kind: "email", value: alternate }], fx.clock.now());
    const headers = address();
    const [onA, onB] = [new Client(apps[0], headers), new Client(apps[1], headers)];
    const mailTo = () => inbox.filter((mail) => mail.envelopeTo.includes(alternate));

    expect((await startFlow(onA, user.userPrincipalName)).statusCode).toBe(303);
    expect((await flowStep(hop(onA, onB), "method", { method: "email" })).statusCode).toBe(303);
    // Read before delivery, which wipes the sealed payload.
    const code = await lastCodeSentTo(fx.store, fx.services, alternate);
    await deliverOnBoth();
    expect(mailTo()).toHaveLength(1);
    expect((await flowStep(hop(onB, onA), "verify", { code })).statusCode).toBe(303);
    const done = await flowStep(hop(onA, onB), "password", {
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(done.statusCode).toBe(303);
    await deliverOnBoth();
    await deliverOnBoth();
    // The code, then the notice that the password was reset: each once.
    expect(mailTo()).toHaveLength(2);
    expect((await hop(onB, onA).signIn(user.userPrincipalName, NEW_PASSWORD)).statusCode).toBe(303);
  });

  it("locks an account after ten distinct wrong passwords tried through both instances' pages", async () => {
    const org = await seedOrganisation(fx.services);
    const { user } = await org.addUser("targeted");
    const headers = address();
    const clients = [new Client(apps[0], headers), new Client(apps[1], headers)] as const;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const client = clients[attempt % 2] ?? clients[0];
      statuses.push((await client.signIn(user.userPrincipalName, `guess ${attempt}`)).statusCode);
    }
    // The tenth distinct wrong password, whichever instance counts it, locks the account.
    expect(statuses).toEqual([...Array<number>(9).fill(401), 403]);
    for (const client of clients) {
      expect((await client.signIn(user.userPrincipalName, USER_PASSWORD)).statusCode).toBe(403);
    }
  });
});
