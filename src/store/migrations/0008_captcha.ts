import type { Kysely } from "kysely";

/**
 * Solved CAPTCHA challenges, so that one solution is accepted once. A row lives until its
 * challenge expires; after that the signature check refuses the payload anyway.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("captcha_uses")
    // The challenge's HMAC signature (hex): unique per challenge, covers every parameter.
    .addColumn("signature", "text", (c) => c.primaryKey())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("captcha_uses_expires_at")
    .on("captcha_uses")
    .column("expires_at")
    .execute();
}
