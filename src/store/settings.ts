import type { Queryable } from "./database.js";

export async function readSetting(q: Queryable, key: string): Promise<string | undefined> {
  const row = await q.db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", key)
    .executeTakeFirst();
  return row?.value;
}

/** Writes the value unless the key exists; returns the value that is stored afterwards. */
export async function insertSettingOnce(q: Queryable, key: string, value: string): Promise<string> {
  await q.db
    .insertInto("settings")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  return (await readSetting(q, key)) ?? value;
}

export async function deleteSetting(q: Queryable, key: string): Promise<boolean> {
  const result = await q.db.deleteFrom("settings").where("key", "=", key).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteSettingsWithPrefix(q: Queryable, prefix: string): Promise<void> {
  await q.db.deleteFrom("settings").where("key", "like", `${prefix}%`).execute();
}
