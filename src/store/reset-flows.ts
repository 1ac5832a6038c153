import { type ResetMethod, type SecurityMethodKind } from "../domain/methods.js";
import type { Selectable } from "kysely";
import {
  NO_FAILURES,
  type FailureState,
  type FlowIntent,
  type FlowState,
  type Refusal,
} from "../domain/self-service-reset.js";
import type { Queryable } from "./database.js";
import type { ResetFlowsTable } from "./schema.js";

export interface ResetFlow {
  idHash: string;
  organisationId: string | null;
  userId: string | null;
  intent: FlowIntent;
  state: FlowState;
  refusal: Refusal | null;
  methods: ResetMethod[];
  required: number;
  proven: SecurityMethodKind[];
  pendingMethod: ResetMethod | null;
  /** Ids of the security answers drawn for the pending questions step. */
  questions: string[] | null;
  /** Failed proofs of a flow without a user (strict privacy). */
  failures: number;
  /** For a flow without a user: what its questions are drawn from. */
  decoySeed: string | null;
  createdAt: number;
  expiresAt: number;
}

function toFlow(row: Selectable<ResetFlowsTable>): ResetFlow {
  return {
    idHash: row.id_hash,
    organisationId: row.organisation_id,
    userId: row.user_id,
    intent: row.intent as FlowIntent,
    state: row.state as FlowState,
    refusal: row.refusal as Refusal | null,
    methods: JSON.parse(row.methods) as ResetMethod[],
    required: row.required,
    proven: JSON.parse(row.proven) as SecurityMethodKind[],
    pendingMethod: row.pending_method as ResetMethod | null,
    questions: row.questions === null ? null : (JSON.parse(row.questions) as string[]),
    failures: row.failures,
    decoySeed: row.decoy_seed,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

export async function insertResetFlow(q: Queryable, flow: ResetFlow): Promise<void> {
  await q.db
    .insertInto("reset_flows")
    .values({
      id_hash: flow.idHash,
      organisation_id: flow.organisationId,
      user_id: flow.userId,
      intent: flow.intent,
      state: flow.state,
      refusal: flow.refusal,
      methods: JSON.stringify(flow.methods),
      required: flow.required,
      proven: JSON.stringify(flow.proven),
      pending_method: flow.pendingMethod,
      questions: flow.questions === null ? null : JSON.stringify(flow.questions),
      failures: flow.failures,
      decoy_seed: flow.decoySeed,
      created_at: flow.createdAt,
      expires_at: flow.expiresAt,
    })
    .execute();
}

export async function findResetFlow(q: Queryable, idHash: string): Promise<ResetFlow | undefined> {
  const row = await q.db
    .selectFrom("reset_flows")
    .selectAll()
    .where("id_hash", "=", idHash)
    .executeTakeFirst();
  return row && toFlow(row);
}

/** How many flows were started since `since` for a user, or for a decoy's User ID. */
export async function countFlowsStarted(
  q: Queryable,
  subject: { userId: string } | { decoySeed: string },
  since: number,
): Promise<number> {
  const row = await q.db
    .selectFrom("reset_flows")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .$if("userId" in subject, (qb) =>
      qb.where("user_id", "=", "userId" in subject ? subject.userId : ""),
    )
    .$if("decoySeed" in subject, (qb) =>
      qb.where("decoy_seed", "=", "decoySeed" in subject ? subject.decoySeed : ""),
    )
    .where("created_at", ">=", since)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The step being proven now (a code sent, questions drawn); null clears it. */
export async function setPendingStep(
  q: Queryable,
  idHash: string,
  step: { method: ResetMethod | null; questions: string[] | null },
): Promise<void> {
  await q.db
    .updateTable("reset_flows")
    .set({
      pending_method: step.method,
      questions: step.questions === null ? null : JSON.stringify(step.questions),
    })
    .where("id_hash", "=", idHash)
    .execute();
}

/**
 * Records a proven kind, only if the flow is still where the caller saw it (same state and
 * same proofs): of two racing proofs, one moves the flow on and the other changes nothing.
 */
export async function recordProof(
  q: Queryable,
  flow: ResetFlow,
  next: { proven: SecurityMethodKind[]; state: FlowState },
): Promise<boolean> {
  const result = await q.db
    .updateTable("reset_flows")
    .set({
      proven: JSON.stringify(next.proven),
      state: next.state,
      pending_method: null,
      questions: null,
    })
    .where("id_hash", "=", flow.idHash)
    .where("state", "=", flow.state)
    .where("proven", "=", JSON.stringify(flow.proven))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Moves the flow from `from` to `to`; false when another request moved it first. */
export async function moveResetFlow(
  q: Queryable,
  idHash: string,
  from: FlowState,
  to: FlowState,
): Promise<boolean> {
  const result = await q.db
    .updateTable("reset_flows")
    .set({ state: to, pending_method: null, questions: null })
    .where("id_hash", "=", idHash)
    .where("state", "=", from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The flow stops for a reason its page explains (the user got blocked meanwhile). */
export async function refuseResetFlow(
  q: Queryable,
  idHash: string,
  refusal: Refusal,
): Promise<void> {
  await q.db
    .updateTable("reset_flows")
    .set({ state: "refused", refusal, pending_method: null, questions: null })
    .where("id_hash", "=", idHash)
    .execute();
}

/** Ends the user's other flows (after a reset or a block): none can be finished later. */
export async function endResetFlowsOf(
  q: Queryable,
  userId: string,
  at: number,
  exceptIdHash: string,
): Promise<void> {
  await q.db
    .updateTable("reset_flows")
    .set({ expires_at: at })
    .where("user_id", "=", userId)
    .where("id_hash", "!=", exceptIdHash)
    .where("expires_at", ">", at)
    .execute();
}

/** One more failed proof of a flow without a user. */
export async function countFlowFailure(q: Queryable, idHash: string): Promise<void> {
  await q.db
    .updateTable("reset_flows")
    .set((eb) => ({ failures: eb("failures", "+", 1) }))
    .where("id_hash", "=", idHash)
    .execute();
}

/** The failed proofs of a decoy's User ID over its flows started since `since`. */
export async function sumDecoyFailures(
  q: Queryable,
  decoySeed: string,
  since: number,
): Promise<number> {
  const row = await q.db
    .selectFrom("reset_flows")
    .select((eb) => eb.fn.sum<number>("failures").as("failures"))
    .where("decoy_seed", "=", decoySeed)
    .where("created_at", ">=", since)
    .executeTakeFirst();
  return Number(row?.failures ?? 0);
}

/** Forgets flows that ended a day ago (kept that long so late requests get a clear answer). */
export async function deleteExpiredResetFlows(q: Queryable, before: number): Promise<number> {
  const result = await q.db
    .deleteFrom("reset_flows")
    .where("expires_at", "<", before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function findResetFailures(q: Queryable, userId: string): Promise<FailureState> {
  const row = await q.db
    .selectFrom("reset_failures")
    .selectAll()
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row
    ? { failures: row.failures, windowStart: row.window_start, blockedUntil: row.blocked_until }
    : NO_FAILURES;
}

/**
 * Reads the user's failures to change them: the row is made first so that PostgreSQL's
 * `FOR UPDATE` always has one to lock, and two instances counting at once lose nothing.
 */
export async function findResetFailuresForUpdate(
  q: Queryable,
  userId: string,
): Promise<FailureState> {
  await q.db
    .insertInto("reset_failures")
    .values({ user_id: userId, failures: 0, window_start: null, blocked_until: null })
    .onConflict((oc) => oc.column("user_id").doNothing())
    .execute();
  const row = await q.db
    .selectFrom("reset_failures")
    .selectAll()
    .where("user_id", "=", userId)
    .$if(q.dialect === "postgres", (qb) => qb.forUpdate())
    .executeTakeFirstOrThrow();
  return { failures: row.failures, windowStart: row.window_start, blockedUntil: row.blocked_until };
}

export async function saveResetFailures(
  q: Queryable,
  userId: string,
  state: FailureState,
): Promise<void> {
  await q.db
    .updateTable("reset_failures")
    .set({
      failures: state.failures,
      window_start: state.windowStart,
      blocked_until: state.blockedUntil,
    })
    .where("user_id", "=", userId)
    .execute();
}

export async function clearResetFailures(q: Queryable, userId: string): Promise<void> {
  await q.db.deleteFrom("reset_failures").where("user_id", "=", userId).execute();
}
