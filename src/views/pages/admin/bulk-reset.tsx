import { CsrfField, type PageContext } from "../../components.js";
import { AdminFrame } from "./frame.js";
import { Check } from "./parts.js";
import type { ResetOutcome } from "./reset-password.js";

/** SPEC [S4]: several users at once (up to 40), never oneself. */
export function BulkResetPage(props: { page: PageContext; userIds: string[] }) {
  const { t } = props.page;
  return (
    <AdminFrame page={props.page} title={t("admin.bulk.title")} section="users">
      <h1>{t("admin.bulk.title")}</h1>
      <p>{t("admin.bulk.intro", { count: props.userIds.length })}</p>
      <form method="post" action="/admin/users/bulk-reset/confirm">
        <CsrfField page={props.page} />
        {props.userIds.map((id) => (
          <input type="hidden" name="users" value={id} />
        ))}
        <Check id="forceChange" name="forceChange" label={t("admin.reset.forceChange")} checked />
        <p class="actions">
          <button type="submit" class="primary">
            {t("admin.bulk.submit")}
          </button>{" "}
          <a class="button" href="/admin/users">
            {t("admin.reset.cancel")}
          </a>
        </p>
      </form>
    </AdminFrame>
  );
}

/** One selected user's reset, or why it was not done. */
export interface BulkResetEntry {
  targetId: string;
  result?: Pick<ResetOutcome, "user" | "temporaryPassword"> | undefined;
  problem?: string | undefined;
}

export function BulkResetDonePage(props: {
  page: PageContext;
  results: readonly BulkResetEntry[];
}) {
  const { t } = props.page;
  return (
    <AdminFrame page={props.page} title={t("admin.bulk.doneTitle")} section="users">
      <h1>{t("admin.bulk.doneTitle")}</h1>
      <p>{t("admin.bulk.doneIntro")}</p>
      <table class="users">
        <thead>
          <tr>
            <th scope="col">{t("admin.users.column.name")}</th>
            <th scope="col">{t("admin.bulk.column.result")}</th>
          </tr>
        </thead>
        <tbody>
          {props.results.map(({ targetId, result, problem }) => (
            <tr>
              <td>
                {result ? (
                  <a href={`/admin/users/${result.user.id}`}>{result.user.displayName}</a>
                ) : (
                  targetId
                )}
              </td>
              <td>
                {result?.temporaryPassword ? (
                  <input
                    class="secret-value"
                    type="text"
                    readonly
                    value={result.temporaryPassword}
                    aria-label={t("admin.bulk.passwordOf", { name: result.user.displayName })}
                    autocomplete="off"
                    spellcheck={false}
                  />
                ) : (
                  problem
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href="/admin/users">{t("admin.users.title")}</a>
      </p>
    </AdminFrame>
  );
}
