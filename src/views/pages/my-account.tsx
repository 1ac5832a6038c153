import { Layout, type PageContext } from "../components.js";
import { formatInstant } from "../emails/email.js";

/** The signed-in user's own profile, as My account shows it. */
export interface AccountProfile {
  displayName: string;
  userPrincipalName: string;
  mail: string | null;
  passwordChangedAt: number | null;
}

export function MyAccountPage(props: {
  page: PageContext;
  user: AccountProfile;
  organisationName: string;
  notice?: string | undefined;
}) {
  const { t, language } = props.page;
  const { user } = props;
  const changed =
    user.passwordChangedAt === null ? undefined : formatInstant(language, user.passwordChangedAt);
  return (
    <Layout page={props.page} title={t("myAccount.title")} notice={props.notice}>
      <h1>{t("myAccount.title")}</h1>
      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t("myAccount.profile")}</h2>
        <dl class="profile">
          <dt>{t("myAccount.displayName")}</dt>
          <dd>{user.displayName}</dd>
          <dt>{t("myAccount.userId")}</dt>
          <dd>{user.userPrincipalName}</dd>
          <dt>{t("myAccount.mail")}</dt>
          <dd>{user.mail ?? t("myAccount.notSet")}</dd>
          <dt>{t("myAccount.organisation")}</dt>
          <dd>{props.organisationName}</dd>
        </dl>
      </section>
      <section aria-labelledby="security-heading">
        <h2 id="security-heading">{t("myAccount.securityPrivacy")}</h2>
        <h3>{t("myAccount.password")}</h3>
        {changed && <p>{t("myAccount.passwordLastChanged", { date: changed })}</p>}
        <p>
          <a href="/myaccount/password" class="button">
            {t("myAccount.changePassword")}
          </a>
        </p>
        <h3>{t("securityInfo.link")}</h3>
        <p>{t("securityInfo.linkHint")}</p>
        <p>
          <a href="/myaccount/security-info" class="button">
            {t("securityInfo.title")}
          </a>
        </p>
      </section>
    </Layout>
  );
}
