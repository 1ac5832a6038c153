import type { Generated, Insertable, Selectable, Updateable } from "kysely";

/**
 * The tables as Kysely sees them. Conventions that keep one query valid on SQLite and
 * PostgreSQL: ids are text UUIDs, instants are epoch milliseconds (bigint), flags are
 * integers 0/1, lists are JSON text. Row mappers in the repositories turn these into
 * the domain's types.
 */
export interface Database {
  organisations: OrganisationsTable;
  domains: DomainsTable;
  users: UsersTable;
  sign_in_lockouts: SignInLockoutsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  audit_events: AuditEventsTable;
  settings: SettingsTable;
  outbox: OutboxTable;
  api_keys: ApiKeysTable;
  password_reset_requests: PasswordResetRequestsTable;
  security_methods: SecurityMethodsTable;
  security_answers: SecurityAnswersTable;
  one_time_codes: OneTimeCodesTable;
  password_reset_policies: PasswordResetPoliciesTable;
  security_info_confirmations: SecurityInfoConfirmationsTable;
  reset_flows: ResetFlowsTable;
  reset_failures: ResetFailuresTable;
  authenticator_secrets: AuthenticatorSecretsTable;
  captcha_uses: CaptchaUsesTable;
  shown_once: ShownOnceTable;
  organisation_branding: OrganisationBrandingTable;
}

export interface OrganisationsTable {
  id: string;
  name: string;
  /** JSON of the organisation's password rules (minimum length, banned terms, ...). */
  password_rules: string;
  created_at: number;
}

/** Company branding (migration 0015); no row: Sesame's own look. */
export interface OrganisationBrandingTable {
  organisation_id: string;
  accent_colour: string | null;
  sign_in_message: string | null;
  helpdesk_text: string | null;
  logo_type: string | null;
  logo_base64: string | null;
  updated_at: number;
}

export interface DomainsTable {
  /** Lowercased DNS name; unique across the instance so a User ID finds its organisation. */
  name: string;
  organisation_id: string;
}

export interface UsersTable {
  id: string;
  organisation_id: string;
  user_principal_name: string;
  /** Lowercased user principal name: User IDs are unique case-insensitively. */
  user_principal_name_key: string;
  display_name: string;
  given_name: string | null;
  surname: string | null;
  mail: string | null;
  /** JSON array of alternate email addresses. */
  other_mails: string;
  mobile_phone: string | null;
  office_phone: string | null;
  preferred_language: string | null;
  account_enabled: number;
  /** "cloud" or "onPremises": where the password is managed. */
  password_managed: string;
  password_hash: string | null;
  password_changed_at: number | null;
  /** Set by an administrator's (temporary) password: the next sign-in must change it. */
  force_change_password: number;
  /** When the user last signed in (store/users.ts recordSignIn), if ever. */
  last_sign_in_at: number | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  /** Lowercased NFC display name (migration 0003): the list's sort key and a search prefix. */
  display_name_key: string;
  /** Lowercased NFC given name, surname and mail: search prefixes (null when the field is). */
  given_name_key: string | null;
  surname_key: string | null;
  mail_key: string | null;
  /**
   * How many leading characters each key shares with display_name_key or an earlier field's
   * key (up to 16; null when the key is): searches for longer prefixes look in that field's
   * index (store/users.ts searchOverlap).
   */
  given_name_overlap: number | null;
  surname_overlap: number | null;
  user_principal_name_overlap: number;
  mail_overlap: number | null;
}

export interface SignInLockoutsTable {
  user_id: string;
  failed_count: number;
  /** How many times the account has been locked since the counters were last cleared. */
  lockout_count: number;
  locked_until: number | null;
  last_failure_at: number | null;
  /** JSON array of HMACs of the most recent distinct wrong passwords. */
  recent_failures: string;
}

export interface GroupsTable {
  id: string;
  organisation_id: string;
  display_name: string;
  description: string | null;
  created_at: number;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
}

export interface RoleAssignmentsTable {
  id: string;
  organisation_id: string;
  principal_id: string;
  role_template_id: string;
  created_at: number;
}

