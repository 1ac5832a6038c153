import type { Letterhead } from "../../domain/branding.js";
import type { Language } from "../../domain/languages.js";
import { translator } from "../i18n.js";
import { renderDocument } from "../render.js";

/** Sesame's own accent (public/sesame.css), for an organisation that chose none. */
const DEFAULT_ACCENT = "#0b5cad";

/** An email ready for the outbox: a one-line subject, plain text and HTML saying the same. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** What every email has: who it is to, on whose behalf, and a few paragraphs. */
export interface EmailBody {
  language: Language;
  organisationName: string;
  /** The organisation's colour and helpdesk (company branding); Sesame's look without. */
  letterhead?: Letterhead | undefined;
  subject: string;
  /** The reader, greeted by name; none for an address whose reader Sesame doesn't know. */
  displayName: string | undefined;
  paragraphs: string[];
}

/**
 * Builds both alternatives from the same paragraphs, so the text and HTML parts never say
 * different things. Preact escapes every value in the HTML part.
 */
export function composeEmail(body: EmailBody): RenderedEmail {
  const t = translator(body.language);
  const greeting =
    body.displayName === undefined
      ? t("email.greetingAnyone")
      : t("email.greeting", { name: body.displayName });
  const footer = t("email.footer", { organisation: body.organisationName });
  const helpdesk = body.letterhead?.helpdeskText;
  const helpdeskLine =
    helpdesk && `${t("layout.helpdesk", { organisation: body.organisationName })} ${helpdesk}`;
  const text = `${[greeting, ...body.paragraphs].join("\n\n")}\n\n-- \n${footer}\n${helpdeskLine ? `${helpdeskLine}\n` : ""}`;
  const accent = body.letterhead?.accentColour ?? DEFAULT_ACCENT;
  const html = renderDocument(
    <html lang={body.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{body.subject}</title>
      </head>
      <body
        style={`font-family: system-ui, sans-serif; line-height: 1.5; color: #1b1b1b; border-top: 4px solid ${accent}; padding-top: 0.5em`}
      >
        <p>{greeting}</p>
        {body.paragraphs.map((paragraph, index) => (
          <p key={index}>{paragraph}</p>
        ))}
        <hr />
        <p style="font-size: 0.875em; color: #555">{footer}</p>
        {helpdeskLine && <p style="font-size: 0.875em; color: #555">{helpdeskLine}</p>}
      </body>
    </html>,
  );
  return { subject: body.subject, text, html };
}

// Made once per language: building a formatter costs about 70 µs, using one about 2.
const INSTANT_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }),
  nl: new Intl.DateTimeFormat("nl-NL", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }),
};

/** An instant as people read it in `language`. Sesame does not know the reader's time zone. */
export function formatInstant(language: Language, at: number): string {
  return `${INSTANT_FORMATS[language].format(at)} UTC`;
}
