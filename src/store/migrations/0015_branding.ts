import type { Kysely } from "kysely";

/**
 * Company branding, one row per organisation that set any (domain/branding.ts). The logo is
 * kept as base64 text (at most 100 KB of image), which both databases store the same way.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("organisation_branding")
    .addColumn("organisation_id", "text", (c) =>
      c.primaryKey().references("organisations.id").onDelete("cascade"),
    )
    .addColumn("accent_colour", "text")
    .addColumn("sign_in_message", "text")
    .addColumn("helpdesk_text", "text")
    .addColumn("logo_type", "text")
    .addColumn("logo_base64", "text")
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();
}
