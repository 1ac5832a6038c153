import type { Selectable } from "kysely";
import type { AuditEventsTable } from "./schema.js";
import type { Queryable } from "./database.js";

export type AuditResult = "success" | "failure";

export interface AuditEvent {
  id: string;
  organisationId: string;
  at: number;
  activity: string;
  category: string;
  result: AuditResult;
  resultReason: string | null;
  actorId: string | null;
  actorName: string | null;
  targetId: string | null;
  targetName: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

export async function insertAuditEvent(q: Queryable, event: AuditEvent): Promise<void> {
  await q.db
    .insertInto("audit_events")
    .values({
      id: event.id,
      organisation_id: event.organisationId,
      at: event.at,
      activity: event.activity,
      category: event.category,
      result: event.result,
      result_reason: event.resultReason,
      actor_id: event.actorId,
      actor_name: event.actorName,
      target_id: event.targetId,
      target_name: event.targetName,
      ip: event.ip,
      user_agent: event.userAgent,
      details: JSON.stringify(event.details),
    })
    .execute();
}

/** The organisation's newest events first, keyset-paginated on (at, id). */
export async function listAuditEvents(
  q: Queryable,
  organisationId: string,
  options: {
    limit: number;
    before?: { at: number; id: string };
    activity?: string | undefined;
    targetId?: string | undefined;
    actorId?: string | undefined;
    /** Compared ignoring (ASCII) case. */
    actorName?: string | undefined;
    /** Compared ignoring (ASCII) case. */
    targetName?: string | undefined;
    /** at >= from */
    from?: number | undefined;
    /** at < until */
    until?: number | undefined;
  },
): Promise<AuditEvent[]> {
  const { actorId, actorName, targetName, from, until } = options;
  const rows = await q.db
    .selectFrom("audit_events")
    .selectAll()
    .where("organisation_id", "=", organisationId)
    .$if(options.activity !== undefined, (qb) => qb.where("activity", "=", options.activity ?? ""))
    .$if(options.targetId !== undefined, (qb) => qb.where("target_id", "=", options.targetId ?? ""))
    .$if(actorId !== undefined, (qb) => qb.where("actor_id", "=", actorId ?? ""))
    .$if(actorName !== undefined, (qb) =>
      qb.where((eb) => eb(eb.fn("lower", ["actor_name"]), "=", (actorName ?? "").toLowerCase())),
    )
    .$if(targetName !== undefined, (qb) =>
      qb.where((eb) => eb(eb.fn("lower", ["target_name"]), "=", (targetName ?? "").toLowerCase())),
    )
    .$if(from !== undefined, (qb) => qb.where("at", ">=", from ?? 0))
    .$if(until !== undefined, (qb) => qb.where("at", "<", until ?? 0))
    .$if(options.before !== undefined, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb("at", "<", options.before?.at ?? 0),
          eb.and([eb("at", "=", options.before?.at ?? 0), eb("id", "<", options.before?.id ?? "")]),
        ]),
      ),
    )
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .limit(options.limit)
    .execute();
  return rows.map(toAuditEvent);
}

/** One event of the organisation, by id. */
export async function findAuditEvent(
  q: Queryable,
  organisationId: string,
  id: string,
): Promise<AuditEvent | undefined> {
  const row = await q.db
    .selectFrom("audit_events")
    .selectAll()
    .where("id", "=", id)
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  return row && toAuditEvent(row);
}

function toAuditEvent(row: Selectable<AuditEventsTable>): AuditEvent {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    at: row.at,
    activity: row.activity,
    category: row.category,
    result: row.result === "success" ? "success" : "failure",
    resultReason: row.result_reason,
    actorId: row.actor_id,
    actorName: row.actor_name,
    targetId: row.target_id,
    targetName: row.target_name,
    ip: row.ip,
    userAgent: row.user_agent,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
