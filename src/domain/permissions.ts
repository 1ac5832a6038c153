import { ROLES, type RoleKey } from "./roles.js";

/**
 * Who may reset whose password (SPEC [S3]), as Microsoft documents it: for each role a
 * target may hold, the administrator roles that may reset that target. A target without
 * an admin role is "none". This one table drives the admin center, the API and the tests.
 */
export const RESET_ROLES = [
  "passwordAdministrator",
  "helpdeskAdministrator",
  "authenticationAdministrator",
  "userAdministrator",
  "privilegedAuthenticationAdministrator",
  "globalAdministrator",
] as const satisfies readonly RoleKey[];

export type ResetRole = (typeof RESET_ROLES)[number];
export type TargetRole = RoleKey | "none";

const ALL: readonly ResetRole[] = RESET_ROLES;
const PRIVILEGED: readonly ResetRole[] = [
  "privilegedAuthenticationAdministrator",
  "globalAdministrator",
];

export const RESET_MATRIX: Readonly<Record<TargetRole, readonly ResetRole[]>> = {
  none: ALL,
  directoryReaders: ALL,
  passwordAdministrator: ALL,
  helpdeskAdministrator: ["helpdeskAdministrator", "userAdministrator", ...PRIVILEGED],
  reportsReader: [
    "helpdeskAdministrator",
    "authenticationAdministrator",
    "userAdministrator",
    ...PRIVILEGED,
  ],
  authenticationAdministrator: ["authenticationAdministrator", ...PRIVILEGED],
  userAdministrator: ["userAdministrator", ...PRIVILEGED],
  groupsAdministrator: ["userAdministrator", ...PRIVILEGED],
  privilegedAuthenticationAdministrator: PRIVILEGED,
  privilegedRoleAdministrator: PRIVILEGED,
  globalAdministrator: PRIVILEGED,
};

/** What each role may do beyond reading its own account. */
export type Capability =
  | "readDirectory"
  | "resetPassword"
  | "manageUsers"
  | "manageGroups"
  | "manageRoles"
  | "readAudit"
  | "manageApiKeys"
  | "managePasswordResetPolicy"
  | "manageBranding";

const CAPABILITIES: Readonly<Record<RoleKey, readonly Capability[]>> = {
  globalAdministrator: [
    "readDirectory",
    "resetPassword",
    "manageUsers",
    "manageGroups",
    "manageRoles",
    "readAudit",
    "manageApiKeys",
    "managePasswordResetPolicy",
    "manageBranding",
  ],
  privilegedAuthenticationAdministrator: ["readDirectory", "resetPassword"],
  privilegedRoleAdministrator: ["readDirectory", "manageRoles", "readAudit"],
  userAdministrator: ["readDirectory", "resetPassword", "manageUsers", "manageGroups"],
  authenticationAdministrator: ["readDirectory", "resetPassword"],
  helpdeskAdministrator: ["readDirectory", "resetPassword"],
  passwordAdministrator: ["readDirectory", "resetPassword"],
  groupsAdministrator: ["readDirectory", "manageGroups"],
  reportsReader: ["readDirectory", "readAudit"],
  directoryReaders: ["readDirectory"],
};

export interface RoleHolder {
  id: string;
  roles: readonly RoleKey[];
}

export function hasCapability(roles: readonly RoleKey[], capability: Capability): boolean {
  return roles.some((role) => CAPABILITIES[role].includes(capability));
}

/** Every capability the roles give together. */
export function capabilitiesOf(roles: readonly RoleKey[]): Capability[] {
  return [...new Set(roles.flatMap((role) => CAPABILITIES[role]))];
}

/** Whether any of the roles opens the admin center at all. */
export function isAdministrator(roles: readonly RoleKey[]): boolean {
  return roles.length > 0;
}

const targetRolesOf = (target: RoleHolder): readonly TargetRole[] =>
  target.roles.length > 0 ? target.roles : ["none"];

/**
 * A target holding several roles is protected by the strictest: every role the target
 * holds must be resettable by one of the actor's roles. Nobody uses the admin path on
 * their own password.
 */
export function mayResetPassword(actor: RoleHolder, target: RoleHolder): boolean {
  if (actor.id === target.id) return false;
  return targetRolesOf(target).every((targetRole) =>
    RESET_MATRIX[targetRole].some((allowed) => actor.roles.includes(allowed)),
  );
}

/**
 * Block, delete, edit: the actor needs manageUsers, and over an administrator only what a
 * User Administrator (or higher) may reset — the same column of the matrix. Not oneself.
 */
export function mayManageUser(actor: RoleHolder, target: RoleHolder): boolean {
  if (actor.id === target.id || !hasCapability(actor.roles, "manageUsers")) return false;
  const managers = actor.roles.filter((role) => CAPABILITIES[role].includes("manageUsers"));
  return targetRolesOf(target).every((targetRole) =>
    RESET_MATRIX[targetRole].some((allowed) => (managers as readonly RoleKey[]).includes(allowed)),
  );
}

/** Roles listed by display name, for pages and the API. */
export const ROLE_LIST = (Object.keys(ROLES) as RoleKey[]).map((key) => ({ key, ...ROLES[key] }));

export function roleKeyOf(templateIdOrName: string): RoleKey | undefined {
  const wanted = templateIdOrName.trim().toLowerCase();
  return ROLE_LIST.find((role) => role.id === wanted || role.displayName.toLowerCase() === wanted)
    ?.key;
}

/** SPEC [S6]: a message to "the administrators" goes to at most this many of them. */
export const MAX_ADMINISTRATORS_TOLD = 100;

/**
 * Who hears about a user asking for help with their password: the first of these groups
 * with someone in it (helpdesk first, Global Administrators last), keeping only roles that
 * may reset this user.
 */
export const CONTACT_TIERS: readonly (readonly ResetRole[])[] = [
  ["helpdeskAdministrator", "passwordAdministrator"],
  ["userAdministrator", "authenticationAdministrator"],
  ["privilegedAuthenticationAdministrator", "globalAdministrator"],
];

export function contactTiersFor(target: RoleHolder): ResetRole[][] {
  return CONTACT_TIERS.map((tier) =>
    tier.filter((role) => mayResetPassword({ id: `${target.id}-contact`, roles: [role] }, target)),
  ).filter((tier) => tier.length > 0);
}
