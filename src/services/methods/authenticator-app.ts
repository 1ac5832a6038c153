import type { Queryable } from "../../store/database.js";
import { enteredCode, NOTHING_SENT, type MethodDeps, type VerificationMethod } from "./method.js";

/**
 * An authenticator app (TOTP, RFC 6238): set up with a QR code and confirmed with its first
 * code; a reset asks for the code it shows. Its secret is sealed and never shown again.
 */
export function authenticatorApp(deps: MethodDeps) {
  const { authenticators } = deps;
  const method: VerificationMethod = {
    name: "authenticatorApp",
    registration: {
      kind: "authenticatorApp",
      display: () => "",
      revealed: () => null,
      confirm: (waiting, entered) => authenticators.confirm(waiting.userId, waiting.id, entered),
      // The sealed secret goes with its method's row (a foreign key cascades).
      removed: async () => {},
    },
    // The app shows its own code: nothing to send.
    begin: async () => NOTHING_SENT,
    retry: async () => undefined,
    check: async (step, input) =>
      step.user !== undefined && authenticators.verifyCode(step.user.id, enteredCode(input)),
  };
  return {
    ...method,
    /** A new secret for the waiting method `methodId`, in the same transaction as its row. */
    startSetup: (tx: Queryable, input: { methodId: string; userId: string }) =>
      authenticators.create(tx, input),
    pendingSetup: authenticators.pendingSetup,
    /** Whether `code` is a fresh code of the user's confirmed app (false without one). */
    verifyCode: authenticators.verifyCode,
  };
}
