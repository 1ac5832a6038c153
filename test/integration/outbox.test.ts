import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DeliveryLog } from "../../src/delivery/log.js";
import type { MailTransport } from "../../src/delivery/mail-transport.js";
import type { PhoneTransport } from "../../src/delivery/phone-transport.js";
import { FIRST_RETRY_MS, GIVE_UP_AFTER_MS, MAX_RETRY_MS } from "../../src/delivery/retry.js";
import { createSealer } from "../../src/delivery/sealer.js";
import { createSmtpTransport } from "../../src/delivery/smtp-transport.js";
import { createMailTransport } from "../../src/delivery/transport.js";
import { createOutboxWorker, type OutboxWorkerOptions } from "../../src/delivery/worker.js";
import { createOutbox } from "../../src/services/outbox.js";
import { openStore, type Queryable } from "../../src/store/database.js";
import {
  claimDueMessages,
  countPendingOutbox,
  findOutboxMessage,
  listOutboxMessagesTo,
  markOutboxSent,
  recordOutboxFailure,
} from "../../src/store/outbox.js";
import { startSmtpServer, type ReceivedMail } from "../support/smtp.js";
import { describeEachStore } from "../support/stores.js";

const FROM = "Sesame <no-reply@sesame.test>";
const LEASE_MS = 60_000;

