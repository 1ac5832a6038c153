import { formatInstant } from "../../emails/email.js";
import { PostButton, type PageContext } from "../../components.js";
import { AdminFrame } from "./frame.js";
import { Breakable } from "./parts.js";
import type { UserSummary } from "./models.js";

/** A user's open request for a new password: when, and from which address. */
export interface ResetRequestEntry {
  request: { createdAt: number; ip: string | null };
  user: UserSummary;
}

/** SPEC [S4]: users who asked for a new password, until someone handles it. */
export function ResetRequestsPage(props: {
  page: PageContext;
  requests: readonly ResetRequestEntry[];
  notice?: string | undefined;
}) {
  const { t, language } = props.page;
  return (
    <AdminFrame
      page={props.page}
      title={t("admin.requests.title")}
      section="requests"
      notice={props.notice}
    >
      <h1>{t("admin.requests.title")}</h1>
      {props.requests.length === 0 ? (
        <p>{t("admin.requests.none")}</p>
      ) : (
        <table class="users">
          <thead>
            <tr>
              <th scope="col">{t("admin.users.column.name")}</th>
              <th scope="col">{t("admin.requests.asked")}</th>
              <th scope="col">{t("admin.requests.from")}</th>
              <th scope="col">{t("admin.users.column.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {props.requests.map(({ request, user }) => (
              <tr>
                <td>
                  <a href={`/admin/users/${user.id}`}>{user.displayName}</a>
                  <br />
                  <Breakable text={user.userPrincipalName} />
                </td>
                <td>{formatInstant(language, request.createdAt)}</td>
                <td>{request.ip ?? ""}</td>
                <td class="actions">
                  <a class="button" href={`/admin/users/${user.id}/reset-password`}>
                    {t("admin.action.resetPassword")}
                  </a>
                  <PostButton
                    page={props.page}
                    action={`/admin/requests/${user.id}/dismiss`}
                    label={t("admin.requests.dismiss")}
                    accessibleName={t("admin.requests.dismissFor", { name: user.displayName })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminFrame>
  );
}
