import { capabilitiesOf, type Capability } from "../../../domain/permissions.js";
import { ROLES, type RoleKey } from "../../../domain/roles.js";
import { CsrfField, ErrorSummary, type FieldError, type PageContext } from "../../components.js";
import type { MessageKey } from "../../i18n.js";
import { AdminFrame } from "./frame.js";
import type { UserSummary } from "./models.js";
import { Breakable, ChoiceGroup } from "./parts.js";

const CAPABILITY_LABEL: Record<Capability, MessageKey> = {
  readDirectory: "admin.capability.readDirectory",
  resetPassword: "admin.capability.resetPassword",
  manageUsers: "admin.capability.manageUsers",
  manageGroups: "admin.capability.manageGroups",
  manageRoles: "admin.capability.manageRoles",
  readAudit: "admin.capability.readAudit",
  manageApiKeys: "admin.capability.manageApiKeys",
  managePasswordResetPolicy: "admin.capability.managePasswordResetPolicy",
  manageBranding: "admin.capability.manageBranding",
};

/**
 * A user's page > Assign a role (a page, or the side panel beside the user's page): the roles
 * the user doesn't hold yet, each with what it allows, as Entra's "Add assignments" lists them.
 */
export function AssignRolePage(props: {
  page: PageContext;
  user: UserSummary;
  roles: readonly RoleKey[];
  chosen: string;
  errors: FieldError[];
}) {
  const { t } = props.page;
  const { user, errors } = props;
  return (
    <AdminFrame page={props.page} title={t("admin.roles.assignLabel")} section="users">
      <h1>{t("admin.roles.assignLabel")}</h1>
      <p>
        <strong>{user.displayName}</strong> (<Breakable text={user.userPrincipalName} />)
      </p>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action={`/admin/users/${user.id}/roles`} novalidate>
        <CsrfField page={props.page} />
        <ChoiceGroup name="role" legend={t("admin.roles.choose")} errors={errors}>
          {props.roles.map((key) => {
            const role = ROLES[key];
            const id = `role-${key}`;
            return (
              <div class="check">
                <input
                  type="radio"
                  id={id}
                  name="role"
                  value={role.id}
                  checked={props.chosen === role.id}
                  aria-describedby={`${id}-allows`}
                />
                <label for={id}>{role.displayName}</label>
                <p class="hint" id={`${id}-allows`}>
                  {t("admin.roles.allows", {
                    capabilities: capabilitiesOf([key])
                      .map((capability) => t(CAPABILITY_LABEL[capability]))
                      .join(", "),
                  })}
                </p>
              </div>
            );
          })}
        </ChoiceGroup>
        <div class="actions">
          <button type="submit" class="primary">
            {t("admin.roles.assign")}
          </button>
          <a href={`/admin/users/${user.id}`}>{t("admin.confirm.cancel")}</a>
        </div>
      </form>
    </AdminFrame>
  );
}
