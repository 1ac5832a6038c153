import type { Queryable } from "./database.js";
import type { SessionRow, UserRow } from "./schema.js";

export async function insertSession(q: Queryable, session: SessionRow): Promise<void> {
  await q.db.insertInto("sessions").values(session).execute();
}

export async function touchSession(q: Queryable, idHash: string, at: number): Promise<void> {
  await q.db
    .updateTable("sessions")
    .set({ last_seen_at: at })
    .where("id_hash", "=", idHash)
    .execute();
}

export async function deleteSession(q: Queryable, idHash: string): Promise<void> {
  await q.db.deleteFrom("sessions").where("id_hash", "=", idHash).execute();
}

/** Ends every session of the user, except the one given (the one making the change). */
export async function deleteUserSessions(
  q: Queryable,
  userId: string,
  exceptIdHash?: string,
): Promise<number> {
  const result = await q.db
    .deleteFrom("sessions")
    .where("user_id", "=", userId)
    .$if(exceptIdHash !== undefined, (qb) => qb.where("id_hash", "!=", exceptIdHash ?? ""))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(q: Queryable, now: number): Promise<number> {
  const result = await q.db
    .deleteFrom("sessions")
    .where("expires_at", "<=", now)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface SessionWithUser {
  session: SessionRow;
  userRow: UserRow;
  organisationName: string;
}

/** One query for what every signed-in request needs: the session, its user and organisation name. */
export async function findSessionWithUser(
  q: Queryable,
  idHash: string,
): Promise<SessionWithUser | undefined> {
  const row = await q.db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .innerJoin("organisations", "organisations.id", "users.organisation_id")
    .selectAll("users")
    .select([
      "sessions.id_hash as s_id_hash",
      "sessions.created_at as s_created_at",
      "sessions.last_seen_at as s_last_seen_at",
      "sessions.expires_at as s_expires_at",
      "sessions.ip as s_ip",
      "sessions.user_agent as s_user_agent",
      "organisations.name as organisation_name",
    ])
    .where("sessions.id_hash", "=", idHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const {
    s_id_hash,
    s_created_at,
    s_last_seen_at,
    s_expires_at,
    s_ip,
    s_user_agent,
    organisation_name,
    ...userRow
  } = row;
  return {
    session: {
      id_hash: s_id_hash,
      user_id: userRow.id,
      organisation_id: userRow.organisation_id,
      created_at: s_created_at,
      last_seen_at: s_last_seen_at,
      expires_at: s_expires_at,
      ip: s_ip,
      user_agent: s_user_agent,
    },
    userRow,
    organisationName: organisation_name,
  };
}
