import type { Selectable } from "kysely";
import type { SecurityMethodKind } from "../domain/methods.js";
import type { Queryable } from "./database.js";
import { lockUserRow } from "./users.js";
import type { SecurityMethodsTable } from "./schema.js";

export interface SecurityMethod {
  id: string;
  userId: string;
  organisationId: string;
  kind: SecurityMethodKind;
  value: string | null;
  verifiedAt: number | null;
  createdAt: number;
}

function toMethod(row: Selectable<SecurityMethodsTable>): SecurityMethod {
  return {
    id: row.id,
    userId: row.user_id,
    organisationId: row.organisation_id,
    kind: row.kind as SecurityMethodKind,
    value: row.value,
    verifiedAt: row.verified_at,
    createdAt: row.created_at,
  };
}

export async function insertSecurityMethod(q: Queryable, method: SecurityMethod): Promise<void> {
  await q.db
    .insertInto("security_methods")
    .values({
      id: method.id,
      user_id: method.userId,
      organisation_id: method.organisationId,
      kind: method.kind,
      value: method.value,
      verified_at: method.verifiedAt,
      created_at: method.createdAt,
    })
    .execute();
}

/** The user's methods, verified or not, oldest first. */
export async function listSecurityMethods(q: Queryable, userId: string): Promise<SecurityMethod[]> {
  const rows = await q.db
    .selectFrom("security_methods")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toMethod);
}

/** The kinds of method each of these users registered and proved (one query for a page). */
export async function verifiedMethodKindsOf(
  q: Queryable,
  userIds: readonly string[],
): Promise<Map<string, SecurityMethodKind[]>> {
  const byUser = new Map<string, SecurityMethodKind[]>();
  if (userIds.length === 0) return byUser;
  const rows = await q.db
    .selectFrom("security_methods")
    .select(["user_id", "kind"])
    .distinct()
    .where("user_id", "in", [...userIds])
    .where("verified_at", "is not", null)
    .orderBy("user_id")
    .orderBy("kind")
    .execute();
  for (const row of rows) {
    byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row.kind as SecurityMethodKind]);
  }
  return byUser;
}

/**
 * The user's methods, the user's row locked until the transaction ends: a check of them and
 * the change it allows (one method of a kind) cannot interleave with another instance's.
 */
export async function listSecurityMethodsForUpdate(
  q: Queryable,
  userId: string,
): Promise<SecurityMethod[]> {
  await lockUserRow(q, userId);
  return listSecurityMethods(q, userId);
}

export async function findSecurityMethod(
  q: Queryable,
  userId: string,
  id: string,
): Promise<SecurityMethod | undefined> {
  const row = await q.db
    .selectFrom("security_methods")
    .selectAll()
    .where("user_id", "=", userId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toMethod(row);
}

export async function markSecurityMethodVerified(
  q: Queryable,
  id: string,
  at: number,
): Promise<void> {
  await q.db
    .updateTable("security_methods")
    .set({ verified_at: at })
    .where("id", "=", id)
    .execute();
}

/** Replaces a method's address or number; an administrator's value counts as verified at `at`. */
export async function updateSecurityMethodValue(
  q: Queryable,
  id: string,
  value: string,
  at: number,
): Promise<void> {
  await q.db
    .updateTable("security_methods")
    .set({ value, verified_at: at })
    .where("id", "=", id)
    .execute();
}

/** Deletes the user's methods of `kind` (all, or only the unverified ones), but `exceptId`. */
export async function deleteSecurityMethods(
  q: Queryable,
  userId: string,
  filter: { kind?: SecurityMethodKind; id?: string; unverifiedOnly?: boolean; exceptId?: string },
): Promise<number> {
  let query = q.db.deleteFrom("security_methods").where("user_id", "=", userId);
  if (filter.kind) query = query.where("kind", "=", filter.kind);
  if (filter.id) query = query.where("id", "=", filter.id);
  if (filter.exceptId) query = query.where("id", "!=", filter.exceptId);
  if (filter.unverifiedOnly) query = query.where("verified_at", "is", null);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface SecurityAnswer {
  id: string;
  question: string;
  answerHash: string;
  createdAt: number;
}

/** Replaces the user's security answers with `answers`. */
export async function replaceSecurityAnswers(
  q: Queryable,
  userId: string,
  answers: SecurityAnswer[],
): Promise<void> {
  await q.db.deleteFrom("security_answers").where("user_id", "=", userId).execute();
  if (answers.length === 0) return;
  await q.db
    .insertInto("security_answers")
    .values(
      answers.map((answer) => ({
        id: answer.id,
        user_id: userId,
        question: answer.question,
        answer_hash: answer.answerHash,
        created_at: answer.createdAt,
      })),
    )
    .execute();
}

/** The questions the user answered (never the answers: reset flows check them one by one). */
export async function listSecurityQuestions(q: Queryable, userId: string): Promise<string[]> {
  const rows = await q.db
    .selectFrom("security_answers")
    .select("question")
    .where("user_id", "=", userId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => row.question);
}

/** The stored hash of one answer, for a reset flow's check; never for display. */
export async function findSecurityAnswerHash(
  q: Queryable,
  userId: string,
  question: string,
): Promise<string | undefined> {
  const row = await q.db
    .selectFrom("security_answers")
    .select("answer_hash")
    .where("user_id", "=", userId)
    .where("question", "=", question)
    .executeTakeFirst();
  return row?.answer_hash;
}
