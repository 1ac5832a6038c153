import { LOGO_TYPES, type Branding, type Letterhead } from "../domain/branding.js";
import type { Queryable } from "./database.js";

/** An organisation's branding and when it last changed (for cache-busting asset links). */
export interface StoredBranding extends Branding {
  updatedAt: number;
}

export async function findBranding(
  q: Queryable,
  organisationId: string,
): Promise<StoredBranding | undefined> {
  const row = await q.db
    .selectFrom("organisation_branding")
    .selectAll()
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  if (!row) return undefined;
  const type = LOGO_TYPES.find((known) => known === row.logo_type);
  return {
    accentColour: row.accent_colour,
    signInMessage: row.sign_in_message,
    helpdeskText: row.helpdesk_text,
    logo:
      type && row.logo_base64 !== null
        ? { type, bytes: new Uint8Array(Buffer.from(row.logo_base64, "base64")) }
        : null,
    updatedAt: row.updated_at,
  };
}

export async function saveBranding(
  q: Queryable,
  organisationId: string,
  branding: Branding,
  at: number,
): Promise<void> {
  const values = {
    accent_colour: branding.accentColour,
    sign_in_message: branding.signInMessage,
    helpdesk_text: branding.helpdeskText,
    logo_type: branding.logo?.type ?? null,
    logo_base64: branding.logo ? Buffer.from(branding.logo.bytes).toString("base64") : null,
    updated_at: at,
  };
  await q.db
    .insertInto("organisation_branding")
    .values({ organisation_id: organisationId, ...values })
    .onConflict((oc) => oc.column("organisation_id").doUpdateSet(values))
    .execute();
}

/** What an email shows of the branding, without reading the logo. */
export async function findLetterhead(
  q: Queryable,
  organisationId: string,
): Promise<Letterhead | undefined> {
  const row = await q.db
    .selectFrom("organisation_branding")
    .select(["accent_colour", "helpdesk_text"])
    .where("organisation_id", "=", organisationId)
    .executeTakeFirst();
  return row && { accentColour: row.accent_colour, helpdeskText: row.helpdesk_text };
}
