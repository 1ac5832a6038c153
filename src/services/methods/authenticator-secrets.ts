import { Secret } from "otpauth";
import { keyUri, matchingStep, TOTP_SECRET_BYTES } from "../../domain/authenticator.js";
import type { Sealer } from "../../delivery/sealer.js";
import {
  acceptAuthenticatorStep,
  findAuthenticatorSecret,
  insertAuthenticatorSecret,
  type AuthenticatorSecret,
} from "../../store/authenticators.js";
import type { Queryable } from "../../store/database.js";
import type { ServiceDeps } from "../context.js";

/** The HKDF label of the authenticator secrets' own key. */
export const AUTHENTICATOR_SEALER_PURPOSE = "sesame authenticator secret v1";

/** What the setup page shows while the app is not confirmed yet; never again afterwards. */
export interface AuthenticatorSetup {
  methodId: string;
  /** "Sesame (organisation)": the name the app lists the account under. */
  issuer: string;
  /** The User ID. */
  label: string;
  /** The base32 secret, for typing in when the QR code can't be scanned. */
  secret: string;
  /** The otpauth:// URI the QR code carries. */
  uri: string;
}

/**
 * The secrets of authenticator apps (SPEC [S8]): made at setup, sealed at rest (the server
 * must read them to check codes), checked with replay protection. The method rows and their
 * audit are the security info service's.
 */
export function createAuthenticators(deps: Pick<ServiceDeps, "store" | "now">, sealer: Sealer) {
  const { store, now } = deps;
  // The method id as associated data: a sealed secret copied to another row does not open.
  const context = (methodId: string) => `authenticator:${methodId}`;

  /** Whether `entered` is a fresh code of `stored`; if so, its step is now used up. */
  const accept = async (stored: AuthenticatorSecret | undefined, entered: string) => {
    if (!stored) return false;
    const step = matchingStep({
      secret: sealer.open(stored.sealedSecret, context(stored.methodId)),
      entered,
      now: now(),
    });
    return step !== undefined && acceptAuthenticatorStep(store, stored.methodId, step);
  };

  return {
    /** A new secret for the (unverified) method `methodId`, inserted in the same transaction. */
    async create(tx: Queryable, input: { methodId: string; userId: string }): Promise<void> {
      const secret = new Secret({ size: TOTP_SECRET_BYTES }).base32;
      await insertAuthenticatorSecret(tx, {
        ...input,
        sealedSecret: sealer.seal(secret, context(input.methodId)),
      });
    },

    /** The setup of a method still waiting for its first code; undefined once confirmed. */
    async pendingSetup(input: {
      userId: string;
      userPrincipalName: string;
      organisationName: string;
      methodId: string;
    }): Promise<AuthenticatorSetup | undefined> {
      const stored = await findAuthenticatorSecret(store, input.userId, {
        methodId: input.methodId,
      });
      if (!stored) return undefined;
      const secret = sealer.open(stored.sealedSecret, context(stored.methodId));
      const issuer = `Sesame (${input.organisationName})`;
      const label = input.userPrincipalName;
      return {
        methodId: stored.methodId,
        issuer,
        label,
        secret,
        uri: keyUri({ issuer, label, secret }),
      };
    },

    /** Whether `entered` is a fresh code of the setup `methodId` (its first code). */
    confirm: async (userId: string, methodId: string, entered: string) =>
      accept(await findAuthenticatorSecret(store, userId, { methodId }), entered),

    /**
     * Whether `entered` is a fresh code of the user's confirmed authenticator app: false
     * without one, for a wrong or malformed code, and for a code of a step already used.
     * For the self-service reset flow, which counts its own failures.
     */
    verifyCode: async (userId: string, entered: string) =>
      accept(await findAuthenticatorSecret(store, userId, { verified: true }), entered),
  };
}

export type Authenticators = ReturnType<typeof createAuthenticators>;
