import { Secret, TOTP } from "otpauth";
import { normaliseEnteredCode } from "./one-time-code.js";

/**
 * Authenticator apps (SPEC [S8], RFC 6238): the parameters every common app understands
 * (Microsoft, Google, FreeOTP, Aegis), and the rule for accepting a code. Pure: the secret
 * and the clock are handed in.
 */
export const TOTP_PARAMETERS = { algorithm: "SHA1", digits: 6, period: 30 } as const;

/** Codes of the step before and after the current one pass too: phone clocks drift. */
export const TOTP_WINDOW = 1;

/** 160 bits, the HMAC-SHA-1 block RFC 4226 recommends as the shared secret's length. */
export const TOTP_SECRET_BYTES = 20;

/** The otpauth:// URI the QR code carries, naming the organisation's Sesame and the User ID. */
export function keyUri(input: { issuer: string; label: string; secret: string }): string {
  return new TOTP({
    ...TOTP_PARAMETERS,
    issuer: input.issuer,
    label: input.label,
    secret: Secret.fromBase32(input.secret),
  }).toString();
}

/**
 * The time step whose code `entered` is, within the window around `now`, or undefined.
 * Whether that step is still unused is the store's to say, atomically (replay protection).
 */
export function matchingStep(input: {
  secret: string;
  entered: string;
  now: number;
}): number | undefined {
  const token = normaliseEnteredCode(input.entered, TOTP_PARAMETERS.digits);
  if (token === undefined) return undefined;
  const delta = TOTP.validate({
    ...TOTP_PARAMETERS,
    token,
    secret: Secret.fromBase32(input.secret),
    timestamp: input.now,
    window: TOTP_WINDOW,
  });
  if (delta === null) return undefined;
  return TOTP.counter({ period: TOTP_PARAMETERS.period, timestamp: input.now }) + delta;
}
