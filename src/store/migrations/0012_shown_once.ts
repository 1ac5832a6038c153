import type { Kysely } from "kysely";

/**
 * Results shown once (a reset's temporary password, a new API key): a state-changing form
 * redirects to its result (POST/redirect/GET), so refreshing the page shows it, never runs the
 * change again. The result is sealed (AES-256-GCM under the instance secret), bound to the
 * session that made the change, and emptied when shown; the row stays until it expires so that
 * a reused link can say it was shown already.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("shown_once")
    // SHA-256 of the result's token; the token itself is only in the result's URL.
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("session_hash", "text", (c) =>
      c.notNull().references("sessions.id_hash").onDelete("cascade"),
    )
    .addColumn("kind", "text", (c) => c.notNull())
    // Null once shown.
    .addColumn("sealed_content", "text")
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("shown_once_expires_at")
    .on("shown_once")
    .column("expires_at")
    .execute();
  await db.schema
    .createIndex("shown_once_session")
    .on("shown_once")
    .column("session_hash")
    .execute();
}
