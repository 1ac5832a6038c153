import type { SecurityMethodKind } from "./methods.js";

/**
 * What Sesame tells people, as plain facts: the services say which of these happened, and
 * the renderer the wiring hands them (views/emails) turns it into words in the reader's
 * language. Every notice names the organisation it is sent on behalf of and the reader.
 */
interface Addressed {
  organisationName: string;
  /** The reader's name, for the greeting. */
  displayName: string;
}

/** SPEC [S7]: the user's own password changed. */
export interface PasswordChanged extends Addressed {
  event: "passwordChanged";
  at: number;
}

/** SPEC [S4]: the temporary password an administrator chose to email. */
export interface TemporaryPasswordSent extends Addressed {
  event: "temporaryPasswordSent";
  userId: string;
  temporaryPassword: string;
  mustChange: boolean;
  signInUrl: string;
}

/**
 * SPEC [S4]: the same password sent to an address that is not the user's (the administrator's
 * own, a colleague's), to pass on: it greets no one as the user and says whose it is.
 */
export interface TemporaryPasswordToPassOn {
  event: "temporaryPasswordToPassOn";
  organisationName: string;
  userName: string;
  userId: string;
  temporaryPassword: string;
  mustChange: boolean;
  signInUrl: string;
}

/** SPEC [S4], [S6]: a user asked for a new password (perhaps after a refusal's reference code). */
export interface ResetRequested {
  event: "resetRequested";
  organisationName: string;
  /** The administrator told; none when the organisation's helpdesk address is. */
  administratorName?: string;
  userName: string;
  userId: string;
  at: number;
  ip: string | null;
  userPageUrl: string;
  referenceCode?: string | undefined;
}

/** SPEC [S6], [S8]: a one-time code for a reset, or for proving a new address or number. */
export interface CodeIssued extends Addressed {
  event: "codeIssued";
  purpose: "reset" | "registration";
  userId: string;
  code: string;
}

/** SPEC [S8]: a method was added, changed or deleted, by the user or an administrator. */
export interface SecurityInfoChanged extends Addressed {
  event: "securityInfoChanged";
  at: number;
  change: "added" | "changed" | "deleted";
  kind: SecurityMethodKind;
  byAdministrator?: boolean;
}

/** SPEC [S6]: the user's password was reset, or their account unlocked, by self-service. */
export interface SelfServiceCompleted extends Addressed {
  event: "selfServiceCompleted";
  userId: string;
  at: number;
  kind: "reset" | "unlock";
}

/** SPEC [S6]: another administrator reset their own password (told to Global Administrators). */
export interface AdministratorResetOwnPassword extends Addressed {
  event: "administratorResetOwnPassword";
  administratorName: string;
  administratorId: string;
  at: number;
}

export type EmailNotice =
  | PasswordChanged
  | TemporaryPasswordSent
  | TemporaryPasswordToPassOn
  | ResetRequested
  | CodeIssued
  | SecurityInfoChanged
  | SelfServiceCompleted
  | AdministratorResetOwnPassword;

/** What a text message or a call can say: only a code. */
export type PhoneNotice = CodeIssued;
