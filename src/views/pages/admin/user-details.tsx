import type { ContactKind } from "../../../domain/methods.js";
import { ROLES, type RoleKey } from "../../../domain/roles.js";
import { ErrorSummary, PostButton, type FieldError, type PageContext } from "../../components.js";
import {
  AuthenticationMethodsSection,
  type RegisteredMethodSummary,
} from "./authentication-methods.js";
import { accountActionLabel, accountActionsOffered } from "./account-action.js";
import { AdminFrame } from "./frame.js";
import type { Named, UserActions, UserContactInfo, UserSummary } from "./models.js";
import { Breakable } from "./parts.js";

/** A user's profile as their page shows it. */
export interface UserProfile extends UserSummary, UserContactInfo {
  accountEnabled: boolean;
  mail: string | null;
  preferredLanguage: string | null;
  passwordManaged: "cloud" | "onPremises";
}

/** A user, the admin roles they hold, and what the principal may do to them. */
export interface UserOverview {
  user: UserProfile;
  roles: readonly RoleKey[];
  locked: boolean;
  allowed: UserActions;
}

export function UserDetailsPage(props: {
  page: PageContext;
  details: UserOverview;
  notice?: string | undefined;
  /** The groups the user belongs to. */
  groups?: readonly Named[] | undefined;
  /** Roles the user doesn't hold yet, offered when the principal may manage roles. */
  assignableRoles?: readonly Named[] | undefined;
  /** What went wrong assigning or removing a role. */
  errors?: FieldError[] | undefined;
  /** The user's authentication methods, when the principal may reset the password. */
  authenticationMethods?: readonly RegisteredMethodSummary[] | undefined;
}) {
  const { t } = props.page;
  const { user, roles, locked, allowed } = props.details;
  const none = t("myAccount.notSet");
  /**
   * A contact row: the profile's values and, beside them, the authentication methods of the
   * same kind. SPEC [S3] keeps both, and a profile saying "Not set" above a registered
   * alternate email reads as a contradiction.
   */
  const contact = (profile: readonly string[], kind: ContactKind) => {
    const known = new Set(profile.map((value) => value.toLowerCase()));
    const methods = (props.authenticationMethods ?? [])
      .filter((method) => method.kind === kind && method.value !== null)
      .map((method) => method.value ?? "")
      .filter((value) => !known.has(value.toLowerCase()));
    if (profile.length === 0 && methods.length === 0) return none;
    return [
      ...profile.map((value) => <span class="contact">{value}</span>),
      ...methods.map((value) => (
        <span class="contact">
          {value} <span class="muted">({t("admin.user.asMethod")})</span>
        </span>
      )),
    ];
  };
  const status = [
    user.accountEnabled ? t("admin.status.enabled") : t("admin.status.blocked"),
    ...(locked ? [t("admin.status.locked")] : []),
  ].join(", ");
  return (
    <AdminFrame page={props.page} title={user.displayName} section="users" notice={props.notice}>
      <p>
        <a href="/admin/users">{t("admin.users.title")}</a>
      </p>
      <h1>{user.displayName}</h1>
      <ErrorSummary t={t} errors={props.errors ?? []} />
      <section aria-labelledby="actions-heading">
        <h2 id="actions-heading">{t("admin.user.actions")}</h2>
        <div class="actions">
          {allowed.resetPassword && (
            <a class="button" href={`/admin/users/${user.id}/reset-password`} data-panel>
              {t("admin.action.resetPassword")}
            </a>
          )}
          {accountActionsOffered(props.details).map((action) => (
            <a class="button" href={`/admin/users/${user.id}/${action}`} data-panel>
              {t(accountActionLabel(action))}
            </a>
          ))}
          {allowed.deleteUser && (
            <a class="button danger" href={`/admin/users/${user.id}/delete`}>
              {t("admin.action.delete")}
            </a>
          )}
        </div>
      </section>
      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t("admin.user.profile")}</h2>
        <dl class="profile">
          <dt>{t("myAccount.userId")}</dt>
          <dd>
            <Breakable text={user.userPrincipalName} />
          </dd>
          <dt>{t("admin.user.status")}</dt>
          <dd>{status}</dd>
          <dt>{t("myAccount.mail")}</dt>
          <dd>{user.mail ?? none}</dd>
          <dt>{t("admin.user.otherMails")}</dt>
          <dd>{contact(user.otherMails, "email")}</dd>
          <dt>{t("admin.user.mobilePhone")}</dt>
          <dd>{contact(user.mobilePhone ? [user.mobilePhone] : [], "mobilePhone")}</dd>
          <dt>{t("admin.user.officePhone")}</dt>
          <dd>{contact(user.officePhone ? [user.officePhone] : [], "officePhone")}</dd>
          <dt>{t("admin.user.language")}</dt>
          <dd>
            {user.preferredLanguage
              ? t(user.preferredLanguage === "nl" ? "language.nl" : "language.en")
              : none}
          </dd>
          <dt>{t("admin.user.passwordManaged")}</dt>
          <dd>
            {user.passwordManaged === "cloud"
              ? t("admin.user.managed.cloud")
              : t("admin.user.managed.onPremises")}
          </dd>
        </dl>
        {(allowed.editProfile || allowed.editContactInfo) && (
          <p class="actions">
            {allowed.editProfile && (
              <a class="button" href={`/admin/users/${user.id}/edit`}>
                {t("admin.action.editProfile")}
              </a>
            )}
            {allowed.editContactInfo && (
              <a class="button" href={`/admin/users/${user.id}/contact-info`}>
                {t("admin.action.editContactInfo")}
              </a>
            )}
          </p>
        )}
      </section>
      {props.authenticationMethods && (
        <AuthenticationMethodsSection
          page={props.page}
          userId={user.id}
          methods={props.authenticationMethods}
        />
      )}
      {props.groups && (
        <section aria-labelledby="groups-heading">
          <h2 id="groups-heading">{t("admin.user.groups")}</h2>
          {props.groups.length === 0 ? (
            <p>{t("admin.user.noGroups")}</p>
          ) : (
            <ul>
              {props.groups.map((group) => (
                <li>
                  <a href={`/admin/groups/${group.id}`}>{group.displayName}</a>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <section aria-labelledby="roles-heading">
        <h2 id="roles-heading">{t("admin.user.roles")}</h2>
        {roles.length === 0 ? (
          <p>{t("admin.user.noRoles")}</p>
        ) : (
          <ul class={allowed.manageRoles ? "role-list" : undefined}>
            {roles.map((role) => (
              <li>
                <span>{ROLES[role].displayName}</span>
                {allowed.manageRoles && (
                  <PostButton
                    page={props.page}
                    action={`/admin/users/${user.id}/roles/remove`}
                    hidden={{ role: ROLES[role].id }}
                    label={t("admin.roles.remove")}
                    accessibleName={t("admin.roles.removeRole", {
                      role: ROLES[role].displayName,
                    })}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
        {allowed.manageRoles && props.assignableRoles && props.assignableRoles.length > 0 && (
          <p>
            <a class="button" href={`/admin/users/${user.id}/roles`} data-panel>
              {t("admin.roles.assignLabel")}
            </a>
          </p>
        )}
      </section>
    </AdminFrame>
  );
}
