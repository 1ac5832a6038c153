import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import type { DeliveryLog } from "../../src/delivery/log.js";
import {
  createPhoneTransport,
  createTwilioTransport,
  createWebhookTransport,
  type PhoneTransport,
} from "../../src/delivery/phone-transport.js";
import type { MailTransport } from "../../src/delivery/mail-transport.js";
import { FIRST_RETRY_MS } from "../../src/delivery/retry.js";
import { createOutboxWorker, type OutboxWorkerOptions } from "../../src/delivery/worker.js";
import { openStore } from "../../src/store/database.js";
import { countPendingOutbox, findOutboxMessage } from "../../src/store/outbox.js";
import { voiceCodeText } from "../../src/views/voice-code.js";
import { describeEachStore } from "../support/stores.js";

const SID = `AC${"0123456789abcdef".repeat(2)}`;
const TOKEN = "twilio-auth-token-for-tests";
const FROM_NUMBER = "+3197010123456";
const LEASE_MS = 60_000;

interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP server on loopback standing in for Twilio or an SMS gateway: it records every
 * request and answers with `reply` (201 and Twilio's resource shape unless told otherwise).
 */
async function startPeer() {
  const received: ReceivedRequest[] = [];
  const peer = {
    received,
    reply: { status: 201, body: '{"sid":"SM00000000000000000000000000000000"}' },
    port: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      response.writeHead(peer.reply.status, { "content-type": "application/json" });
      response.end(peer.reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  peer.port = (server.address() as AddressInfo).port;
  return peer;
}

describeEachStore("phone delivery", (fx) => {
  const logged: { level: string; details: Record<string, unknown>; message: string }[] = [];
  const log: DeliveryLog = {
    info: (details, message) => logged.push({ level: "info", details, message }),
    warn: (details, message) => logged.push({ level: "warn", details, message }),
    error: (details, message) => logged.push({ level: "error", details, message }),
  };
  const noMail: MailTransport = {
    description: "none",
    send: () => Promise.reject(new Error("no email in these tests")),
    close: () => undefined,
  };
  let peer: Awaited<ReturnType<typeof startPeer>>;
  let twilio: PhoneTransport;

  beforeAll(async () => {
    peer = await startPeer();
    twilio = createTwilioTransport({
      accountSid: SID,
      authToken: TOKEN,
      from: FROM_NUMBER,
      apiUrl: `http://127.0.0.1:${peer.port}/`,
    });
  });
  afterAll(async () => {
    await peer.close();
  });
  beforeEach(() => {
    peer.received.length = 0;
    peer.reply = { status: 201, body: '{"sid":"SM00000000000000000000000000000000"}' };
    logged.length = 0;
  });

  const worker = ({
    phone = twilio,
    ...options
  }: Partial<OutboxWorkerOptions> & { phone?: PhoneTransport } = {}) =>
    createOutboxWorker({
      store: fx.store,
      transports: { email: noMail, phone },
      unseal: { email: fx.services.outbox.unseal, phone: fx.services.outbox.unsealPhoneMessage },
      log,
      now: fx.clock.now,
      workerId: "phone-worker",
      leaseMs: LEASE_MS,
      ...options,
    });

  let counter = 0;
  const number = () => `+316${String(20_000_000 + (counter += 1))}`;
  const enqueue = (
    to: string,
    options: { channel?: "sms" | "voice"; text?: string; locale?: string } = {},
  ) =>
    fx.services.outbox.enqueuePhoneMessage(fx.store, {
      organisationId: null,
      to,
      channel: options.channel ?? "sms",
      text: options.text ?? `Your code is 12345678 (${to})`,
      locale: options.locale ?? "en",
    });
  const form = (request: ReceivedRequest | undefined) =>
    Object.fromEntries(new URLSearchParams(request?.body ?? ""));
  const basic = `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}`;

  it("sends a text through Twilio's Messages resource, then wipes the payload", async () => {
    const to = number();
    const id = await enqueue(to, { text: "Your Sesame code is 48213977" });

    expect(await worker().runOnce()).toBe(1);
    expect(await worker().runOnce()).toBe(0);

    expect(peer.received).toHaveLength(1);
    const [request] = peer.received;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(request?.headers.authorization).toBe(basic);
    expect(request?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(form(request)).toEqual({
      To: to,
      From: FROM_NUMBER,
      Body: "Your Sesame code is 48213977",
    });
    expect(await findOutboxMessage(fx.store, id)).toMatchObject({
      channel: "sms",
      status: "sent",
      payload: null,
      attempts: 0,
      sentAt: fx.clock.now(),
    });
  });

  it.each([
    ["nl", "nl-NL", "Uw Sesame-verificatiecode is 1 2 3 4 5 6 7 8"],
    ["en", "en-US", "Your Sesame verification code is 1 2 3 4 5 6 7 8"],
  ] as const)(
    "calls through Twilio's Calls resource, saying the code twice in %s",
    async (locale, language, spoken) => {
      const to = number();
      const text = voiceCodeText("12345678", locale);
      expect(text).toBe(spoken);
      await enqueue(to, { channel: "voice", text, locale });

      expect(await worker().runOnce()).toBe(1);

      const [request] = peer.received;
      expect(request?.url).toBe(`/2010-04-01/Accounts/${SID}/Calls.json`);
      expect(request?.headers.authorization).toBe(basic);
      const fields = form(request);
      expect(Object.keys(fields).sort()).toEqual(["From", "To", "Twiml"]);
      expect(fields).toMatchObject({ To: to, From: FROM_NUMBER });
      const say = `<Say language="${language}">${spoken}</Say>`;
      expect(fields.Twiml).toBe(`<Response>${say}<Pause length="1"/>${say}</Response>`);
    },
  );

  it("escapes the spoken text as XML, so it cannot add TwiML of its own", async () => {
    await enqueue(number(), {
      channel: "voice",
      text: `Code 1 2 3 </Say><Dial>+18005550100</Dial> & "more"`,
    });

    expect(await worker().runOnce()).toBe(1);

    const twiml = form(peer.received[0]).Twiml ?? "";
    expect(twiml).not.toContain("<Dial>");
    expect(twiml).toContain(
      "Code 1 2 3 &lt;/Say&gt;&lt;Dial&gt;+18005550100&lt;/Dial&gt; &amp; &quot;more&quot;",
    );
    expect(twiml.match(/<Say /g)).toHaveLength(2);
  });

  it("posts { to, channel, text, locale } as JSON to the webhook, with URL credentials as Basic auth", async () => {
    const hook = createWebhookTransport({
      url: `http://gateway:s3cret@127.0.0.1:${peer.port}/hooks/sms?tenant=contoso`,
    });
    expect(hook.description).not.toContain("s3cret");
    const sms = number();
    const call = number();
    const smsId = await enqueue(sms, { text: "Your code is 555111", locale: "nl" });
    await enqueue(call, { channel: "voice", text: "1 2 3", locale: "en" });
    peer.reply = { status: 204, body: "" };

    expect(await worker({ phone: hook }).runOnce()).toBe(2);

    expect(peer.received.map((request) => request.url)).toEqual([
      "/hooks/sms?tenant=contoso",
      "/hooks/sms?tenant=contoso",
    ]);
    // Sent at once, so in either order.
    const to = (request: (typeof peer.received)[number]) =>
      (JSON.parse(request.body) as { to?: string }).to;
    const first = peer.received.find((request) => to(request) === sms);
    const second = peer.received.find((request) => to(request) === call);
    expect(first?.method).toBe("POST");
    expect(first?.headers["content-type"]).toBe("application/json");
    expect(first?.headers.authorization).toBe(
      `Basic ${Buffer.from("gateway:s3cret").toString("base64")}`,
    );
    expect(JSON.parse(first?.body ?? "")).toEqual({
      to: sms,
      channel: "sms",
      text: "Your code is 555111",
      locale: "nl",
    });
    expect(JSON.parse(second?.body ?? "")).toEqual({
      to: call,
      channel: "voice",
      text: "1 2 3",
      locale: "en",
    });
    expect(await findOutboxMessage(fx.store, smsId)).toMatchObject({
      status: "sent",
      payload: null,
    });
  });

  it("loses nothing while Twilio fails, retries with backoff, and delivers each message once when it recovers", async () => {
    peer.reply = {
      status: 500,
      body: '{"code":20500,"message":"Internal Server Error","status":500}',
    };
    const recipients = [number(), number(), number()];
    const ids: string[] = [];
    for (const to of recipients) ids.push(await enqueue(to, { text: `Secret code 9931 ${to}` }));

    expect(await worker().runOnce()).toBe(0);
    expect(peer.received).toHaveLength(3);
    for (const id of ids) {
      const message = await findOutboxMessage(fx.store, id);
      expect(message).toMatchObject({
        status: "pending",
        attempts: 1,
        nextAttemptAt: fx.clock.now() + FIRST_RETRY_MS,
        lastError: "Twilio answered HTTP 500 (Twilio error 20500)",
        claimedBy: null,
      });
      expect(message?.payload).toEqual(expect.any(String));
    }
    const warnings = logged.filter((line) => line.level === "warn");
    expect(warnings).toHaveLength(3);
    expect(JSON.stringify(logged)).not.toContain("Secret code");

    // Still failing at the next attempt: the wait doubles.
    fx.clock.advance(FIRST_RETRY_MS);
    expect(await worker().runOnce()).toBe(0);
    expect(await findOutboxMessage(fx.store, ids[0] ?? "")).toMatchObject({
      attempts: 2,
      nextAttemptAt: fx.clock.now() + 2 * FIRST_RETRY_MS,
    });

    peer.received.length = 0;
    peer.reply = { status: 201, body: "{}" };
    expect(await worker().runOnce()).toBe(0); // not due before its backoff ends
    expect(peer.received).toEqual([]);
    fx.clock.advance(2 * FIRST_RETRY_MS);
    expect(await worker().runOnce()).toBe(3);
    expect(await worker().runOnce()).toBe(0);

    expect(peer.received.map((request) => form(request).To).sort()).toEqual([...recipients].sort());
    for (const id of ids) {
      expect(await findOutboxMessage(fx.store, id)).toMatchObject({
        status: "sent",
        attempts: 2,
        payload: null,
      });
    }
    expect(await countPendingOutbox(fx.store)).toBe(0);
  });

  it("retries a webhook that answers with an error, and keeps the text out of the error", async () => {
    const hook = createWebhookTransport({ url: `http://127.0.0.1:${peer.port}/sms` });
    peer.reply = { status: 503, body: '{"error":"Your code is 777"}' };
    const id = await enqueue(number(), { text: "Your code is 777" });

    expect(await worker({ phone: hook }).runOnce()).toBe(0);
    expect(await findOutboxMessage(fx.store, id)).toMatchObject({
      status: "pending",
      attempts: 1,
      lastError: "The SMS webhook answered HTTP 503",
    });

    peer.reply = { status: 200, body: "{}" };
    fx.clock.advance(30_000);
    expect(await worker({ phone: hook }).runOnce()).toBe(1);
    expect(peer.received).toHaveLength(2);
  });

  it("keeps a message when Twilio cannot be reached, and never follows a webhook's redirect", async () => {
    const closed = await startPeer();
    await closed.close();
    const unreachable = createTwilioTransport({
      accountSid: SID,
      authToken: TOKEN,
      from: FROM_NUMBER,
      apiUrl: `http://127.0.0.1:${closed.port}`,
    });
    const id = await enqueue(number(), { text: "Your code is 3141" });

    expect(await worker({ phone: unreachable }).runOnce()).toBe(0);
    expect(await findOutboxMessage(fx.store, id)).toMatchObject({
      status: "pending",
      attempts: 1,
      lastError: "ECONNREFUSED: Twilio could not be reached",
    });

    peer.reply = { status: 302, body: "" };
    const hook = createWebhookTransport({ url: `http://127.0.0.1:${peer.port}/sms` });
    fx.clock.advance(30_000);
    expect(await worker({ phone: hook }).runOnce()).toBe(0);
    expect(peer.received).toHaveLength(1);
    expect(await findOutboxMessage(fx.store, id)).toMatchObject({
      status: "pending",
      attempts: 2,
      lastError: "The SMS webhook answered HTTP 302",
    });

    peer.reply = { status: 200, body: "{}" };
    fx.clock.advance(60_000);
    expect(await worker({ phone: hook }).runOnce()).toBe(1);
    expect(peer.received).toHaveLength(2);
    expect(await countPendingOutbox(fx.store)).toBe(0);
  });

  it("writes .json files when no provider is configured, logging the recipient but never the text", async () => {
    const files = createPhoneTransport(
      { twilio: undefined, smsWebhookUrl: undefined, dataDir: fx.dataDir },
      log,
    );
    const to = number();
    const id = await enqueue(to, { channel: "voice", text: "Code 4 4 8 1 file-secret" });

    expect(await worker({ phone: files }).runOnce()).toBe(1);

    const dir = path.join(fx.dataDir, "sms");
    const file = path.join(dir, `${id}.json`);
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({
      id,
      to,
      channel: "voice",
      text: "Code 4 4 8 1 file-secret",
      locale: "en",
    });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);

    expect(logged).toHaveLength(1);
    const line = JSON.stringify(logged);
    expect(line).toContain(to);
    expect(line).toContain(file);
    expect(line).not.toContain("file-secret");
    expect(peer.received).toEqual([]);
    expect(await findOutboxMessage(fx.store, id)).toMatchObject({
      status: "sent",
      payload: null,
    });
  });

  it("stores the text sealed, readable only for its own row", async () => {
    const id = await enqueue(number(), { text: "Your code is 60606060" });
    const other = await enqueue(number());
    const payload = (await findOutboxMessage(fx.store, id))?.payload ?? "";

    expect(payload).not.toContain("60606060");
    expect(fx.services.outbox.unsealPhoneMessage(id, payload)).toEqual({
      text: "Your code is 60606060",
      locale: "en",
    });
    expect(() => fx.services.outbox.unsealPhoneMessage(other, payload)).toThrow(/cannot be opened/);
    expect(await worker().runOnce()).toBe(2);
  });

  it.each([
    ["to", { to: "0612345678" }],
    ["to", { to: "+31 6 12345678" }],
    ["to", { to: "+0612345678" }],
    ["to", { to: "+3161234" }],
    ["to", { to: "+3161234567890123" }],
    ["to", { to: "+31612345678\n" }],
    ["to", { to: "+31612345678\r\nBody=x" }],
    ["text", { text: "Your code\r\nis 1234" }],
    ["text", { text: "Code\u0000 1234" }],
    ["text", { text: "  " }],
    ["locale", { locale: "nl\nNL" }],
    ["channel", { channel: "fax" }],
  ])("refuses a bad %s (%j) and queues nothing", async (field, change) => {
    await expect(
      fx.services.outbox.enqueuePhoneMessage(fx.store, {
        organisationId: null,
        to: "+31612345678",
        channel: "sms",
        text: "Your code is 1234",
        locale: "en",
        ...(change as Partial<{ to: string; text: string; locale: string; channel: "sms" }>),
      }),
    ).rejects.toMatchObject({ code: "invalidInput", field });
    expect(await countPendingOutbox(fx.store)).toBe(0);
  });

  it("has three workers on their own connections deliver 30 texts and calls exactly once", async () => {
    const stores = [0, 1, 2].map(() =>
      openStore({ databaseUrl: fx.databaseUrl, dataDir: fx.dataDir }),
    );
    try {
      const recipients = Array.from({ length: 30 }, () => number());
      for (const [i, to] of recipients.entries()) {
        await enqueue(to, { channel: i % 3 === 0 ? "voice" : "sms" });
      }

      const sent = await Promise.all(
        stores.map((store, i) =>
          worker({ store, workerId: `phone-crowd-${i}`, batchSize: 4 }).runOnce(),
        ),
      );

      expect(sent.reduce((sum, count) => sum + count, 0)).toBe(30);
      expect(peer.received).toHaveLength(30);
      expect(peer.received.map((request) => form(request).To).sort()).toEqual(
        [...recipients].sort(),
      );
      expect(peer.received.filter((request) => request.url.endsWith("/Calls.json"))).toHaveLength(
        10,
      );
      expect(await countPendingOutbox(fx.store)).toBe(0);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });
});
