import type { ResetMethod, SecurityMethodKind } from "../../domain/methods.js";
import type { ResetPolicy } from "../../domain/reset-policy.js";
import type { Queryable } from "../../store/database.js";
import type { SecurityMethod } from "../../store/security-info.js";
import type { User } from "../../store/users.js";
import type { ServiceDeps } from "../context.js";
import type { Notifications } from "../notifications.js";
import type { Authenticators } from "./authenticator-secrets.js";
import type { OneTimeCodes } from "./one-time-codes.js";

/**
 * A verification method (SPEC [S6], [S8]) as one strategy: what it registers, how its
 * destination shows, how a proof of it begins and how it is checked. The reset flow and
 * security info hold the records and the order of steps; they never ask a method's name.
 * Adding a method is one module behind this interface and one line in `./index.ts`.
 *
 * ```mermaid
 * flowchart LR
 *   choose -->|begin| pending -->|check ok| proven
 *   pending -->|check fails| retry --> pending
 * ```
 */
export interface VerificationMethod {
  readonly name: ResetMethod;
  /** How a person sets it up, and what of it shows. */
  readonly registration: MethodRegistration;
  /** How a proof begins: a code sent, questions drawn, or nothing (an app shows its own code). */
  begin(q: Queryable, step: ProofStep): Promise<PendingProof>;
  /** What is asked after a wrong proof: the same (a code stays valid), or questions drawn anew. */
  retry(q: Queryable, step: ProofStep): Promise<PendingProof | undefined>;
  /** Whether `input` proves the method for the step's user (false for a decoy, always). */
  check(step: ProofStep, input: ProofInput): Promise<boolean>;
}

/** The registered side of a method: one per kind, shared by methods proving the same kind. */
export interface MethodRegistration {
  readonly kind: SecurityMethodKind;
  /** The registered value as the user's own pages show it: masked; "" when nothing shows. */
  display(value: string | null): string;
  /** The value as an administrator sees it: an address or number in full, never a secret. */
  revealed(value: string | null): string | null;
  /** Whether `entered` confirms `method`, which waits unverified (its first code). */
  confirm(method: SecurityMethod, entered: string): Promise<boolean>;
  /** What goes with the method's row when it is removed (answers, secrets). */
  removed(q: Queryable, userId: string): Promise<void>;
}

/** One step of a reset flow, as a method sees it. */
export interface ProofStep {
  /** The flow's key: codes are bound to the flow that asked for them. */
  flowId: string;
  /** The person proving; none for a strict-privacy decoy (a User ID that does not exist). */
  user: User | undefined;
  organisationName: string;
  policy: ResetPolicy;
  /** A decoy's seed (from the User ID typed), so it is asked alike every time. */
  decoySeed: string | null;
  /** The questions drawn when the proof began. */
  questions: readonly string[];
}

export interface PendingProof {
  /** The questions to answer; null for the methods proven with a code. */
  questions: string[] | null;
  /** Whether a code went out (the flow's audit trail says so). */
  codeSent: boolean;
}

export type ProofInput = { code: string } | { answers: string[] };

/** What the methods need from their neighbours; each is the real one in tests too. */
export interface MethodDeps extends Pick<ServiceDeps, "store" | "hasher" | "now" | "fingerprint"> {
  codes: OneTimeCodes;
  authenticators: Authenticators;
  notifications: Notifications;
  randomInt: (max: number) => number;
}

/** The code typed, or "" when the input holds none. */
export const enteredCode = (input: ProofInput): string =>
  "code" in input && typeof input.code === "string" ? input.code : "";

/** Nothing to send and nothing to draw: the proof waits for what the person types. */
export const NOTHING_SENT: PendingProof = { questions: null, codeSent: false };
