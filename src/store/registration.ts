import type { Queryable } from "./database.js";

/** When the user last registered a method or confirmed their security info, if ever. */
export async function findSecurityInfoConfirmation(
  q: Queryable,
  userId: string,
): Promise<number | null> {
  const row = await q.db
    .selectFrom("security_info_confirmations")
    .select("confirmed_at")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.confirmed_at ?? null;
}

export async function recordSecurityInfoConfirmation(
  q: Queryable,
  userId: string,
  at: number,
): Promise<void> {
  await q.db
    .insertInto("security_info_confirmations")
    .values({ user_id: userId, confirmed_at: at })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ confirmed_at: at }))
    .execute();
}
