import type { ComponentChildren } from "preact";
import { Layout, type PageContext } from "../../components.js";

/** The admin center's frame: its sections beside the content, full width. */
export function AdminFrame(props: {
  page: PageContext;
  title: string;
  section: "users";
  notice?: string | undefined;
  children: ComponentChildren;
}) {
  const { t } = props.page;
  const link = (section: typeof props.section, href: string, text: string) => (
    <li>
      <a href={href} aria-current={props.section === section ? "page" : undefined}>
        {text}
      </a>
    </li>
  );
  return (
    <Layout
      page={props.page}
      title={props.title}
      notice={props.notice}
      wide
      script="/assets/admin.js"
    >
      <div class="admin">
        <nav class="admin-nav" aria-label={t("admin.nav")}>
          <p class="admin-title">{t("admin.title")}</p>
          <ul>{link("users", "/admin/users", t("admin.nav.users"))}</ul>
        </nav>
        <div class="admin-content">{props.children}</div>
      </div>
    </Layout>
  );
}
