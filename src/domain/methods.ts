/**
 * Verification methods, named once (SPEC [S6], [S8], [S9]). Two views of one idea:
 *
 * - a **security method kind** is what a user registers and an administrator sees: an
 *   alternate email, a mobile phone, an office phone, security questions, an authenticator app;
 * - a **reset method** is a way to prove one of them in a self-service reset, as the policy
 *   enables it: a text and a call to the mobile phone are two methods that prove one kind.
 *
 * Each method's behaviour lives in its own module under `services/methods/`; this file only
 * names them, so the store, the policy and the pages agree on the spelling. Pure.
 */

export const SECURITY_METHOD_KINDS = [
  "email",
  "mobilePhone",
  "officePhone",
  "securityQuestions",
  "authenticatorApp",
] as const;
export type SecurityMethodKind = (typeof SECURITY_METHOD_KINDS)[number];

/** The kinds registered by a code sent to them: an address or a number the user receives at. */
export const CONTACT_KINDS = ["email", "mobilePhone", "officePhone"] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const isContactKind = (kind: string): kind is ContactKind =>
  (CONTACT_KINDS as readonly string[]).includes(kind);

/** The field naming a contact method's address or number, as Microsoft Graph names it. */
export const valueFieldOf = (kind: ContactKind) =>
  kind === "email" ? "emailAddress" : "phoneNumber";

/** The policy's methods, in the order its settings list them. */
export const RESET_METHODS = [
  "email",
  "mobileSms",
  "mobileCall",
  "officeCall",
  "securityQuestions",
  "authenticatorApp",
] as const;
export type ResetMethod = (typeof RESET_METHODS)[number];

/** How a code reaches a person. */
export type DeliveryChannel = "email" | "sms" | "voice";

interface ResetMethodTraits {
  /** The kind of security method a proof by this method shows the person holds. */
  proves: SecurityMethodKind;
  /** Whether an administrator may prove with it (SPEC [S6]: never security questions). */
  forAdministrators: boolean;
  /** Whether a new organisation's policy enables it (SPEC [S9]). */
  enabledByDefault: boolean;
}

export const RESET_METHOD_TRAITS: Readonly<Record<ResetMethod, ResetMethodTraits>> = {
  email: { proves: "email", forAdministrators: true, enabledByDefault: true },
  mobileSms: { proves: "mobilePhone", forAdministrators: true, enabledByDefault: true },
  mobileCall: { proves: "mobilePhone", forAdministrators: true, enabledByDefault: false },
  officeCall: { proves: "officePhone", forAdministrators: true, enabledByDefault: false },
  securityQuestions: {
    proves: "securityQuestions",
    forAdministrators: false,
    enabledByDefault: false,
  },
  authenticatorApp: {
    proves: "authenticatorApp",
    forAdministrators: true,
    enabledByDefault: false,
  },
};

/** What a method proves: a text and a call to one phone prove the same phone once. */
export const provenBy = (method: ResetMethod): SecurityMethodKind =>
  RESET_METHOD_TRAITS[method].proves;

/** The order methods are offered in, as Microsoft's page lists them. */
export const METHOD_ORDER: readonly ResetMethod[] = [
  "email",
  "mobileSms",
  "mobileCall",
  "officeCall",
  "authenticatorApp",
  "securityQuestions",
];

/** The person's verified method of `kind`: where a code of that kind goes. */
export function verifiedMethodOf<M extends { kind: SecurityMethodKind; verifiedAt: number | null }>(
  methods: readonly M[],
  kind: SecurityMethodKind,
): M | undefined {
  return methods.find((m) => m.kind === kind && m.verifiedAt !== null);
}

/** The kinds a person registered and proved; a method still waiting for its code counts not. */
export function verifiedKinds(
  methods: readonly { kind: SecurityMethodKind; verifiedAt: number | null }[],
): Set<SecurityMethodKind> {
  return new Set(methods.filter((m) => m.verifiedAt !== null).map((m) => m.kind));
}
