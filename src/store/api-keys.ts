import type { Selectable } from "kysely";
import type { Queryable } from "./database.js";
import type { ApiKeysTable } from "./schema.js";

/** An API key as stored: never the key itself, only its SHA-256 (which stays in the store). */
export interface ApiKey {
  id: string;
  organisationId: string;
  name: string;
  roleTemplateIds: string[];
  createdBy: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export async function insertApiKey(q: Queryable, key: ApiKey, keyHash: string): Promise<void> {
  await q.db
    .insertInto("api_keys")
    .values({
      id: key.id,
      organisation_id: key.organisationId,
      name: key.name,
      key_hash: keyHash,
      role_template_ids: JSON.stringify(key.roleTemplateIds),
      created_by: key.createdBy,
      created_at: key.createdAt,
      last_used_at: key.lastUsedAt,
      revoked_at: key.revokedAt,
    })
    .execute();
}

/** The key whose hash this is, in any organisation (the bearer names no organisation). */
export async function findApiKeyByHash(q: Queryable, keyHash: string): Promise<ApiKey | undefined> {
  const row = await q.db
    .selectFrom("api_keys")
    .selectAll()
    .where("key_hash", "=", keyHash)
    .executeTakeFirst();
  return row && toApiKey(row);
}

export async function findApiKey(
  q: Queryable,
  organisationId: string,
  id: string,
): Promise<ApiKey | undefined> {
  const row = await q.db
    .selectFrom("api_keys")
    .selectAll()
    .where("organisation_id", "=", organisationId)
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toApiKey(row);
}

/** The organisation's keys, newest first (an organisation has a handful). */
export async function listApiKeys(q: Queryable, organisationId: string): Promise<ApiKey[]> {
  const rows = await q.db
    .selectFrom("api_keys")
    .selectAll()
    .where("organisation_id", "=", organisationId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map(toApiKey);
}

/** Revokes a live key of the organisation; false when there is none (absent or already revoked). */
export async function revokeApiKey(
  q: Queryable,
  organisationId: string,
  id: string,
  at: number,
): Promise<boolean> {
  const result = await q.db
    .updateTable("api_keys")
    .set({ revoked_at: at })
    .where("organisation_id", "=", organisationId)
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Records a use, unless one was recorded after `notAfter` (so busy keys write rarely). */
export async function touchApiKey(
  q: Queryable,
  id: string,
  at: number,
  notAfter: number,
): Promise<void> {
  await q.db
    .updateTable("api_keys")
    .set({ last_used_at: at })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<=", notAfter)]))
    .execute();
}

function toApiKey(row: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    name: row.name,
    roleTemplateIds: JSON.parse(row.role_template_ids) as string[],
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