export interface SessionsTable {
  /** SHA-256 of the session id; the id itself lives only in the browser's cookie. */
  id_hash: string;
  user_id: string;
  organisation_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditEventsTable {
  id: string;
  organisation_id: string;
  at: number;
  activity: string;
  category: string;
  result: string;
  result_reason: string | null;
  actor_id: string | null;
  actor_name: string | null;
  target_id: string | null;
  target_name: string | null;
  ip: string | null;
  user_agent: string | null;
  /** JSON object of further facts (never a secret). */
  details: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface OutboxTable {
  id: string;
  organisation_id: string | null;
  /** "email" now; "sms" and "voice" with self-service reset. */
  channel: string;
  recipient: string;
  /** Encrypted message (subject, text, html, language); null once delivered. */
  payload: string | null;
  /** "pending", "sent" or "failed" (gave up after the last retry). */
  status: string;
  attempts: number;
  next_attempt_at: number;
  /** A worker's lease: until then no other worker takes the message. */
  claimed_until: number | null;
  claimed_by: string | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export interface ApiKeysTable {
  id: string;
  organisation_id: string;
  name: string;
  key_hash: string;
  /** JSON array of role template ids the key acts with. */
  role_template_ids: string;
  created_by: string | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface PasswordResetRequestsTable {
  id: string;
  organisation_id: string;
  user_id: string;
  created_at: number;
  ip: string | null;
  handled_at: number | null;
  handled_by: string | null;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserRowUpdate = Updateable<UsersTable>;
export type LockoutRow = Selectable<SignInLockoutsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;

/** Security info (migration 0005): a user's registered methods. */
export interface SecurityMethodsTable {
  id: string;
  user_id: string;
  organisation_id: string;
  /** email | mobilePhone | officePhone | securityQuestions | authenticatorApp */
  kind: string;
  /** Email address or E.164 number; null for security questions. */
  value: string | null;
  verified_at: number | null;
  created_at: number;
}

export interface SecurityAnswersTable {
  id: string;
  user_id: string;
  /** A catalogue key ("question.7") or a custom question's text. */
  question: string;
  /** argon2id of the normalised answer; never shown to anyone. */
  answer_hash: string;
  created_at: number;
}

export interface OneTimeCodesTable {
  id: string;
  purpose: string;
  user_id: string;
  channel: string;
  /** HMAC of the code; the code itself is never stored. */
  code_hash: string;
  attempts: number;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

export interface PasswordResetPoliciesTable {
  organisation_id: string;
  /** JSON of the self-service password reset policy (domain/reset-policy.ts). */
  policy: string;
  updated_at: number;
  updated_by: string | null;
}

/** Self-service reset flows in progress (migration 0006). */
export interface ResetFlowsTable {
  /** SHA-256 of the token in the browser's cookie. */
  id_hash: string;
  organisation_id: string | null;
  user_id: string | null;
  intent: string;
  state: string;
  refusal: string | null;
  methods: string;
  required: number;
  proven: string;
  pending_method: string | null;
  questions: string | null;
  failures: Generated<number>;
  decoy_seed: string | null;
  created_at: number;
  expires_at: number;
}

/** Failed self-service proofs of a user (SPEC [S11]). */
export interface ResetFailuresTable {
  user_id: string;
  failures: number;
  window_start: number | null;
  blocked_until: number | null;
}

/** Authenticator apps' secrets (migration 0009), one row per security_methods row of the kind. */
export interface AuthenticatorSecretsTable {
  method_id: string;
  user_id: string;
  /** Sealed (AES-256-GCM) base32 secret; never shown after setup, never to administrators. */
  sealed_secret: string;
  /** The time step of the last accepted code (replay protection). */
  last_step: number | null;
}

/** Solved CAPTCHA challenges (migration 0008): each is accepted once, until it expires. */
export interface CaptchaUsesTable {
  /** The challenge's HMAC signature (hex). */
  signature: string;
  expires_at: number;
}

/** When each user last registered or confirmed their security info (migration 0007). */
export interface SecurityInfoConfirmationsTable {
  user_id: string;
  confirmed_at: number;
}

/** Results shown once, bound to the session that made them (migration 0012). */
export interface ShownOnceTable {
  /** SHA-256 of the token in the result's URL. */
  token_hash: string;
  session_hash: string;
  kind: string;
  /** Sealed (AES-256-GCM) JSON; null once shown. */
  sealed_content: string | null;
  expires_at: number;
}
