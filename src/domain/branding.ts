/**
 * Company branding (admin center > Company branding, as in Entra): the organisation's logo,
 * accent colour, a message on the sign-in page and how to reach its helpdesk, shown on the
 * portal and in the emails. Pure: what a valid branding is and whether a colour is legible.
 */

export interface Branding {
  /** "#rrggbb", used for links and buttons (with white text) in the light theme. */
  accentColour: string | null;
  /** Shown above the sign-in form. */
  signInMessage: string | null;
  /** How to reach the helpdesk, on every page's footer and under every email. */
  helpdeskText: string | null;
  logo: Logo | null;
}

/** What a page shows of its organisation's branding. */
export interface BrandingLook {
  organisationId: string;
  name: string;
  accentColour: string | null;
  signInMessage: string | null;
  helpdeskText: string | null;
  hasLogo: boolean;
  /** Changes with every save: the logo's and theme's links carry it, so caches can keep them. */
  version: number;
}

/** What an email takes from the branding: its colour, and the helpdesk under the footer. */
export type Letterhead = Pick<Branding, "accentColour" | "helpdeskText">;

export interface Logo {
  type: LogoType;
  bytes: Uint8Array;
}

export const NO_BRANDING: Branding = {
  accentColour: null,
  signInMessage: null,
  helpdeskText: null,
  logo: null,
};

/** The organisation's name as people see it (organisations.name). */
export const MAX_NAME = 64;
export const MAX_SIGN_IN_MESSAGE = 1_024;
export const MAX_HELPDESK_TEXT = 256;
export const MAX_LOGO_BYTES = 100 * 1024;

/**
 * WCAG 2.2 AA for normal text: the accent is the colour of links on white and the background
 * of buttons with white text, so it needs 4.5:1 against white.
 */
export const MIN_ACCENT_CONTRAST = 4.5;

/**
 * Raster images only, told by their first bytes (never by a name or a declared type): an SVG
 * can carry script, and served from Sesame's origin it would run there.
 */
export const LOGO_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

const SIGNATURES: [LogoType, (bytes: Uint8Array) => boolean][] = [
  ["image/png", (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ["image/jpeg", (b) => startsWith(b, [0xff, 0xd8, 0xff])],
  [
    "image/webp",
    (b) =>
      startsWith(b, [0x52, 0x49, 0x46, 0x46]) &&
      startsWith(b.subarray(8), [0x57, 0x45, 0x42, 0x50]),
  ],
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/** The image type the bytes are, or undefined when they are none Sesame serves. */
export function logoTypeOf(bytes: Uint8Array): LogoType | undefined {
  return SIGNATURES.find(([, matches]) => matches(bytes))?.[0];
}

const HEX = /^#[0-9a-f]{6}$/;

/** "#0B5CAD", "0b5cad" → "#0b5cad"; undefined when it is not a six-digit hex colour. */
export function parseColour(text: string): string | undefined {
  const trimmed = text.trim().toLowerCase();
  const colour = trimmed.startsWith("#") ? trimmed : `#${trimmed}`;
  return HEX.test(colour) ? colour : undefined;
}

/** WCAG relative luminance of a "#rrggbb" colour. */
function luminance(colour: string): number {
  const channel = (offset: number) => {
    const value = parseInt(colour.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The WCAG contrast ratio of two "#rrggbb" colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

export type BrandingField = "name" | "accentColour" | "signInMessage" | "helpdeskText" | "logo";

export type BrandingProblem =
  | { field: "name"; problem: "missing" }
  | { field: "name"; problem: "tooLong"; max: number }
  | { field: "accentColour"; problem: "notAColour" }
  | { field: "accentColour"; problem: "lowContrast"; ratio: number }
  | { field: "signInMessage" | "helpdeskText"; problem: "tooLong"; max: number }
  | { field: "logo"; problem: "notAnImage" }
  | { field: "logo"; problem: "tooLarge"; max: number };

/** What an administrator sends: texts as typed; a logo's bytes, or none to keep or remove it. */
export interface BrandingInput {
  name: string;
  accentColour: string;
  signInMessage: string;
  helpdeskText: string;
  logo: { keep: true } | { keep: false; bytes: Uint8Array | null };
}

/** The name and branding the input asks for on top of `current`, or every problem with it. */
export function validateBranding(
  current: Branding,
  input: BrandingInput,
): { ok: true; name: string; branding: Branding } | { ok: false; problems: BrandingProblem[] } {
  const problems: BrandingProblem[] = [];
  const name = input.name.trim().replace(/\s+/g, " ");
  if (name === "") problems.push({ field: "name", problem: "missing" });
  else if ([...name].length > MAX_NAME) {
    problems.push({ field: "name", problem: "tooLong", max: MAX_NAME });
  }
  let accentColour: string | null = null;
  if (input.accentColour.trim() !== "") {
    const colour = parseColour(input.accentColour);
    if (!colour) problems.push({ field: "accentColour", problem: "notAColour" });
    else {
      const ratio = contrastRatio(colour, "#ffffff");
      if (ratio < MIN_ACCENT_CONTRAST) {
        problems.push({ field: "accentColour", problem: "lowContrast", ratio });
      }
      accentColour = colour;
    }
  }
  const text = (field: "signInMessage" | "helpdeskText", max: number) => {
    const value = input[field].replace(/\r\n?/g, "\n").trim();
    if ([...value].length > max) problems.push({ field, problem: "tooLong", max });
    return value === "" ? null : value;
  };
  const signInMessage = text("signInMessage", MAX_SIGN_IN_MESSAGE);
  const helpdeskText = text("helpdeskText", MAX_HELPDESK_TEXT);
  let logo = current.logo;
  if (!input.logo.keep) {
    const { bytes } = input.logo;
    if (bytes === null) logo = null;
    else if (bytes.length > MAX_LOGO_BYTES) {
      problems.push({ field: "logo", problem: "tooLarge", max: MAX_LOGO_BYTES });
    } else {
      const type = logoTypeOf(bytes);
      if (!type) problems.push({ field: "logo", problem: "notAnImage" });
      else logo = { type, bytes };
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, name, branding: { accentColour, signInMessage, helpdeskText, logo } };
}
