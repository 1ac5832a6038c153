import { PostButton, type PageContext } from "../../components.js";
import type { MessageKey } from "../../i18n.js";
import { AdminFrame } from "./frame.js";
import { Breakable } from "./parts.js";
import type { UserActions, UserSummary } from "./models.js";

/** The account actions that ask first, each a page of its own (or a panel beside the page). */
export const ACCOUNT_ACTIONS = ["unlock", "revoke-sessions", "block", "unblock"] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

/** Each action's name (its button, here and on the user's page) and what it does. */
const WORDS: Record<AccountAction, { label: MessageKey; body: MessageKey }> = {
  unlock: { label: "admin.action.unlock", body: "admin.confirm.unlock" },
  "revoke-sessions": { label: "admin.action.revokeSessions", body: "admin.confirm.revokeSessions" },
  block: { label: "admin.action.block", body: "admin.confirm.block" },
  unblock: { label: "admin.action.unblock", body: "admin.confirm.unblock" },
};

export const accountActionLabel = (action: AccountAction): MessageKey => WORDS[action].label;

/**
 * The actions the user's page offers now, from what the services allow and the account's
 * state: unlock only while locked out, block or allow sign-in as it stands. The question's
 * page (routes/admin/users.ts) is offered for these only.
 */
export function accountActionsOffered(details: {
  user: { accountEnabled: boolean };
  locked: boolean;
  allowed: Pick<UserActions, "unlock" | "revokeSessions" | "blockSignIn">;
}): AccountAction[] {
  const { user, locked, allowed } = details;
  return ACCOUNT_ACTIONS.filter((action) => {
    switch (action) {
      case "unlock":
        return allowed.unlock && locked;
      case "revoke-sessions":
        return allowed.revokeSessions;
      case "block":
        return allowed.blockSignIn && user.accountEnabled;
      case "unblock":
        return allowed.blockSignIn && !user.accountEnabled;
    }
  });
}

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
    <AdminFrame page={props.page} title={t(words.label)} section="users">
      <h1>{t(words.label)}</h1>
      <p>
        <strong>{user.displayName}</strong> (<Breakable text={user.userPrincipalName} />)
      </p>
      <p>{t(words.body, { name: user.displayName })}</p>
      <div class="actions">
        <PostButton
          page={props.page}
          action={`/admin/users/${user.id}/${action}`}
          label={t(words.label)}
          look={action === "block" ? "danger" : "primary"}
        />
        <a href={`/admin/users/${user.id}`}>{t("admin.confirm.cancel")}</a>
      </div>
    </AdminFrame>
  );
}
