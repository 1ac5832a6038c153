import { PostButton, type PageContext } from "../../components.js";
import type { MessageKey } from "../../i18n.js";
import { AdminFrame } from "./frame.js";
import { Breakable } from "./parts.js";
import type { UserSummary } from "./models.js";

/** The account actions that ask first, each a page of its own (or a panel beside the page). */
export const ACCOUNT_ACTIONS = ["unlock", "revoke-sessions", "block", "unblock"] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

const WORDS: Record<AccountAction, { title: MessageKey; body: MessageKey; button: MessageKey }> = {
  unlock: {
    title: "admin.action.unlock",
    body: "admin.confirm.unlock",
    button: "admin.action.unlock",
  },
  "revoke-sessions": {
    title: "admin.action.revokeSessions",
    body: "admin.confirm.revokeSessions",
    button: "admin.action.revokeSessions",
  },
  block: { title: "admin.action.block", body: "admin.confirm.block", button: "admin.action.block" },
  unblock: {
    title: "admin.action.unblock",
    body: "admin.confirm.unblock",
    button: "admin.action.unblock",
  },
};

/** "Block sign-in for Mila?": what the action does, then the button that does it, or Cancel. */
export function AccountActionPage(props: {
  page: PageContext;
  user: UserSummary;
  action: AccountAction;
}) {
  const { t } = props.page;
  const { user, action } = props;
  const words = WORDS[action];
  return (
    <AdminFrame page={props.page} title={t(words.title)} section="users">
      <h1>{t(words.title)}</h1>
      <p>
        <strong>{user.displayName}</strong> (<Breakable text={user.userPrincipalName} />)
      </p>
      <p>{t(words.body, { name: user.displayName })}</p>
      <div class="actions">
        <PostButton
          page={props.page}
          action={`/admin/users/${user.id}/${action}`}
          label={t(words.button)}
          look={action === "block" ? "danger" : "primary"}
        />
        <a href={`/admin/users/${user.id}`}>{t("admin.confirm.cancel")}</a>
      </div>
    </AdminFrame>
  );
}