describeEachStore("outbox delivery", (fx) => {
  const inbox: ReceivedMail[] = [];
  const logged: { level: string; details: Record<string, unknown>; message: string }[] = [];
  const log: DeliveryLog = {
    info: (details, message) => logged.push({ level: "info", details, message }),
    warn: (details, message) => logged.push({ level: "warn", details, message }),
    error: (details, message) => logged.push({ level: "error", details, message }),
  };
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let smtpTransport: MailTransport;

  beforeAll(async () => {
    smtp = await startSmtpServer(inbox);
    smtpTransport = createSmtpTransport({ url: `smtp://127.0.0.1:${smtp.port}`, from: FROM });
  });
  afterAll(async () => {
    smtpTransport.close();
    await smtp.stop();
  });
  beforeEach(() => {
    inbox.length = 0;
    logged.length = 0;
  });

  // Email only here (phone-delivery.test.ts covers texts and calls): `transport` is the mail one.
  const noPhone: PhoneTransport = {
    description: "none",
    send: () => Promise.reject(new Error("no text messages in these tests")),
  };
  const worker = ({
    transport = smtpTransport,
    ...options
  }: Partial<OutboxWorkerOptions> & { transport?: MailTransport } = {}) =>
    createOutboxWorker({
      store: fx.store,
      transports: { email: transport, phone: noPhone },
      unseal: { email: fx.services.outbox.unseal, phone: fx.services.outbox.unsealPhoneMessage },
      log,
      now: fx.clock.now,
      workerId: "worker-1",
      leaseMs: LEASE_MS,
      ...options,
    });

  let counter = 0;
  const address = (name: string) => `${name}-${(counter += 1)}@example.test`;
  const enqueue = (to: string, options: { subject?: string; text?: string; q?: Queryable } = {}) =>
    fx.services.outbox.enqueueEmail(options.q ?? fx.store, {
      organisationId: null,
      to,
      subject: options.subject ?? "Hello",
      text: options.text ?? `Body for ${to}`,
      html: `<p>${options.text ?? `Body for ${to}`}</p>`,
    });
  const receivedBy = (to: string) => inbox.filter((mail) => mail.envelopeTo.includes(to));

  it("delivers a message of a committed transaction once, to exactly its recipient, then wipes its payload", async () => {
    const to = address("ada");
    const id = await fx.store.transaction((tx) => enqueue(to, { subject: "Committed", q: tx }));

    expect(await worker().runOnce()).toBe(1);
    expect(await worker().runOnce()).toBe(0);

    expect(inbox).toHaveLength(1);
    const [mail] = inbox;
    expect(mail?.envelopeTo).toEqual([to]);
    expect(mail?.envelopeFrom).toBe("no-reply@sesame.test");
    expect(mail?.headers.get("to")).toBe(to);
    expect(mail?.headers.get("subject")).toBe("Committed");
    expect(mail?.headers.get("message-id")).toBe(`<${id}@sesame.test>`);
    expect(mail?.headers.get("auto-submitted")).toBe("auto-generated");
    expect(mail?.raw).toContain(`Body for ${to}`);
    expect(await findOutboxMessage(fx.store, id)).toMatchObject({
      status: "sent",
      payload: null,
      attempts: 0,
      sentAt: fx.clock.now(),
      claimedBy: null,
      claimedUntil: null,
    });
  });

  it("never sends a message whose transaction rolled back", async () => {
    const to = address("rolled-back");
    await expect(
      fx.store.transaction(async (tx) => {
        await enqueue(to, { q: tx });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");

    expect(await listOutboxMessagesTo(fx.store, to)).toEqual([]);
    expect(await worker().runOnce()).toBe(0);
    expect(inbox).toEqual([]);
  });

  it("loses nothing in an SMTP outage and delivers everything once when the server is back", async () => {
    await smtp.stop();
    const recipients = Array.from({ length: 10 }, () => address("outage"));
    const ids: string[] = [];
    for (const to of recipients) ids.push(await enqueue(to));

    expect(await worker().runOnce()).toBe(0);
    for (const id of ids) {
      const message = await findOutboxMessage(fx.store, id);
      expect(message).toMatchObject({
        status: "pending",
        attempts: 1,
        nextAttemptAt: fx.clock.now() + FIRST_RETRY_MS,
        claimedBy: null,
      });
      expect(message?.payload).toEqual(expect.any(String));
      expect(message?.lastError).toMatch(/\S/);
      expect(message?.lastError).not.toContain("Body for");
    }
    expect(await countPendingOutbox(fx.store)).toBe(10);
    expect(logged.filter((line) => line.level === "warn")).toHaveLength(10);

    smtp = await startSmtpServer(inbox, smtp.port);
    expect(await worker().runOnce()).toBe(0); // not due before its backoff ends
    fx.clock.advance(FIRST_RETRY_MS);
    expect(await worker().runOnce()).toBe(10);

    expect(inbox).toHaveLength(10);
    for (const to of recipients) expect(receivedBy(to)).toHaveLength(1);
    for (const id of ids) {
      expect(await findOutboxMessage(fx.store, id)).toMatchObject({
        status: "sent",
        attempts: 1,
        payload: null,
      });
    }
    expect(await countPendingOutbox(fx.store)).toBe(0);
  });

  it("keeps delivering the other messages when one fails", async () => {
    const bad = address("unknown");
    const good = [address("good"), address("good")];
    const picky: MailTransport = {
      description: "rejects one recipient",
      send: (message) =>
        message.to === bad
          ? Promise.reject(new Error("550 no such user"))
          : smtpTransport.send(message),
      close: () => undefined,
    };
    const badId = await enqueue(bad);
    for (const to of good) await enqueue(to);

    expect(await worker({ transport: picky }).runOnce()).toBe(2);
    for (const to of good) expect(receivedBy(to)).toHaveLength(1);
    expect(await findOutboxMessage(fx.store, badId)).toMatchObject({
      status: "pending",
      attempts: 1,
      lastError: "550 no such user",
    });

    fx.clock.advance(FIRST_RETRY_MS);
    expect(await worker().runOnce()).toBe(1);
    expect(receivedBy(bad)).toHaveLength(1);
  });

  it("gives each message to exactly one of several workers claiming at once", async () => {
    const stores = [0, 1, 2].map(() =>
      openStore({ databaseUrl: fx.databaseUrl, dataDir: fx.dataDir }),
    );
    try {
      const ids = new Set<string>();
      for (let i = 0; i < 12; i++) ids.add(await enqueue(address("race")));
      const claims = await Promise.all(
        stores.map((store, i) =>
          claimDueMessages(store, {
            workerId: `claimer-${i}`,
            now: fx.clock.now(),
            leaseMs: LEASE_MS,
            limit: 12,
          }),
        ),
      );
      const claimed = claims.flat().map((message) => message.id);
      expect(claimed).toHaveLength(12);
      expect(new Set(claimed)).toEqual(ids);

      // One claimable message (the others are leased), three workers, the same instant.
      const id = await enqueue(address("duel"));
      const duel = await Promise.all(
        stores.map((store, i) =>
          claimDueMessages(store, {
            workerId: `duellist-${i}`,
            now: fx.clock.now(),
            leaseMs: LEASE_MS,
            limit: 12,
          }),
        ),
      );
      expect(duel.flat().map((message) => message.id)).toEqual([id]);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
    // Nobody finished those: once the leases end, a worker delivers them all.
    fx.clock.advance(LEASE_MS + 1);
    expect(await worker().runOnce()).toBe(13);
  });

  it("has three workers on their own connections deliver 30 messages exactly once", async () => {
    const stores = [0, 1, 2].map(() =>
      openStore({ databaseUrl: fx.databaseUrl, dataDir: fx.dataDir }),
    );
    try {
      const recipients = Array.from({ length: 30 }, () => address("crowd"));
      const ids: string[] = [];
      for (const to of recipients) ids.push(await enqueue(to));

      const sent = await Promise.all(
        stores.map((store, i) =>
          worker({ store, workerId: `crowd-worker-${i}`, batchSize: 4 }).runOnce(),
        ),
      );

      expect(sent.reduce((sum, count) => sum + count, 0)).toBe(30);
      expect(inbox).toHaveLength(30);
      for (const to of recipients) expect(receivedBy(to)).toHaveLength(1);
      const messageIds = inbox.map((mail) => mail.headers.get("message-id"));
      expect(new Set(messageIds)).toEqual(new Set(ids.map((id) => `<${id}@sesame.test>`)));
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it("takes over a message whose worker crashed mid-send once its lease has expired", async () => {
    const to = address("orphan");
    const id = await enqueue(to);
    expect(await countPendingOutbox(fx.store)).toBe(1);
    const crashed = { workerId: "crashed", now: fx.clock.now(), leaseMs: LEASE_MS, limit: 1 };
    expect(await claimDueMessages(fx.store, crashed)).toMatchObject([{ id }]);

    expect(await worker({ workerId: "successor" }).runOnce()).toBe(0); // the lease still holds
    fx.clock.advance(LEASE_MS + 1);
    expect(await worker({ workerId: "successor" }).runOnce()).toBe(1);
    expect(receivedBy(to)).toHaveLength(1);

    // The crashed worker, coming back late, can no longer change the message.
    expect(await markOutboxSent(fx.store, id, "crashed", fx.clock.now())).toBe(false);
    expect(
      await recordOutboxFailure(fx.store, id, "crashed", { error: "late", nextAttemptAt: 0 }),
    ).toBe(false);
    expect(await findOutboxMessage(fx.store, id)).toMatchObject({
      status: "sent",
      attempts: 0,
      lastError: null,
    });
  });

  it("retries after 15 s, 30 s, then every minute, and gives a message up a day after it was written", async () => {
    const down: MailTransport = {
      description: "always down",
      send: () =>
        Promise.reject(Object.assign(new Error("Connection refused"), { code: "ECONNECTION" })),
      close: () => undefined,
    };
    const to = address("doomed");
    const writtenAt = fx.clock.now();
    const id = await enqueue(to);
    const retrying = worker({ transport: down });
    const failAgain = async () => {
      expect(await retrying.runOnce()).toBe(0);
      return findOutboxMessage(fx.store, id);
    };
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      const message = await failAgain();
      expect(message).toMatchObject({ status: "pending", attempts: attempt });
      delays.push((message?.nextAttemptAt ?? 0) - fx.clock.now());
      fx.clock.set(message?.nextAttemptAt ?? 0);
    }
    expect(delays).toEqual([15_000, 30_000, 60_000, 60_000, 60_000, 60_000]);

    // Still tried a minute before the day is over; given up at the attempt after that.
    fx.clock.set(writtenAt + GIVE_UP_AFTER_MS - MAX_RETRY_MS);
    expect(await failAgain()).toMatchObject({
      status: "pending",
      nextAttemptAt: writtenAt + GIVE_UP_AFTER_MS,
    });
    expect(logged.filter((line) => line.level === "error")).toEqual([]);
    fx.clock.set(writtenAt + GIVE_UP_AFTER_MS);
    expect(await failAgain()).toMatchObject({
      status: "failed",
      attempts: 8,
      payload: null,
      lastError: "ECONNECTION: Connection refused",
      claimedBy: null,
    });
    const errors = logged.filter((line) => line.level === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.details).toMatchObject({ outboxId: id, to, attempts: 8 });

    fx.clock.advance(24 * 3_600_000);
    expect(await worker().runOnce()).toBe(0);
    expect(receivedBy(to)).toEqual([]);
  });

  it("polls in the background once started, and stop() waits for the batch in hand", async () => {
    const to = address("background");
    const id = await enqueue(to);
    let sending!: () => void;
    const sendStarted = new Promise<void>((resolve) => (sending = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const held: MailTransport = {
      description: "holds each message until released",
      send: async (message) => {
        sending();
        await released;
        await smtpTransport.send(message);
      },
      close: () => undefined,
    };
    const background = worker({ transport: held });

    await background.start();
    await sendStarted;
    let stopped = false;
    const stopping = background.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);

    release();
    await stopping;
    expect(receivedBy(to)).toHaveLength(1);
    expect(await findOutboxMessage(fx.store, id)).toMatchObject({ status: "sent" });
  });

  describe("waking up", () => {
    // Only a wake-up can deliver within a test: the poll would come in an hour.
    const HOUR = 3_600_000;
    const arrived = (to: string) =>
      vi.waitFor(() => expect(receivedBy(to)).toHaveLength(1), { timeout: 5_000, interval: 10 });
    const sent = (store: Queryable, to: string) =>
      vi.waitFor(async () =>
        expect(await listOutboxMessagesTo(store, to)).toMatchObject([{ status: "sent" }]),
      );
    /** Started, its first run over: whatever it delivers from now on, a wake-up made it. */
    async function idleWorker(options: Partial<OutboxWorkerOptions> = {}) {
      const started = worker({ pollMs: HOUR, ...options });
      const first = address("first");
      await enqueue(first);
      await started.start();
      await arrived(first);
      await sent(fx.store, first);
      return started;
    }

    it("delivers a committed message at once, without waiting for the poll", async () => {
      const background = await idleWorker();
      try {
        const to = address("woken");
        await fx.store.transaction((tx) => enqueue(to, { q: tx }));
        await arrived(to);
        await sent(fx.store, to);
      } finally {
        await background.stop();
      }
    });

    it("is woken by the commit, not by the write: an open transaction's message waits for it, a rolled-back one is never sent", async () => {
      const background = await idleWorker();
      try {
        const rolledBack = address("rolled-back");
        await expect(
          fx.store.transaction(async (tx) => {
            await enqueue(rolledBack, { q: tx });
            throw new Error("the change failed");
          }),
        ).rejects.toThrow("the change failed");

        const slow = address("slow-commit");
        let written!: () => void;
        const isWritten = new Promise<void>((resolve) => (written = resolve));
        let commit!: () => void;
        const mayCommit = new Promise<void>((resolve) => (commit = resolve));
        const committing = fx.store.transaction(async (tx) => {
          await enqueue(slow, { q: tx });
          written();
          await mayCommit;
        });
        await isWritten;
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(receivedBy(slow)).toEqual([]);
        commit();
        await committing;
        await arrived(slow);

        expect(receivedBy(rolledBack)).toEqual([]);
        expect(await listOutboxMessagesTo(fx.store, rolledBack)).toEqual([]);
      } finally {
        await background.stop();
      }
    });

    it.skipIf(fx.kind !== "postgres")(
      "wakes the worker of another instance on the same PostgreSQL (NOTIFY), also after PostgreSQL dropped its LISTEN connection",
      async () => {
        const other = openStore({ databaseUrl: fx.databaseUrl, dataDir: fx.dataDir });
        const background = await idleWorker({ store: other, workerId: "other-instance" });
        try {
          const to = address("notified");
          await fx.store.transaction((tx) => enqueue(to, { q: tx }));
          await arrived(to);

          const database = new URL(fx.databaseUrl ?? "").pathname.slice(1);
          const admin = new pg.Client({ connectionString: process.env.SESAME_TEST_DATABASE_URL });
          await admin.connect();
          const { rowCount } = await admin.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'LISTEN%'",
            [database],
          );
          await admin.end();
          expect(rowCount).toBe(1);
          await vi.waitFor(() =>
            expect(logged.map((line) => line.message)).toContainEqual(
              expect.stringContaining("wake-ups from other instances"),
            ),
          );

          const later = address("notified-later");
          await enqueue(later);
          await arrived(later);
        } finally {
          await background.stop();
          await other.close();
        }
      },
    );
  });

  it("sends the messages of one claim several at once, over kept connections, marking each sent once", async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const counting: MailTransport = {
      description: "counts sends in flight",
      send: async (message) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        try {
          await smtpTransport.send(message);
        } finally {
          inFlight -= 1;
        }
      },
      close: () => undefined,
    };
    const recipients = Array.from({ length: 30 }, () => address("together"));
    const ids: string[] = [];
    for (const to of recipients) ids.push(await enqueue(to));
    const connectionsBefore = smtp.connectionsOpened();

    expect(await worker({ transport: counting, batchSize: 30, concurrency: 6 }).runOnce()).toBe(30);

    expect(mostInFlight).toBe(6);
    expect(smtp.connectionsOpened() - connectionsBefore).toBeLessThanOrEqual(5);
    expect(inbox).toHaveLength(30);
    for (const to of recipients) expect(receivedBy(to)).toHaveLength(1);
    for (const id of ids) {
      expect(await findOutboxMessage(fx.store, id)).toMatchObject({ status: "sent", attempts: 0 });
    }
    expect(logged.filter((line) => line.level !== "info")).toEqual([]);
  });

  it("sends on fresh connections after the relay restarted under its kept ones", async () => {
    const before = address("before-restart");
    await enqueue(before);
    expect(await worker().runOnce()).toBe(1);

    await smtp.stop();
    smtp = await startSmtpServer(inbox, smtp.port);
    const after = Array.from({ length: 5 }, () => address("after-restart"));
    for (const to of after) await enqueue(to);

    expect(await worker().runOnce()).toBe(5);
    for (const to of [before, ...after]) expect(receivedBy(to)).toHaveLength(1);
  });

  it("delivers every message exactly once within a minute of the relay's return after a 10-minute outage", async () => {
    await smtp.stop();
    const recipients = Array.from({ length: 20 }, () => address("long-outage"));
    for (const to of recipients) await enqueue(to);
    const outageEnds = fx.clock.now() + 10 * 60_000;
    while (fx.clock.now() < outageEnds) {
      expect(await worker().runOnce()).toBe(0);
      fx.clock.advance(5_000);
    }

    smtp = await startSmtpServer(inbox, smtp.port);
    let sent = 0;
    while (fx.clock.now() <= outageEnds + 60_000 && sent < 20) {
      sent += await worker().runOnce();
      fx.clock.advance(5_000);
    }
    expect(sent).toBe(20);
    expect(inbox).toHaveLength(20);
    for (const to of recipients) expect(receivedBy(to)).toHaveLength(1);
    expect(await countPendingOutbox(fx.store)).toBe(0);
  });

  it("writes .eml files when no SMTP server is configured, logging recipient and subject but never the body", async () => {
    const files = createMailTransport(
      { smtpUrl: undefined, mailFrom: FROM, dataDir: fx.dataDir },
      log,
    );
    const to = address("file");
    const id = await enqueue(to, {
      subject: "Written to a file",
      text: "Your temporary password is Kx9-file-secret",
    });

    expect(await worker({ transport: files }).runOnce()).toBe(1);

    const mailDir = path.join(fx.dataDir, "mail");
    const file = path.join(mailDir, `${id}.eml`);
    const eml = fs.readFileSync(file, "utf8");
    expect(eml).toContain(`To: ${to}`);
    expect(eml).toContain("Subject: Written to a file");
    expect(eml).toContain(`Message-ID: <${id}@sesame.test>`);
    expect(eml).toContain("Kx9-file-secret");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(mailDir).filter((name) => name.endsWith(".tmp"))).toEqual([]);

    expect(logged).toHaveLength(1);
    const line = JSON.stringify(logged);
    expect(line).toContain(to);
    expect(line).toContain("Written to a file");
    expect(line).not.toContain("Kx9-file-secret");
    expect(inbox).toEqual([]);
  });

  it("stores the payload sealed, readable only with this instance's key and for its own row", async () => {
    const to = address("sealed");
    const text = "Your temporary password is Kx9-sealed-secret";
    const id = await enqueue(to, { subject: "Temporary password inside", text });
    const other = await enqueue(address("sealed"));
    const payload = (await findOutboxMessage(fx.store, id))?.payload ?? "";

    for (const clear of ["Temporary password inside", "Kx9-sealed-secret", to, "subject"]) {
      expect(payload).not.toContain(clear);
    }
    expect(() => JSON.parse(payload) as unknown).toThrow();
    expect(fx.services.outbox.unseal(id, payload)).toEqual({
      subject: "Temporary password inside",
      text,
      html: `<p>${text}</p>`,
    });
    expect(() => fx.services.outbox.unseal(other, payload)).toThrow(/cannot be opened/);
    const elsewhere = createOutbox({ sealer: createSealer("x".repeat(64)), now: fx.clock.now });
    expect(() => elsewhere.unseal(id, payload)).toThrow(/cannot be opened/);

    expect(await worker().runOnce()).toBe(2);
    expect(receivedBy(to)[0]?.raw).toContain("Kx9-sealed-secret");
  });

  it.each([
    ["to", "eve@example.test\r\nBcc: everyone@example.test", "Hello"],
    ["to", "not an address", "Hello"],
    ["to", "Eve <eve@example.test>", "Hello"],
    ["subject", "eve@example.test", "Hello\r\nBcc: everyone@example.test"],
    ["subject", "eve@example.test", "Hello\nthere"],
  ])(
    "refuses a bad %s (header injection, malformed address) and queues nothing",
    async (field, to, subject) => {
      await expect(
        fx.services.outbox.enqueueEmail(fx.store, {
          organisationId: null,
          to,
          subject,
          text: "text",
          html: "<p>html</p>",
        }),
      ).rejects.toMatchObject({ code: "invalidInput", field });
      expect(await countPendingOutbox(fx.store)).toBe(0);
    },
  );
});
