import { createHmac, randomInt } from "node:crypto";
import { Type, type Static } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { createChallenge, verifySolution, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import { DEFAULTS } from "../config.js";
import { CAPTCHA_VALIDITY_MS } from "../domain/captcha.js";
import { deleteExpiredCaptchaUses, recordCaptchaUse } from "../store/captcha.js";
import type { ServiceDeps } from "./context.js";

/** The widget bundles a worker for it, and browsers run it natively (WebCrypto). */
const ALGORITHM = "PBKDF2/SHA-256";

/**
 * The solver searches counters from 0 up to one drawn from this range, so the work is
 * (about 1,000 attempts) x cost PBKDF2 iterations: with the default cost, half a second
 * to a second on a phone.
 */
const COUNTER_RANGE = [500, 1_500] as const satisfies readonly [number, number];

/** A payload longer than this is not the widget's; it is refused before decoding. */
const MAX_PAYLOAD_LENGTH = 4_096;

// What the widget posts (base64 of this JSON); the signature check covers the parameters.
const PayloadSchema = Type.Object({
  challenge: Type.Object({
    parameters: Type.Object({
      algorithm: Type.Literal(ALGORITHM),
      nonce: Type.String(),
      salt: Type.String(),
      cost: Type.Integer({ minimum: 1 }),
      keyLength: Type.Integer({ minimum: 1 }),
      keyPrefix: Type.String(),
      data: Type.Object({ expiresAt: Type.Number() }),
    }),
    signature: Type.String(),
  }),
  solution: Type.Object({
    counter: Type.Integer({ minimum: 0 }),
    derivedKey: Type.String(),
  }),
});
type Payload = Static<typeof PayloadSchema>;

export interface CaptchaOptions {
  /** HMAC key signing challenges; derived from the instance secret so every instance agrees. */
  secret: string;
  /** PBKDF2 iterations per attempt (SESAME_CAPTCHA_COST). */
  cost?: number | undefined;
  /**
   * Where the counter the solver must find is drawn from. Tuning for benchmarks, which need
   * thousands of solved challenges yet the server's work per challenge unchanged; the
   * default is what production uses.
   */
  counterRange?: readonly [min: number, max: number];
}

export interface Captcha {
  /** A new signed challenge, the JSON the widget fetches. */
  challenge(): Promise<Challenge>;
  /** Whether `payload` (the widget's `altcha` field) solves a live challenge not used before. */
  verify(payload: unknown): Promise<boolean>;
}

/**
 * The self-hosted proof-of-work CAPTCHA (ALTCHA) asked before any account lookup. Challenges
 * are stateless (signed); only solved ones are stored, to refuse a replay.
 */
export function createCaptcha(
  deps: Pick<ServiceDeps, "store" | "now">,
  options: CaptchaOptions,
): Captcha {
  const cost = options.cost ?? DEFAULTS.SESAME_CAPTCHA_COST;
  const [fewest, most] = options.counterRange ?? COUNTER_RANGE;
  const signatureSecret = createHmac("sha256", options.secret)
    .update("captcha challenge")
    .digest("hex");

  return {
    challenge: () =>
      createChallenge({
        algorithm: ALGORITHM,
        cost,
        // The solver must find this counter, so the work is bounded and predictable.
        counter: randomInt(fewest, most + 1),
        deriveKey,
        // altcha-lib's own expiresAt is checked against the real clock; ours is signed
        // data checked against the service clock, which tests move by hand.
        data: { expiresAt: deps.now() + CAPTCHA_VALIDITY_MS },
        hmacSignatureSecret: signatureSecret,
      }),

    verify: async (payload) => {
      const decoded = decode(payload);
      if (!decoded) return false;
      const now = deps.now();
      const expiresAt = decoded.challenge.parameters.data.expiresAt;
      if (expiresAt <= now) return false;
      // No key-signature shortcut: the key is derived again from the posted counter (one
      // attempt's work), so a solution is refused unless counter and key both hold.
      const result = await verifySolution({
        challenge: decoded.challenge,
        solution: decoded.solution,
        deriveKey,
        hmacSignatureSecret: signatureSecret,
      }).catch(() => undefined);
      if (!result?.verified) return false;
      await deleteExpiredCaptchaUses(deps.store, now);
      return recordCaptchaUse(deps.store, decoded.challenge.signature, expiresAt);
    },
  };
}

function decode(payload: unknown): Payload | undefined {
  if (typeof payload !== "string" || payload.length > MAX_PAYLOAD_LENGTH) return undefined;
  try {
    const json: unknown = JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
    return Value.Check(PayloadSchema, json) ? json : undefined;
  } catch {
    return undefined;
  }
}
