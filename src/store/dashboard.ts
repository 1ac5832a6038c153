import { sql, type SelectQueryBuilder, type SqlBool } from "kysely";
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

/**
 * Which live users each count keeps, as literals matching its index's WHERE: everyone (the
 * live list, migration 0003), the blocked (0010), who must change their password (0013) and
 * whose password is managed on-premises (0014).
 */
const LIVE = {
  all: sql<SqlBool>`deleted_at is null`,
  blocked: sql<SqlBool>`deleted_at is null and account_enabled = 0`,
  mustChange: sql<SqlBool>`deleted_at is null and force_change_password = 1`,
  onPremises: sql<SqlBool>`deleted_at is null and password_managed = 'onPremises'`,
};

/** Live users of the organisation, all of them or those of one kind, each from an index of its own. */
export async function countLiveUsers(
  q: Queryable,
  organisationId: string,
  kind: keyof typeof LIVE = "all",
): Promise<number> {
  return counted(
    q.db.selectFrom("users").where("organisation_id", "=", organisationId).where(LIVE[kind]),
  );
}

/** Live users holding at least one administrator role (role assignments are few). */
export async function countAdministrators(q: Queryable, organisationId: string): Promise<number> {
  return counted(
    q.db
      .selectFrom("users")
      .where("organisation_id", "=", organisationId)
      .where("deleted_at", "is", null)
      .where("id", "in", (eb) =>
        eb
          .selectFrom("role_assignments")
          .select("role_assignments.principal_id")
          .where("role_assignments.organisation_id", "=", organisationId),
      ),
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
