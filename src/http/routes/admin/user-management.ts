import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { RegisteredMethod } from "../../../services/admin/authentication-methods.js";
import type { Principal } from "../../../services/admin/principal.js";
import type { RoleDefinition } from "../../../services/admin/roles.js";
import type { UserDetails } from "../../../services/admin/users-read.js";
import { RESTORE_DAYS } from "../../../services/admin/deleted-users.js";
import type { UpdateUserInput } from "../../../services/admin/users-write.js";
import { isSesameError } from "../../../services/errors.js";
import type { Services } from "../../../wiring.js";
import type { Group } from "../../../store/groups.js";
import type { FieldError } from "../../../views/components.js";
import {
  AddUserPage,
  EMPTY_ADD_USER,
  type AddUserValues,
} from "../../../views/pages/admin/add-user.js";
import { DeletedUsersPage } from "../../../views/pages/admin/deleted-users.js";
import { AssignRolePage } from "../../../views/pages/admin/assign-role.js";
import { UserDetailsPage } from "../../../views/pages/admin/user-details.js";
import {
  contactInfoValuesOf,
  DeleteUserPage,
  EditContactInfoPage,
  EditProfilePage,
  profileValuesOf,
  type ContactInfoValues,
  type ProfileValues,
} from "../../../views/pages/admin/user-edit.js";
import { formatUtc } from "../../../views/pages/admin/parts.js";
import type { HttpContext } from "../../context.js";
import { ERROR_ANSWERS, statusOf } from "../../errors.js";
import { requiredFields } from "../../form-errors.js";
import { textOf, type Form } from "../../forms.js";
import {
  adminCenterKit,
  decodePageToken,
  encodePageToken,
  fieldErrorsOf,
  formRefusal,
} from "./center-kit.js";
import { showResult } from "./results.js";

type Params = { id: string };

/**
 * Everything a user's page shows: the details, their groups, the roles one could add and,
 * for whoever may reset the password, the authentication methods.
 */
export async function loadUserPage(
  admin: Services["admin"],
  principal: Principal,
  userId: string,
): Promise<{
  details: UserDetails;
  groups: Group[];
  assignableRoles: RoleDefinition[];
  authenticationMethods: RegisteredMethod[] | undefined;
}> {
  const details = await admin.usersRead.details(principal, userId);
  const groups = await admin.groups.groupsOfUser(principal, details.user.id);
  const assignableRoles = details.allowed.manageRoles
    ? admin.roles.listDefinitions(principal).filter((role) => !details.roles.includes(role.key))
    : [];
  // Authentication methods follow the reset right, as phones and alternate emails do.
  const authenticationMethods = details.allowed.editContactInfo
    ? (await admin.authenticationMethods.list(principal, details.user.id)).methods
    : undefined;
  return { details, groups, assignableRoles, authenticationMethods };
}

