import type { Selectable } from "kysely";
import type { Queryable, Store } from "./database.js";
import type { OutboxTable } from "./schema.js";
import type { Listening, ListenOptions } from "./signals.js";

/** Signalled by the commit of every new message, so a worker need not wait for its poll. */
const NEW_MESSAGE_CHANNEL = "sesame_outbox";

export type OutboxChannel = "email" | "sms" | "voice";
export type OutboxStatus = "pending" | "sent" | "failed";

export interface NewOutboxMessage {
  id: string;
  organisationId: string | null;
  channel: OutboxChannel;
  recipient: string;
  /** Sealed (encrypted) message; never the message in clear. */
  payload: string;
  createdAt: number;
}

export interface OutboxMessage {
  id: string;
  organisationId: string | null;
  channel: string;
  recipient: string;
  payload: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  claimedUntil: number | null;
  claimedBy: string | null;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

/** A message a worker holds the lease of, with what it needs to deliver it. */
export interface ClaimedMessage {
  id: string;
  channel: string;
  recipient: string;
  payload: string;
  attempts: number;
  createdAt: number;
  claimedUntil: number;
}

export interface Claim {
  workerId: string;
  now: number;
  leaseMs: number;
}

/**
 * Written in the caller's transaction, so the message exists exactly when the change does;
 * its commit wakes the workers (listenForNewMessages).
 */
export async function insertOutboxMessage(q: Queryable, message: NewOutboxMessage): Promise<void> {
  await q.db
    .insertInto("outbox")
    .values({
      id: message.id,
      organisation_id: message.organisationId,
      channel: message.channel,
      recipient: message.recipient,
      payload: message.payload,
      status: "pending",
      attempts: 0,
      next_attempt_at: message.createdAt,
      created_at: message.createdAt,
    })
    .execute();
  await q.signal(NEW_MESSAGE_CHANNEL);
}

/** Hears the commit of each new message, of this store and (PostgreSQL) of other instances. */
export function listenForNewMessages(store: Store, options: ListenOptions): Listening {
  return store.listen(NEW_MESSAGE_CHANNEL, options);
}

/**
 * Leases up to `limit` due messages to one worker in one statement: of two workers racing
 * for a message exactly one wins, on either database (a SQLite statement is atomic; on
 * PostgreSQL the candidates are row-locked with SKIP LOCKED, so concurrent workers take
 * different messages instead of queueing on the same rows). An expired lease (its worker
 * crashed mid-send) counts as free. One statement rather than one per message: under a busy
 * event loop every further round trip waits its turn behind the requests.
 */
export async function claimDueMessages(
  q: Queryable,
  claim: Claim & { limit: number },
): Promise<ClaimedMessage[]> {
  const claimedUntil = claim.now + claim.leaseMs;
  const due = q.db
    .selectFrom("outbox")
    .select("id")
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", claim.now)
    .where("payload", "is not", null)
    .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", claim.now)]))
    .orderBy("next_attempt_at")
    .limit(claim.limit)
    .$if(q.dialect === "postgres", (qb) => qb.forUpdate().skipLocked());
  const rows = await q.db
    .updateTable("outbox")
    .set({ claimed_until: claimedUntil, claimed_by: claim.workerId })
    .where("id", "in", due)
    .returning(["id", "channel", "recipient", "payload", "attempts", "created_at"])
    .execute();
  return rows.flatMap(({ created_at: createdAt, payload, ...row }) =>
    payload === null ? [] : [{ ...row, payload, createdAt, claimedUntil }],
  );
}

/**
 * Delivered: the payload is wiped (it may hold a temporary password) and the lease ends.
 * False when this worker no longer holds the lease.
 */
export async function markOutboxSent(
  q: Queryable,
  id: string,
  workerId: string,
  at: number,
): Promise<boolean> {
  const result = await q.db
    .updateTable("outbox")
    .set({ status: "sent", sent_at: at, payload: null, claimed_until: null, claimed_by: null })
    .where("id", "=", id)
    .where("claimed_by", "=", workerId)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * A failed attempt: counted, its (short) reason kept, the lease released. With a next
 * attempt time the message waits for it; without one it is given up ("failed") and its
 * payload wiped, since it will never be read again.
 */
export async function recordOutboxFailure(
  q: Queryable,
  id: string,
  workerId: string,
  failure: { error: string; nextAttemptAt: number | null },
): Promise<boolean> {
  const { nextAttemptAt } = failure;
  const result = await q.db
    .updateTable("outbox")
    .set((eb) => ({
      attempts: eb("attempts", "+", 1),
      last_error: failure.error,
      claimed_until: null,
      claimed_by: null,
      ...(nextAttemptAt === null
        ? { status: "failed", payload: null }
        : { next_attempt_at: nextAttemptAt }),
    }))
    .where("id", "=", id)
    .where("claimed_by", "=", workerId)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countPendingOutbox(q: Queryable): Promise<number> {
  const row = await q.db
    .selectFrom("outbox")
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .where("status", "=", "pending")
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function findOutboxMessage(
  q: Queryable,
  id: string,
): Promise<OutboxMessage | undefined> {
  const row = await q.db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toMessage(row);
}

/** Messages to one address, oldest first. */
export async function listOutboxMessagesTo(
  q: Queryable,
  recipient: string,
): Promise<OutboxMessage[]> {
  const rows = await q.db
    .selectFrom("outbox")
    .selectAll()
    .where("recipient", "=", recipient)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toMessage);
}

function toMessage(row: Selectable<OutboxTable>): OutboxMessage {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    channel: row.channel,
    recipient: row.recipient,
    payload: row.payload,
    status: row.status === "sent" || row.status === "failed" ? row.status : "pending",
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    claimedUntil: row.claimed_until,
    claimedBy: row.claimed_by,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}
