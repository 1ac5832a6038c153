import type { PageContext } from "../../components.js";
import type { MessageKey } from "../../i18n.js";
import { AdminFrame } from "./frame.js";
import { formatCount } from "./parts.js";

/** The counts on the admin center's home; absent where the reader's roles don't reach. */
export interface HomeCounts {
  users: number;
  lockedOut: number;
  mustChangePassword: number;
  notRegistered?: number | undefined;
  resetsToday?: number | undefined;
  openRequests?: number | undefined;
  outboxBacklog?: number | undefined;
}

/** Admin center > Home: what needs attention, each count leading to where to act on it. */
export function AdminHomePage(props: {
  page: PageContext;
  counts: HomeCounts;
  /** Today in UTC, YYYY-MM-DD: the audit log's filter for today's resets. */
  today: string;
}) {
  const { t, language } = props.page;
  const { counts } = props;
  const cards: { label: MessageKey; value: number | undefined; href?: string; alert?: boolean }[] =
    [
      { label: "admin.home.users", value: counts.users, href: "/admin/users" },
      {
        label: "admin.home.lockedOut",
        value: counts.lockedOut,
        href: "/admin/users?filter=locked",
        alert: counts.lockedOut > 0,
      },
      {
        label: "admin.home.mustChange",
        value: counts.mustChangePassword,
        href: "/admin/users?filter=mustChange",
      },
      {
        label: "admin.home.notRegistered",
        value: counts.notRegistered,
        // Where registration can be required at sign-in, for those whose roles reach it.
        ...(props.page.signedIn?.capabilities.includes("managePasswordResetPolicy")
          ? { href: "/admin/password-reset/registration" }
          : {}),
      },
      {
        label: "admin.home.resetsToday",
        value: counts.resetsToday,
        href: `/admin/audit?${new URLSearchParams({ from: props.today })}`,
      },
      {
        label: "admin.home.openRequests",
        value: counts.openRequests,
        href: "/admin/requests",
        alert: (counts.openRequests ?? 0) > 0,
      },
      { label: "admin.home.outbox", value: counts.outboxBacklog },
    ];
  const title = t("admin.home.title");
  return (
    <AdminFrame page={props.page} title={title} section="home">
      <h1>{title}</h1>
      <ul class="cards">
        {cards
          .filter((card) => card.value !== undefined)
          .map((card) => {
            const body = (
              <>
                <span class="card-value">{formatCount(language, card.value ?? 0)}</span>
                <span class="card-label">{t(card.label)}</span>
              </>
            );
            return (
              <li class={card.alert ? "card alert" : "card"}>
                {card.href ? <a href={card.href}>{body}</a> : body}
              </li>
            );
          })}
      </ul>
    </AdminFrame>
  );
}
