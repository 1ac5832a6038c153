import { describe, expect, it } from "vitest";
import {
  hasCapability,
  mayManageUser,
  mayResetPassword,
  RESET_MATRIX,
  RESET_ROLES,
  roleKeyOf,
  type TargetRole,
} from "../../../src/domain/permissions.js";
import { ROLES, type RoleKey } from "../../../src/domain/roles.js";

/**
 * SPEC [S3] as printed, one row per target role, columns in this order:
 * Password Adm, Helpdesk Adm, Auth Adm, User Adm, Priv Auth Adm, Global Adm.
 * Typed out here independently of the code's table so a change to either is caught.
 */
const SPEC: Record<TargetRole, string> = {
  none: "✓✓✓✓✓✓",
  directoryReaders: "✓✓✓✓✓✓",
  passwordAdministrator: "✓✓✓✓✓✓",
  helpdeskAdministrator: "·✓·✓✓✓",
  reportsReader: "·✓✓✓✓✓",
  authenticationAdministrator: "··✓·✓✓",
  userAdministrator: "···✓✓✓",
  groupsAdministrator: "···✓✓✓",
  privilegedAuthenticationAdministrator: "····✓✓",
  privilegedRoleAdministrator: "····✓✓",
  globalAdministrator: "····✓✓",
};

const ALL_ROLES = Object.keys(ROLES) as RoleKey[];
const actor = (...roles: RoleKey[]) => ({ id: "actor", roles });
const target = (...roles: RoleKey[]) => ({ id: "target", roles });

describe("who may reset whom", () => {
  for (const [targetRole, row] of Object.entries(SPEC) as [TargetRole, string][]) {
    RESET_ROLES.forEach((actorRole, column) => {
      const expected = [...row][column] === "✓";
      it(`${actorRole} ${expected ? "may" : "may not"} reset ${targetRole}`, () => {
        const holder = targetRole === "none" ? target() : target(targetRole);
        expect(mayResetPassword(actor(actorRole), holder)).toBe(expected);
      });
    });
  }

  it("gives no reset right to roles outside the matrix's columns", () => {
    for (const role of ALL_ROLES.filter((r) => !(RESET_ROLES as readonly string[]).includes(r))) {
      expect(mayResetPassword(actor(role), target()), role).toBe(false);
    }
    expect(mayResetPassword(actor(), target())).toBe(false);
  });

  it("protects a user holding several roles by the strictest", () => {
    expect(mayResetPassword(actor("helpdeskAdministrator"), target("reportsReader"))).toBe(true);
    expect(
      mayResetPassword(
        actor("helpdeskAdministrator"),
        target("reportsReader", "authenticationAdministrator"),
      ),
    ).toBe(false);
    expect(
      mayResetPassword(
        actor("helpdeskAdministrator", "authenticationAdministrator"),
        target("reportsReader", "authenticationAdministrator"),
      ),
    ).toBe(true);
  });

  it("never lets anyone reset their own password through the admin path", () => {
    expect(
      mayResetPassword({ id: "me", roles: ["globalAdministrator"] }, { id: "me", roles: [] }),
    ).toBe(false);
  });

  it("keeps the code's matrix identical to the spec", () => {
    for (const [targetRole, row] of Object.entries(SPEC) as [TargetRole, string][]) {
      const expected = RESET_ROLES.filter((_, column) => [...row][column] === "✓");
      expect([...RESET_MATRIX[targetRole]].sort()).toEqual([...expected].sort());
    }
  });
});

describe("managing users and capabilities", () => {
  it("lets a User Administrator block a helpdesk administrator but not an authentication administrator", () => {
    expect(mayManageUser(actor("userAdministrator"), target("helpdeskAdministrator"))).toBe(true);
    expect(mayManageUser(actor("userAdministrator"), target("authenticationAdministrator"))).toBe(
      false,
    );
    expect(mayManageUser(actor("userAdministrator"), target("globalAdministrator"))).toBe(false);
    expect(mayManageUser(actor("globalAdministrator"), target("globalAdministrator"))).toBe(true);
  });

  it("does not let a reset-only role manage users", () => {
    expect(mayManageUser(actor("helpdeskAdministrator"), target())).toBe(false);
    expect(mayManageUser(actor("privilegedAuthenticationAdministrator"), target())).toBe(false);
  });

  it("does not let an administrator block or delete themselves", () => {
    expect(
      mayManageUser({ id: "me", roles: ["globalAdministrator"] }, { id: "me", roles: [] }),
    ).toBe(false);
  });

  it("gives each role its capabilities", () => {
    expect(hasCapability(["reportsReader"], "readAudit")).toBe(true);
    expect(hasCapability(["reportsReader"], "resetPassword")).toBe(false);
    expect(hasCapability(["directoryReaders"], "readDirectory")).toBe(true);
    expect(hasCapability(["privilegedRoleAdministrator"], "manageRoles")).toBe(true);
    expect(hasCapability(["userAdministrator"], "manageRoles")).toBe(false);
    expect(hasCapability([], "readDirectory")).toBe(false);
  });

  it("finds a role by Microsoft's template id or its display name", () => {
    expect(roleKeyOf("62e90394-69f5-4237-9190-012177145e10")).toBe("globalAdministrator");
    expect(roleKeyOf("helpdesk administrator")).toBe("helpdeskAdministrator");
    expect(roleKeyOf("Chief Everything Officer")).toBeUndefined();
  });
});
