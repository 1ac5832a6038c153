import { ErrorSummary, PostButton, type FieldError, type PageContext } from "../../components.js";
import { AdminFrame } from "./frame.js";
import type { UserSummary } from "./models.js";
import { Breakable, Pager, UtcTime } from "./parts.js";

/** A deleted user, until when they can be restored, and whether the principal may. */
export interface DeletedUserEntry {
  user: UserSummary & { deletedAt: number | null };
  restorableUntil: number;
  allowed: { restore: boolean };
}

/** Users > Deleted users: restorable for 30 days, then gone (SPEC [S1]). */
export function DeletedUsersPage(props: {
  page: PageContext;
  rows: readonly DeletedUserEntry[];
  restoreDays: number;
  nextHref?: string | undefined;
  isFirstPage: boolean;
  errors?: FieldError[] | undefined;
  notice?: string | undefined;
}) {
  const { t, language } = props.page;
  const title = t("admin.deleted.title");
  return (
    <AdminFrame page={props.page} title={title} section="deletedUsers" notice={props.notice}>
      <h1>{title}</h1>
      <p>{t("admin.deleted.intro", { days: props.restoreDays })}</p>
      <ErrorSummary t={t} errors={props.errors ?? []} />
      {props.rows.length === 0 ? (
        <p>{t("admin.deleted.none")}</p>
      ) : (
        <table class="records">
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin.users.column.name")}</th>
              <th scope="col">{t("admin.users.column.userId")}</th>
              <th scope="col">{t("admin.deleted.column.deleted")}</th>
              <th scope="col">{t("admin.deleted.column.until")}</th>
              <th scope="col">{t("admin.users.column.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map(({ user, restorableUntil, allowed }) => (
              <tr>
                <td data-label={t("admin.users.column.name")}>{user.displayName}</td>
                <td data-label={t("admin.users.column.userId")}>
                  <Breakable text={user.userPrincipalName} />
                </td>
                <td data-label={t("admin.deleted.column.deleted")}>
                  {user.deletedAt !== null && <UtcTime language={language} at={user.deletedAt} />}
                </td>
                <td data-label={t("admin.deleted.column.until")}>
                  <UtcTime language={language} at={restorableUntil} />
                </td>
                <td data-label={t("admin.users.column.actions")}>
                  {allowed.restore && (
                    <PostButton
                      page={props.page}
                      action={`/admin/users/${user.id}/restore`}
                      label={t("admin.deleted.restore")}
                      accessibleName={t("admin.deleted.restoreUser", { name: user.displayName })}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        label={title}
        firstHref={props.isFirstPage ? undefined : "/admin/users/deleted"}
        nextHref={props.nextHref}
        firstText={t("admin.users.first")}
        nextText={t("admin.users.next")}
      />
    </AdminFrame>
  );
}
