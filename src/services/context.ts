import type { Store } from "../store/database.js";
import type { PasswordHasher } from "./password-hasher.js";

/** Where a request came from, recorded in the audit log. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

export const CLI_ORIGIN: RequestOrigin = { ip: null, userAgent: "sesame-cli" };

/** The narrow set of capabilities the use cases share; each service takes what it uses. */
export interface ServiceDeps {
  store: Store;
  hasher: PasswordHasher;
  now: () => number;
  /** Where people reach Sesame; every link in an email starts here. */
  publicUrl: URL;
  /** Keyed fingerprints (HMAC) of secrets that must be compared but never stored. */
  fingerprint: (purpose: string, value: string) => string;
}
