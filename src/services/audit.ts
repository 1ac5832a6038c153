import { v7 as timeOrderedUuid } from "uuid";
import type { Queryable } from "../store/database.js";
import { insertAuditEvent, type AuditResult } from "../store/audit.js";
import type { RequestOrigin } from "./context.js";

/** Activity names as administrators know them from Entra ID's audit and sign-in logs. */
export const ACTIVITIES = {
  signIn: { activity: "Sign-in activity", category: "SignInLogs" },
  lockout: { activity: "Account locked (smart lockout)", category: "SignInLogs" },
  signOut: { activity: "Sign out", category: "SignInLogs" },
  changePassword: { activity: "Change password (self-service)", category: "UserManagement" },
  addUser: { activity: "Add user", category: "UserManagement" },
  addRoleMember: { activity: "Add member to role", category: "RoleManagement" },
  createOrganisation: { activity: "Create company", category: "DirectoryManagement" },
  askForPasswordReset: {
    activity: "Ask administrators for a new password",
    category: "UserManagement",
  },
  dismissPasswordResetRequest: {
    activity: "Dismiss password reset request",
    category: "UserManagement",
  },
  resetPasswordByAdmin: { activity: "Reset password (by admin)", category: "UserManagement" },
  unlockByAdmin: { activity: "Unlock user account (by admin)", category: "UserManagement" },
  revokeSessions: {
    activity: "Invalidate all refresh tokens for user",
    category: "UserManagement",
  },
  disableAccount: { activity: "Disable account", category: "UserManagement" },
  enableAccount: { activity: "Enable account", category: "UserManagement" },
  updateUser: { activity: "Update user", category: "UserManagement" },
  deleteUser: { activity: "Delete user", category: "UserManagement" },
  restoreUser: { activity: "Restore user", category: "UserManagement" },
  addGroup: { activity: "Add group", category: "GroupManagement" },
  addGroupMember: { activity: "Add member to group", category: "GroupManagement" },
  removeGroupMember: { activity: "Remove member from group", category: "GroupManagement" },
  removeRoleMember: { activity: "Remove member from role", category: "RoleManagement" },
  addApiKey: { activity: "Add API key", category: "KeyManagement" },
  revokeApiKey: { activity: "Revoke API key", category: "KeyManagement" },
  registerSecurityInfo: { activity: "User registered security info", category: "UserManagement" },
  deleteSecurityInfo: { activity: "User deleted security info", category: "UserManagement" },
  adminRegisterSecurityInfo: {
    activity: "Admin registered security info",
    category: "UserManagement",
  },
  adminUpdateSecurityInfo: { activity: "Admin updated security info", category: "UserManagement" },
  adminDeleteSecurityInfo: { activity: "Admin deleted security info", category: "UserManagement" },
  registerForSspr: {
    activity: "User registered for self-service password reset",
    category: "UserManagement",
  },
  skipSecurityInfoRegistration: {
    activity: "User skipped security info registration",
    category: "UserManagement",
  },
  confirmSecurityInfo: { activity: "User confirmed security info", category: "UserManagement" },
  ssprReset: { activity: "Reset password (self-service)", category: "UserManagement" },
  ssprUnlock: { activity: "Unlock user account (self-service)", category: "UserManagement" },
  ssprProgress: {
    activity: "Self-service password reset flow activity progress",
    category: "UserManagement",
  },
  ssprBlocked: {
    activity: "Blocked from self-service password reset",
    category: "UserManagement",
  },
  updatePasswordResetPolicy: {
    activity: "Update password reset policy",
    category: "Policy",
  },
  updateCompanyBranding: { activity: "Update company branding", category: "DirectoryManagement" },
} as const;

export type ActivityKey = keyof typeof ACTIVITIES;

export interface AuditEntry {
  organisationId: string;
  activity: ActivityKey;
  result: AuditResult;
  reason?: string;
  actor?: { id: string; name: string } | null;
  target?: { id: string | null; name: string } | null;
  origin: RequestOrigin;
  details?: Record<string, unknown>;
}

/** Records an audit event in the caller's transaction, so it commits with the change it tells of. */
export async function audit(q: Queryable, at: number, entry: AuditEntry): Promise<void> {
  const { activity, category } = ACTIVITIES[entry.activity];
  await insertAuditEvent(q, {
    // Time-ordered (and monotonic within a millisecond), so events of one instant keep their order.
    id: timeOrderedUuid(),
    organisationId: entry.organisationId,
    at,
    activity,
    category,
    result: entry.result,
    resultReason: entry.reason ?? null,
    actorId: entry.actor?.id ?? null,
    actorName: entry.actor?.name ?? null,
    targetId: entry.target?.id ?? null,
    targetName: entry.target?.name ?? null,
    ip: entry.origin.ip,
    userAgent: entry.origin.userAgent,
    details: entry.details ?? {},
  });
}