/** Users > Add user, editing a profile, roles on a user's page, delete and restore (SPEC [S1]). */
export function registerAdminUserManagementRoutes(app: FastifyInstance, http: HttpContext) {
  const admin = http.services.admin;
  const kit = adminCenterKit(http);
  const { adminOnly, principalOf } = kit;
  const userUrl = (id: string) => `/admin/users/${encodeURIComponent(id)}`;

  // ---- Add user ----

  const renderAddUser = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: AddUserValues,
    errors: FieldError[],
    status = 200,
  ) =>
    http.sendPage(
      reply,
      AddUserPage({ page: http.pageContext(request, reply), values, errors }),
      status,
    );

  app.get("/admin/users/new", { preHandler: adminOnly }, async (request, reply) => {
    if (!kit.allowedOf(request).addUsers) {
      return kit.errorPage(request, reply, "forbidden");
    }
    return renderAddUser(request, reply, EMPTY_ADD_USER, []);
  });

  app.post<{ Body: Form }>(
    "/admin/users/new",
    { preHandler: adminOnly },
    async (request, reply) => {
      const body = request.body ?? {};
      const values: AddUserValues = {
        userId: textOf(body, "userId"),
        displayName: textOf(body, "displayName"),
        givenName: textOf(body, "givenName"),
        surname: textOf(body, "surname"),
        mail: textOf(body, "mail"),
        preferredLanguage: textOf(body, "preferredLanguage"),
        mode: body.mode === "type" ? "type" : "generate",
        forceChange: body.forceChange === "on",
      };
      if (!kit.allowedOf(request).addUsers) {
        return kit.errorPage(request, reply, "forbidden");
      }
      const missing = requiredFields(request.t, body, {
        userId: "required.newUserId",
        displayName: "required.displayName",
        ...(values.mode === "type" ? { password: "required.typedPassword" as const } : {}),
      });
      if (missing.length > 0) return renderAddUser(request, reply, values, missing, 400);
      try {
        const created = await admin.usersWrite.addUser(principalOf(request), {
          userId: values.userId,
          displayName: values.displayName,
          givenName: values.givenName,
          surname: values.surname,
          mail: values.mail,
          preferredLanguage: values.preferredLanguage,
          password: values.mode === "type" ? textOf(body, "password") : undefined,
          forceChangePasswordNextSignIn: values.forceChange,
          origin: http.origin(request),
        });
        return await showResult(http, request, reply, "add-user", { created });
      } catch (error) {
        const { errors, status } = formRefusal(request.t, error);
        return renderAddUser(request, reply, values, errors, status);
      }
    },
  );

  // ---- Edit profile, and phones and alternate emails ----

  type EditForm<Values> = {
    path: string;
    allowed: (details: UserDetails) => boolean;
    initial: (details: UserDetails) => Values;
    read: (body: Form) => Values;
    render: (
      request: FastifyRequest,
      reply: FastifyReply,
      details: UserDetails,
      values: Values,
      errors: FieldError[],
      status?: number,
    ) => FastifyReply;
    required: Parameters<typeof requiredFields>[2];
    change: (values: Values) => Omit<UpdateUserInput, "origin">;
    done: string;
  };

  function registerEditForm<Values>(form: EditForm<Values>) {
    app.get<{ Params: Params }>(
      `/admin/users/:id/${form.path}`,
      { preHandler: adminOnly },
      async (request, reply) => {
        const details = await admin.usersRead.details(principalOf(request), request.params.id);
        if (!form.allowed(details)) return kit.errorPage(request, reply, "forbidden");
        return form.render(request, reply, details, form.initial(details), []);
      },
    );
    app.post<{ Params: Params; Body: Form }>(
      `/admin/users/:id/${form.path}`,
      { preHandler: adminOnly },
      async (request, reply) => {
        const principal = principalOf(request);
        const body = request.body ?? {};
        const values = form.read(body);
        const details = await admin.usersRead.details(principal, request.params.id);
        if (!form.allowed(details)) return kit.errorPage(request, reply, "forbidden");
        const missing = requiredFields(request.t, body, form.required);
        if (missing.length > 0) return form.render(request, reply, details, values, missing, 400);
        try {
          await admin.usersWrite.updateUser(principal, details.user.id, {
            ...form.change(values),
            origin: http.origin(request),
          });
        } catch (error) {
          const { errors, status } = formRefusal(request.t, error);
          return form.render(request, reply, details, values, errors, status);
        }
        return reply.redirect(`${userUrl(details.user.id)}?done=${form.done}`, 303);
      },
    );
  }

  registerEditForm<ProfileValues>({
    path: "edit",
    allowed: (details) => details.allowed.editProfile,
    initial: (details) => profileValuesOf(details.user),
    read: (body) => ({
      displayName: textOf(body, "displayName"),
      givenName: textOf(body, "givenName"),
      surname: textOf(body, "surname"),
      mail: textOf(body, "mail"),
      preferredLanguage: textOf(body, "preferredLanguage"),
    }),
    render: (request, reply, details, values, errors, status = 200) =>
      http.sendPage(
        reply,
        EditProfilePage({
          page: http.pageContext(request, reply),
          user: details.user,
          values,
          errors,
        }),
        status,
      ),
    required: { displayName: "required.displayName" },
    change: (values) => values,
    done: "profile",
  });

  registerEditForm<ContactInfoValues>({
    path: "contact-info",
    allowed: (details) => details.allowed.editContactInfo,
    initial: (details) => contactInfoValuesOf(details.user),
    read: (body) => ({
      otherMails: textOf(body, "otherMails"),
      mobilePhone: textOf(body, "mobilePhone"),
      officePhone: textOf(body, "officePhone"),
    }),
    render: (request, reply, details, values, errors, status = 200) =>
      http.sendPage(
        reply,
        EditContactInfoPage({
          page: http.pageContext(request, reply),
          user: details.user,
          values,
          errors,
        }),
        status,
      ),
    required: {},
    change: (values) => ({
      otherMails: values.otherMails.split(/[\s,;]+/).filter(Boolean),
      mobilePhone: values.mobilePhone,
      officePhone: values.officePhone,
    }),
    done: "contact-info",
  });

  // ---- Roles on a user's page ----

  /** The user's page again, with what went wrong removing a role. */
  async function userPageWithErrors(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    errors: FieldError[],
    status: number,
  ) {
    const extras = await loadUserPage(admin, principalOf(request), request.params.id);
    return http.sendPage(
      reply,
      UserDetailsPage({ page: http.pageContext(request, reply), ...extras, errors }),
      status,
    );
  }

  /** Assign a role: the roles the user doesn't hold yet (a page, or the user page's panel). */
  async function assignRolePage(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    chosen: string,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const { details, assignableRoles } = await loadUserPage(
      admin,
      principalOf(request),
      request.params.id,
    );
    if (!details.allowed.manageRoles) return kit.errorPage(request, reply, "forbidden");
    return http.sendPage(
      reply,
      AssignRolePage({
        page: http.pageContext(request, reply),
        user: details.user,
        roles: assignableRoles.map((role) => role.key),
        chosen,
        errors,
      }),
      status,
    );
  }

  app.get<{ Params: Params }>(
    "/admin/users/:id/roles",
    { preHandler: adminOnly },
    async (request, reply) => assignRolePage(request, reply, ""),
  );

  app.post<{ Params: Params; Body: Form }>(
    "/admin/users/:id/roles",
    { preHandler: adminOnly },
    async (request, reply) => {
      const principal = principalOf(request);
      const role = textOf(request.body ?? {}, "role");
      const details = await admin.usersRead.details(principal, request.params.id);
      if (role === "") {
        const errors = [{ field: "role", message: request.t("invalid.role") }];
        return await assignRolePage(request, reply, role, errors, 400);
      }
      try {
        await admin.roles.assign(principal, {
          principalId: details.user.id,
          role,
          origin: http.origin(request),
        });
      } catch (error) {
        const { errors, status } = formRefusal(
          request.t,
          error,
          { conflict: "error.roleAlreadyHeld" },
          "role",
        );
        return await assignRolePage(request, reply, role, errors, status);
      }
      return reply.redirect(`${userUrl(details.user.id)}?done=role-assigned`, 303);
    },
  );

  app.post<{ Params: Params; Body: Form }>(
    "/admin/users/:id/roles/remove",
    { preHandler: adminOnly },
    async (request, reply) => {
      const principal = principalOf(request);
      const role = textOf(request.body ?? {}, "role");
      const details = await admin.usersRead.details(principal, request.params.id);
      try {
        await admin.roles.remove(principal, {
          principalId: details.user.id,
          role,
          origin: http.origin(request),
        });
      } catch (error) {
        // The user exists (checked above): notFound here means the role isn't held, which
        // conflicts with the change rather than missing a page.
        if (
          !isSesameError(error) ||
          !["lastGlobalAdministrator", "notFound", "invalidInput"].includes(error.code)
        ) {
          throw error;
        }
        const errors = fieldErrorsOf(request.t, error, {
          notFound: "error.roleNotHeld",
          invalidInput: "invalid.role",
        });
        const { status } = ERROR_ANSWERS[error.code === "notFound" ? "conflict" : error.code];
        return await userPageWithErrors(request, reply, errors, status);
      }
      return reply.redirect(`${userUrl(details.user.id)}?done=role-removed`, 303);
    },
  );

  // ---- Delete and restore ----

  app.get<{ Params: Params }>(
    "/admin/users/:id/delete",
    { preHandler: adminOnly },
    async (request, reply) => {
      const details = await admin.usersRead.details(principalOf(request), request.params.id);
      if (!details.allowed.deleteUser) {
        return kit.errorPage(request, reply, "forbidden");
      }
      return http.sendPage(
        reply,
        DeleteUserPage({
          page: http.pageContext(request, reply),
          user: details.user,
          restoreDays: RESTORE_DAYS,
        }),
      );
    },
  );

  app.post<{ Params: Params }>(
    "/admin/users/:id/delete",
    { preHandler: adminOnly },
    async (request, reply) => {
      await admin.usersWrite.deleteUser(
        principalOf(request),
        request.params.id,
        http.origin(request),
      );
      return reply.redirect(
        `/admin/users/deleted?deleted=${encodeURIComponent(request.params.id)}`,
        303,
      );
    },
  );

  type DeletedQuery = { after?: string; deleted?: string };

  async function renderDeleted(
    request: FastifyRequest,
    reply: FastifyReply,
    query: DeletedQuery,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const token = query.after;
    const cursor = token === undefined ? undefined : decodePageToken(token, "number");
    if (token !== undefined && !cursor) return reply.redirect("/admin/users/deleted", 303);
    const { rows, next } = await admin.usersWrite.listDeletedRows(principalOf(request), {
      after: cursor && { deletedAt: cursor[0], id: cursor[1] },
    });
    const deleted = rows.find((row) => row.user.id === query.deleted);
    return http.sendPage(
      reply,
      DeletedUsersPage({
        page: http.pageContext(request, reply),
        rows,
        restoreDays: RESTORE_DAYS,
        nextHref: next && `/admin/users/deleted?after=${encodePageToken(next.deletedAt, next.id)}`,
        isFirstPage: !cursor,
        errors,
        notice:
          deleted &&
          request.t("admin.done.deleted", {
            name: deleted.user.displayName,
            until: formatUtc(request.language, deleted.restorableUntil),
          }),
      }),
      status,
    );
  }

  app.get<{ Querystring: DeletedQuery }>(
    "/admin/users/deleted",
    { preHandler: adminOnly },
    async (request, reply) => {
      return await renderDeleted(request, reply, request.query);
    },
  );

  app.post<{ Params: Params }>(
    "/admin/users/:id/restore",
    kit.section({ back: { href: "/admin/users/deleted", key: "admin.deleted.title" } }),
    async (request, reply) => {
      try {
        const user = await admin.usersWrite.restoreUser(
          principalOf(request),
          request.params.id,
          http.origin(request),
        );
        return reply.redirect(`${userUrl(user.id)}?done=restore`, 303);
      } catch (error) {
        if (isSesameError(error, "conflict")) {
          const errors = [{ message: request.t("error.restoreConflict") }];
          return renderDeleted(request, reply, {}, errors, statusOf(error));
        }
        throw error;
      }
    },
  );
}
