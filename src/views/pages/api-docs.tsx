import { Layout, type PageContext } from "../components.js";
import type { MessageKey } from "../i18n.js";

export interface ApiOperation {
  method: string;
  path: string;
  /** The operation's summary in the page's language. */
  summary: string;
}

export interface ApiOperationGroup {
  /** Message key of the group's heading. */
  title: MessageKey;
  operations: ApiOperation[];
}

/** GET /api/v1/docs: the REST API's operations, read from the OpenAPI document. */
export function ApiDocsPage(props: {
  page: PageContext;
  baseUrl: string;
  openApiUrl: string;
  groups: ApiOperationGroup[];
}) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={t("apiDocs.title")} wide>
      <h1>{t("apiDocs.title")}</h1>
      <p>{t("apiDocs.intro")}</p>
      <h2>{t("apiDocs.authentication")}</h2>
      <p>{t("apiDocs.authenticationText")}</p>
      <pre>
        <code>
          {
            "npx sesame apikey create --name 'HR sync' --role 'User Administrator' --domain contoso.com"
          }
        </code>
      </pre>
      <pre>
        <code>{`curl -H "Authorization: Bearer ssk_…" ${props.baseUrl}/users`}</code>
      </pre>
      <p>
        {t("apiDocs.openApi")} <a href={props.openApiUrl}>{props.openApiUrl}</a>
      </p>
      {props.groups.map((group) => (
        <section>
          <h2>{t(group.title)}</h2>
          <table class="users">
            <thead>
              <tr>
                <th scope="col">{t("apiDocs.method")}</th>
                <th scope="col">{t("apiDocs.path")}</th>
                <th scope="col">{t("apiDocs.summary")}</th>
              </tr>
            </thead>
            <tbody>
              {group.operations.map((operation) => (
                <tr>
                  <td>
                    <code>{operation.method}</code>
                  </td>
                  <td>
                    <code>{operation.path}</code>
                  </td>
                  <td>{operation.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Layout>
  );
}
