import {
  CsrfField,
  ErrorSummary,
  PostButton,
  type FieldError,
  type PageContext,
} from "../../components.js";
import { AdminFrame } from "./frame.js";
import type { Named, UserSummary } from "./models.js";
import { Breakable, Pager, TextArea, TextField } from "./parts.js";

/** A group with its description, as its list and its page show it. */
export interface GroupSummary extends Named {
  description: string | null;
}

/** Groups: the organisation's groups by name, a page at a time. */
export function GroupsPage(props: {
  page: PageContext;
  groups: readonly GroupSummary[];
  mayCreate: boolean;
  nextHref?: string | undefined;
  isFirstPage: boolean;
}) {
  const { t } = props.page;
  const title = t("admin.groups.title");
  return (
    <AdminFrame page={props.page} title={title} section="groups">
      <h1>{title}</h1>
      {props.mayCreate && (
        <p>
          <a class="button" href="/admin/groups/new">
            {t("admin.groups.create")}
          </a>
        </p>
      )}
      {props.groups.length === 0 ? (
        <p>{t("admin.groups.none")}</p>
      ) : (
        <table class="records">
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin.groups.column.name")}</th>
              <th scope="col">{t("admin.groups.column.description")}</th>
            </tr>
          </thead>
          <tbody>
            {props.groups.map((group) => (
              <tr>
                <td data-label={t("admin.groups.column.name")}>
                  <a href={`/admin/groups/${group.id}`}>{group.displayName}</a>
                </td>
                <td data-label={t("admin.groups.column.description")}>{group.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        label={title}
        firstHref={props.isFirstPage ? undefined : "/admin/groups"}
        nextHref={props.nextHref}
        firstText={t("admin.users.first")}
        nextText={t("admin.users.next")}
      />
    </AdminFrame>
  );
}

export interface GroupValues {
  displayName: string;
  description: string;
}

export function NewGroupPage(props: {
  page: PageContext;
  values: GroupValues;
  errors: FieldError[];
}) {
  const { t } = props.page;
  const { values, errors } = props;
  const title = t("admin.groups.create");
  return (
    <AdminFrame page={props.page} title={title} section="groups">
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action="/admin/groups/new" novalidate>
        <CsrfField page={props.page} />
        <TextField
          name="displayName"
          label={t("admin.groups.name")}
          value={values.displayName}
          errors={errors}
          autocomplete="off"
          required
        />
        <TextArea
          name="description"
          label={t("admin.groups.description")}
          value={values.description}
          errors={errors}
          rows={3}
        />
        <p class="actions">
          <button type="submit" class="primary">
            {t("admin.groups.createSubmit")}
          </button>
          <a class="button" href="/admin/groups">
            {t("admin.reset.cancel")}
          </a>
        </p>
      </form>
    </AdminFrame>
  );
}

/** A group and its members; adding by User ID and removing need manageGroups. */
export function GroupPage(props: {
  page: PageContext;
  group: GroupSummary;
  members: readonly UserSummary[];
  mayManage: boolean;
  memberUserId: string;
  errors: FieldError[];
  nextHref?: string | undefined;
  isFirstPage: boolean;
  notice?: string | undefined;
}) {
  const { t } = props.page;
  const { group, errors } = props;
  const membersTitle = t("admin.groups.members");
  return (
    <AdminFrame page={props.page} title={group.displayName} section="groups" notice={props.notice}>
      <p>
        <a href="/admin/groups">{t("admin.groups.title")}</a>
      </p>
      <h1>{group.displayName}</h1>
      {group.description && <p>{group.description}</p>}
      <ErrorSummary t={t} errors={errors} />
      {props.mayManage && (
        <form
          method="post"
          action={`/admin/groups/${group.id}/members`}
          class="inline-form"
          novalidate
        >
          <CsrfField page={props.page} />
          <TextField
            name="userId"
            label={t("admin.groups.addMemberLabel")}
            hint={t("signIn.userIdHint")}
            value={props.memberUserId}
            errors={errors}
            autocomplete="off"
            inputMode="email"
          />
          <button type="submit">{t("admin.groups.addMember")}</button>
        </form>
      )}
      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{membersTitle}</h2>
        {props.members.length === 0 ? (
          <p>{t("admin.groups.noMembers")}</p>
        ) : (
          <table class="records">
            <thead>
              <tr>
                <th scope="col">{t("admin.users.column.name")}</th>
                <th scope="col">{t("admin.users.column.userId")}</th>
                {props.mayManage && <th scope="col">{t("admin.users.column.actions")}</th>}
              </tr>
            </thead>
            <tbody>
              {props.members.map((user) => (
                <tr>
                  <td data-label={t("admin.users.column.name")}>
                    <a href={`/admin/users/${user.id}`}>{user.displayName}</a>
                  </td>
                  <td data-label={t("admin.users.column.userId")}>
                    <Breakable text={user.userPrincipalName} />
                  </td>
                  {props.mayManage && (
                    <td data-label={t("admin.users.column.actions")}>
                      <PostButton
                        page={props.page}
                        action={`/admin/groups/${group.id}/members/remove`}
                        hidden={{ userId: user.id }}
                        label={t("admin.groups.removeMember")}
                        accessibleName={t("admin.groups.removeMemberNamed", {
                          name: user.displayName,
                        })}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager
          label={membersTitle}
          firstHref={props.isFirstPage ? undefined : `/admin/groups/${group.id}`}
          nextHref={props.nextHref}
          firstText={t("admin.users.first")}
          nextText={t("admin.users.next")}
        />
      </section>
    </AdminFrame>
  );
}
