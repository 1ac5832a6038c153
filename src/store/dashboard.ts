import type { SelectQueryBuilder } from "kysely";
import type { Queryable } from "./database.js";

/** How many rows a query finds, the same way on SQLite and PostgreSQL (a bigint string). */
async function counted<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
): Promise<number> {
  const row: { count?: number | string } = await query
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Live users of the organisation (the live list's index). */
export async function countLiveUsers(q: Queryable, organisationId: string): Promise<number> {
  return counted(
    q.db
      .selectFrom("users")
      .where("organisation_id", "=", organisationId)
      .where("deleted_at", "is", null),
  );
}

/** Live users whose next sign-in must change the password (a partial index of their own). */
export async function countMustChangePassword(
  q: Queryable,
  organisationId: string,
): Promise<number> {
  return counted(
    q.db
      .selectFrom("users")
      .where("organisation_id", "=", organisationId)
      .where("deleted_at", "is", null)
      .where("force_change_password", "=", 1),
  );
}

/** Live users locked out at `now`: only current lockouts are read, by their end. */
export async function countLockedOut(
  q: Queryable,
  organisationId: string,
  now: number,
): Promise<number> {
  return counted(
    q.db
      .selectFrom("sign_in_lockouts")
      .innerJoin("users", "users.id", "sign_in_lockouts.user_id")
      .where("sign_in_lockouts.locked_until", ">", now)
      .where("users.organisation_id", "=", organisationId)
      .where("users.deleted_at", "is", null),
  );
}

/** Audit events of these activities since `from` (the activity index). */
export async function countActivitiesSince(
  q: Queryable,
  organisationId: string,
  activities: readonly string[],
  from: number,
): Promise<number> {
  return counted(
    q.db
      .selectFrom("audit_events")
      .where("organisation_id", "=", organisationId)
      .where("activity", "in", [...activities])
      .where("at", ">=", from),
  );
}

/** Requests for a new password nobody has handled yet. */
export async function countOpenResetRequests(
  q: Queryable,
  organisationId: string,
): Promise<number> {
  return counted(
    q.db
      .selectFrom("password_reset_requests")
      .where("organisation_id", "=", organisationId)
      .where("handled_at", "is", null),
  );
}

/** The organisation's messages still waiting to be sent. */
export async function countOutboxBacklog(q: Queryable, organisationId: string): Promise<number> {
  return counted(
    q.db
      .selectFrom("outbox")
      .where("status", "=", "pending")
      .where("organisation_id", "=", organisationId),
  );
}
