import type { Queryable } from "./database.js";
import { toUser, type User } from "./users.js";

export interface ResetRequest {
  id: string;
  organisationId: string;
  userId: string;
  createdAt: number;
  ip: string | null;
}

export async function insertResetRequest(q: Queryable, request: ResetRequest): Promise<void> {
  await q.db
    .insertInto("password_reset_requests")
    .values({
      id: request.id,
      organisation_id: request.organisationId,
      user_id: request.userId,
      created_at: request.createdAt,
      ip: request.ip,
    })
    .execute();
}

/** The user's newest request still waiting for an administrator, if any. */
export async function findOpenResetRequest(
  q: Queryable,
  userId: string,
): Promise<ResetRequest | undefined> {
  const row = await q.db
    .selectFrom("password_reset_requests")
    .selectAll()
    .where("user_id", "=", userId)
    .where("handled_at", "is", null)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      organisationId: row.organisation_id,
      userId: row.user_id,
      createdAt: row.created_at,
      ip: row.ip,
    }
  );
}

/** Open requests of the organisation, newest first, with their users (one query). */
export async function listOpenResetRequests(
  q: Queryable,
  organisationId: string,
  options: { limit: number; before?: { createdAt: number; id: string } },
): Promise<{ request: ResetRequest; user: User }[]> {
  const before = options.before;
  const rows = await q.db
    .selectFrom("password_reset_requests as r")
    .innerJoin("users", "users.id", "r.user_id")
    .selectAll("users")
    .select(["r.id as request_id", "r.created_at as request_created_at", "r.ip as request_ip"])
    .where("r.organisation_id", "=", organisationId)
    .where("r.handled_at", "is", null)
    .where("users.deleted_at", "is", null)
    .$if(before !== undefined, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb("r.created_at", "<", before?.createdAt ?? 0),
          eb.and([
            eb("r.created_at", "=", before?.createdAt ?? 0),
            eb("r.id", "<", before?.id ?? ""),
          ]),
        ]),
      ),
    )
    .orderBy("r.created_at", "desc")
    .orderBy("r.id", "desc")
    .limit(options.limit)
    .execute();
  return rows.map(({ request_id, request_created_at, request_ip, ...userRow }) => ({
    request: {
      id: request_id,
      organisationId,
      userId: userRow.id,
      createdAt: request_created_at,
      ip: request_ip,
    },
    user: toUser(userRow),
  }));
}

/** Marks the user's open requests handled (an administrator reset the password, or dismissed them). */
export async function markResetRequestsHandled(
  q: Queryable,
  userId: string,
  by: string,
  at: number,
): Promise<number> {
  const result = await q.db
    .updateTable("password_reset_requests")
    .set({ handled_at: at, handled_by: by })
    .where("user_id", "=", userId)
    .where("handled_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
