import { isToken, newToken, tokenHash as hashOf } from "../domain/tokens.js";
import type { Sealer } from "../delivery/sealer.js";
import { deleteExpiredShownOnce, insertShownOnce, takeShownOnce } from "../store/shown-once.js";
import type { ServiceDeps } from "./context.js";

export const SHOWN_ONCE_SEALER_PURPOSE = "sesame shown-once result v1";
/** Long enough to follow the redirect on a slow phone, short enough to leave nothing lying. */
export const SHOWN_ONCE_MINUTES = 10;

/** What a result link gives: the result, once; then only that it was shown. */
export type TakenResult =
  | { state: "ready"; kind: string; content: unknown }
  | { state: "shown"; kind: string }
  | { state: "gone" };

/**
 * Results shown once (POST/redirect/GET): a form that changes something keeps what it must
 * show (a temporary password, a new key) here and redirects to it, so a refresh or a back
 * button shows the result, or says it was shown, and never runs the change again. A result
 * belongs to the session that made it: another session, even of the same person, gets "gone".
 */
export function createShownOnce(deps: Pick<ServiceDeps, "store" | "now">, sealer: Sealer) {
  const { store, now } = deps;
  return {
    /** Keeps `content` for the session; the token goes in the result's URL. */
    async keep(sessionHash: string, kind: string, content: unknown): Promise<string> {
      const token = newToken();
      const tokenHash = hashOf(token);
      await deleteExpiredShownOnce(store, now());
      await insertShownOnce(store, {
        tokenHash,
        sessionHash,
        kind,
        sealedContent: sealer.seal(JSON.stringify(content), tokenHash),
        expiresAt: now() + SHOWN_ONCE_MINUTES * 60_000,
      });
      return token;
    },

    async take(sessionHash: string, token: string): Promise<TakenResult> {
      if (!isToken(token)) return { state: "gone" };
      const tokenHash = hashOf(token);
      const taken = await takeShownOnce(store, { tokenHash, sessionHash, now: now() });
      if (taken === undefined) return { state: "gone" };
      if (taken.sealedContent === null) return { state: "shown", kind: taken.kind };
      const content: unknown = JSON.parse(sealer.open(taken.sealedContent, tokenHash));
      return { state: "ready", kind: taken.kind, content };
    },
  };
}

export type ShownOnce = ReturnType<typeof createShownOnce>;
