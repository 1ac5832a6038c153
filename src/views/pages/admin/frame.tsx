import type { ComponentChildren } from "preact";
import type { Capability } from "../../../domain/permissions.js";
import type { MessageKey } from "../../i18n.js";
import { Layout, type PageContext } from "../../components.js";

/** The admin center's sections, each shown to those whose roles give its capability. */
const SECTIONS = [
  { section: "home", href: "/admin", label: "admin.nav.home", needs: "readDirectory" },
  { section: "users", href: "/admin/users", label: "admin.nav.users", needs: "readDirectory" },
  {
    section: "addUser",
    href: "/admin/users/new",
    label: "admin.nav.addUser",
    needs: "manageUsers",
  },
  {
    section: "deletedUsers",
    href: "/admin/users/deleted",
    label: "admin.nav.deletedUsers",
    needs: "readDirectory",
  },
  {
    section: "requests",
    href: "/admin/requests",
    label: "admin.nav.requests",
    needs: "resetPassword",
  },
  { section: "groups", href: "/admin/groups", label: "admin.nav.groups", needs: "readDirectory" },
  { section: "roles", href: "/admin/roles", label: "admin.nav.roles", needs: "readDirectory" },
  { section: "audit", href: "/admin/audit", label: "admin.nav.audit", needs: "readAudit" },
  {
    section: "apiKeys",
    href: "/admin/api-keys",
    label: "admin.nav.apiKeys",
    needs: "manageApiKeys",
  },
  {
    section: "passwordReset",
    href: "/admin/password-reset/properties",
    label: "admin.nav.passwordReset",
    needs: "managePasswordResetPolicy",
  },
  {
    section: "branding",
    href: "/admin/branding",
    label: "admin.nav.branding",
    needs: "manageBranding",
  },
] as const satisfies readonly {
  section: string;
  href: string;
  label: MessageKey;
  needs: Capability;
}[];

export type AdminSection = (typeof SECTIONS)[number]["section"];

/**
 * The admin center's frame, full width: a bar with the organisation and a search for users,
 * the sections in a rail beside the content and, on a phone, behind a Menu button above it
 * (a disclosure, so it works without JavaScript), so the content comes first.
 */
export function AdminFrame(props: {
  page: PageContext;
  title: string;
  section: AdminSection;
  notice?: string | undefined;
  children: ComponentChildren;
}) {
  const { t, signedIn } = props.page;
  const capabilities: readonly Capability[] = signedIn?.capabilities ?? [];
  return (
    <Layout
      page={props.page}
      title={props.title}
      notice={props.notice}
      wide
      script="/assets/admin.js"
    >
      <div
        class="admin"
        data-panel-close={t("admin.panel.close")}
        data-panel-failed={t("admin.panel.failed")}
      >
        <div class="admin-bar">
          <p class="admin-title">
            {t("admin.title")}
            {signedIn && <span class="org"> · {signedIn.organisationName}</span>}
          </p>
          {capabilities.includes("readDirectory") && (
            <form class="admin-search" role="search" method="get" action="/admin/users">
              <label for="admin-search" class="visually-hidden">
                {t("admin.bar.search")}
              </label>
              <input
                id="admin-search"
                type="search"
                name="search"
                placeholder={t("admin.bar.search")}
                autocomplete="off"
                spellcheck={false}
              />
              <button type="submit">{t("admin.users.searchButton")}</button>
            </form>
          )}
        </div>
        <details class="admin-menu">
          <summary>{t("admin.bar.menu")}</summary>
          <nav class="admin-nav" aria-label={t("admin.nav")}>
            <ul>
              {SECTIONS.filter((entry) => capabilities.includes(entry.needs)).map((entry) => (
                <li>
                  <a
                    href={entry.href}
                    aria-current={props.section === entry.section ? "page" : undefined}
                  >
                    {t(entry.label)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </details>
        <div class="admin-content">{props.children}</div>
      </div>
    </Layout>
  );
}
