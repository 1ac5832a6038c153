import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Store } from "../store/database.js";
import {
  claimDueMessages,
  listenForNewMessages,
  markOutboxSent,
  recordOutboxFailure,
  type ClaimedMessage,
} from "../store/outbox.js";
import type { Listening } from "../store/signals.js";
import { mapConcurrently } from "./concurrently.js";
import type { EmailContent } from "./email-message.js";
import type { DeliveryLog } from "./log.js";
import type { PhoneContent, PhoneTransport } from "./phone-transport.js";
import { nextAttemptAt } from "./retry.js";
import type { MailTransport } from "./mail-transport.js";

/** Where each channel goes: "email" to the mail transport, "sms" and "voice" to the phone's. */
export interface DeliveryTransports {
  email: MailTransport;
  phone: PhoneTransport;
}

/** Opens sealed payloads (see services/outbox): one opener per kind of content. */
export interface PayloadOpeners {
  email: (id: string, payload: string) => EmailContent;
  phone: (id: string, payload: string) => PhoneContent;
}

export interface OutboxWorkerOptions {
  store: Store;
  transports: DeliveryTransports;
  /** Opens the sealed payload of an outbox message (see services/outbox). */
  unseal: PayloadOpeners;
  log: DeliveryLog;
  now?: () => number;
  /** Unique per worker: a lease is recognised by it. */
  workerId?: string;
  /** Messages leased at a time. */
  batchSize?: number;
  /** Messages of a batch being sent at once. */
  concurrency?: number;
  /** How long a claimed message stays this worker's; after that another worker may take it. */
  leaseMs?: number;
  /** Pause between polls, which find retries that fell due and anything a wake-up missed. */
  pollMs?: number;
}

export interface OutboxWorker {
  /** Delivers every message that is due now; resolves to how many were sent. */
  runOnce(): Promise<number>;
  /**
   * Delivers in the background, woken by the commit of each new message and polling (the
   * timer does not keep the process alive). Resolves once wake-ups from other instances
   * are heard too (PostgreSQL), or could not be yet (they are retried; the poll goes on).
   */
  start(): Promise<void>;
  /** Ends the polling and the wake-ups; resolves once the batch in hand is finished. */
  stop(): Promise<void>;
}

// A new message wakes the worker at its commit; the poll is the safety net and the clock of
// retries, one indexed query for due messages, cheap enough every second on every instance.
// Ten sends at once over the SMTP transport's pooled connections (smtp-transport.ts).
export const WORKER_DEFAULTS = {
  batchSize: 50,
  concurrency: 10,
  leaseMs: 5 * 60_000,
  pollMs: 1_000,
};

/**
 * Delivers the outbox. Several workers (in one process or many instances) may run at once:
 * each message is leased to one of them, and a failed send is retried with backoff.
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { store, transports, unseal, log } = options;
  const now = options.now ?? Date.now;
  const workerId = options.workerId ?? `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  const batchSize = options.batchSize ?? WORKER_DEFAULTS.batchSize;
  const concurrency = options.concurrency ?? WORKER_DEFAULTS.concurrency;
  const leaseMs = options.leaseMs ?? WORKER_DEFAULTS.leaseMs;
  const pollMs = options.pollMs ?? WORKER_DEFAULTS.pollMs;
  let stopped = true;
  /** Set by stop(): finish the batch in hand rather than every batch that is due. */
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  /** A message was committed while a run was under way: run again at once when it ends. */
  let woken = false;
  let listening: Listening | undefined;

  async function deliver(message: ClaimedMessage): Promise<boolean> {
    // Start a send only with time left to finish it inside the lease (the transport's own
    // timeouts are far shorter); otherwise the next claimant after the lease takes it.
    if (now() > message.claimedUntil - leaseMs / 2) return false;
    try {
      await send(message);
    } catch (error) {
      await recordFailure(message, error);
      return false;
    }
    if (!(await markOutboxSent(store, message.id, workerId, now()))) {
      log.warn(
        { outboxId: message.id, channel: message.channel },
        `${kind(message)} sent after its lease had passed to another worker`,
      );
    }
    return true;
  }

  async function send(message: ClaimedMessage): Promise<void> {
    const { id, channel, recipient: to, payload } = message;
    if (channel === "email") {
      await transports.email.send({ ...unseal.email(id, payload), id, to });
    } else if (channel === "sms" || channel === "voice") {
      await transports.phone.send({ ...unseal.phone(id, payload), id, to, channel });
    } else {
      throw new Error(`No transport for ${channel}`);
    }
  }

  async function recordFailure(message: ClaimedMessage, error: unknown): Promise<void> {
    const attempts = message.attempts + 1;
    const retryAt = nextAttemptAt(now(), attempts, message.createdAt);
    const reason = describeError(error);
    await recordOutboxFailure(store, message.id, workerId, {
      error: reason,
      nextAttemptAt: retryAt,
    });
    const details = {
      outboxId: message.id,
      channel: message.channel,
      to: message.recipient,
      attempts,
      error: reason,
    };
    if (retryAt === null) {
      log.error(details, `${kind(message)} given up after its last delivery attempt`);
    } else {
      log.warn(
        { ...details, retryAt: new Date(retryAt).toISOString() },
        `${kind(message)} not delivered yet`,
      );
    }
  }

  async function runOnce(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await claimDueMessages(store, {
        workerId,
        now: now(),
        leaseMs,
        limit: batchSize,
      });
      const delivered = await mapConcurrently(batch, concurrency, deliver);
      sent += delivered.filter(Boolean).length;
      // A full batch means more may be due (what was just handled is no longer claimable).
      if (batch.length < batchSize || stopping) return sent;
    }
  }

  function schedule(delay: number): void {
    timer = setTimeout(() => {
      timer = undefined;
      woken = false;
      running = runOnce()
        .then(
          () => undefined,
          (error: unknown) => log.error({ err: error }, "outbox worker run failed"),
        )
        .finally(() => {
          running = undefined;
          if (!stopped) schedule(woken ? 0 : pollMs);
        });
    }, delay);
    timer.unref();
  }

  /** A message was committed: deliver now rather than at the next poll. */
  function wake(): void {
    if (stopped) return;
    if (running) {
      woken = true;
      return;
    }
    clearTimeout(timer);
    schedule(0);
  }

  return {
    runOnce,
    async start() {
      if (!stopped) return;
      stopped = false;
      stopping = false;
      listening = listenForNewMessages(store, {
        onSignal: wake,
        onConnectionProblem: (error) =>
          log.warn(
            { err: error },
            "outbox wake-ups from other instances are not heard until PostgreSQL answers again; polling meanwhile",
          ),
      });
      schedule(0);
      await listening.ready;
    },
    async stop() {
      stopped = true;
      stopping = true;
      clearTimeout(timer);
      timer = undefined;
      const closing = listening?.close();
      listening = undefined;
      await Promise.all([running, closing]);
    },
  };
}

function kind(message: ClaimedMessage): string {
  if (message.channel === "sms") return "text message";
  if (message.channel === "voice") return "call";
  return "email";
}

/** One short line for last_error and the log: the error's code and message, never a payload. */
function describeError(error: unknown): string {
  const code =
    typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  const message = error instanceof Error ? error.message : String(error);
  return `${code ? `${code}: ` : ""}${message}`.replace(/\s+/g, " ").trim().slice(0, 200);
}
