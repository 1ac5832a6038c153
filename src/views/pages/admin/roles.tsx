import type { RoleKey } from "../../../domain/roles.js";
import type { PageContext } from "../../components.js";
import { AdminFrame } from "./frame.js";

/** A user or program holding a role. */
export interface RoleHolder {
  principalId: string;
  principalDisplayName: string;
  /** The User ID, or the program's name. */
  principalName: string;
}

export interface RoleHolders {
  role: { key: RoleKey; displayName: string };
  holders: readonly RoleHolder[];
}

/** Roles: who holds what. Roles are assigned and removed on each user's page. */
export function RolesPage(props: { page: PageContext; roles: readonly RoleHolders[] }) {
  const { t } = props.page;
  const title = t("admin.roles.title");
  return (
    <AdminFrame page={props.page} title={title} section="roles">
      <h1>{title}</h1>
      <p>{t("admin.roles.intro")}</p>
      {props.roles.map(({ role, holders }) => (
        <section aria-labelledby={`role-${role.key}`} class="role">
          <h2 id={`role-${role.key}`}>
            {role.displayName}{" "}
            <span class="count">{t("admin.roles.holders", { count: holders.length })}</span>
          </h2>
          {holders.length === 0 ? (
            <p>{t("admin.roles.nobody")}</p>
          ) : (
            <ul>
              {holders.map((holder) => (
                <li>
                  <a href={`/admin/users/${holder.principalId}`}>{holder.principalDisplayName}</a>{" "}
                  <span class="muted">{holder.principalName}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </AdminFrame>
  );
}
