import type { DeliveryChannel } from "../../domain/methods.js";
import { randomInt as cryptoRandomInt } from "node:crypto";
import { v7 as timeOrderedUuid } from "uuid";
import {
  CODE_FINGERPRINT_PURPOSE,
  CODE_MAX_ATTEMPTS,
  codeHashInput,
  codeMatches,
  generateCode,
  issueCode,
  normaliseEnteredCode,
} from "../../domain/one-time-code.js";
import type { Queryable, Store } from "../../store/database.js";
import {
  consumeCode,
  countAttempt,
  countCodesSent,
  findLatestCode,
  insertCode,
} from "../../store/one-time-codes.js";
import { lockUserRow } from "../../store/users.js";
import type { ServiceDeps } from "../context.js";
import { tooManyCodes } from "../errors.js";

/**
 * SPEC [S11]: at most 10 emails per 10 minutes, and 5 texts or calls together per hour, per
 * user. Each channel names the channels its limit counts.
 */
export const SEND_LIMITS: Record<
  DeliveryChannel,
  { channels: readonly DeliveryChannel[]; max: number; windowMs: number }
> = {
  email: { channels: ["email"], max: 10, windowMs: 10 * 60_000 },
  sms: { channels: ["sms", "voice"], max: 5, windowMs: 60 * 60_000 },
  voice: { channels: ["sms", "voice"], max: 5, windowMs: 60 * 60_000 },
};

/**
 * One-time codes over the store: issued in the caller's transaction (with the message that
 * carries the code), verified by counting the attempt first, comparing HMACs in constant time,
 * then consuming with a conditional update so that of two racing uses exactly one wins.
 * Reusable by the self-service reset flow (purpose = the flow's id).
 */
export function createOneTimeCodes(
  deps: Pick<ServiceDeps, "now" | "fingerprint">,
  randomInt: (max: number) => number = cryptoRandomInt,
) {
  const { now, fingerprint } = deps;
  const hashOf = (purpose: string, code: string) =>
    fingerprint(CODE_FINGERPRINT_PURPOSE, codeHashInput(purpose, code));

  return {
    /** A new code for `purpose`; throws `tooManyCodes` past the channel's send limit. */
    async issue(
      q: Queryable,
      input: { purpose: string; userId: string; channel: DeliveryChannel },
    ): Promise<string> {
      const at = now();
      const limit = SEND_LIMITS[input.channel];
      // The user's row stays locked until the caller's transaction ends, so two instances
      // sending at once cannot both pass the count.
      await lockUserRow(q, input.userId);
      const sent = await countCodesSent(q, input.userId, limit.channels, at - limit.windowMs);
      if (sent >= limit.max) throw tooManyCodes();
      const code = generateCode(randomInt);
      const record = issueCode({
        id: timeOrderedUuid(),
        purpose: input.purpose,
        userId: input.userId,
        codeHash: hashOf(input.purpose, code),
        now: at,
      });
      await insertCode(q, { ...record, channel: input.channel });
      return code;
    },

    /**
     * Whether `entered` is the latest code of `purpose` for the user, unused and unexpired;
     * if so it is now used. Wrong, expired, replayed and foreign codes all answer false.
     */
    async verify(
      store: Store,
      input: { purpose: string; userId: string; entered: string },
    ): Promise<boolean> {
      const latest = await findLatestCode(store, input.userId, input.purpose);
      if (!latest) return false;
      // Counted before checking, and committed whatever the outcome.
      const counted = await countAttempt(store, latest.id);
      if (!counted) return false;
      const at = now();
      const digits = normaliseEnteredCode(input.entered);
      const enteredHash = digits === undefined ? undefined : hashOf(input.purpose, digits);
      if (!codeMatches(counted, { ...input, enteredHash, now: at })) return false;
      return consumeCode(store, counted.id, at, CODE_MAX_ATTEMPTS);
    },
  };
}

export type OneTimeCodes = ReturnType<typeof createOneTimeCodes>;
