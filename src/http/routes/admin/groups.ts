import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isSesameError } from "../../../services/errors.js";
import type { FieldError } from "../../../views/components.js";
import {
  GroupPage,
  GroupsPage,
  NewGroupPage,
  type GroupValues,
} from "../../../views/pages/admin/groups.js";
import type { HttpContext } from "../../context.js";
import { statusOf } from "../../errors.js";
import { requiredFields } from "../../form-errors.js";
import { textOf, type Form } from "../../forms.js";
import { adminCenterKit, decodePageToken, encodePageToken, formRefusal } from "./center-kit.js";

type Params = { id: string };
type PageQuery = { after?: string; added?: string; removed?: string; done?: string };

const BACK = { href: "/admin/groups", key: "admin.groups.title" } as const;

/** Groups (SPEC [S1]): the list, creating one, a group's members (add by User ID, remove). */
export function registerAdminGroupRoutes(app: FastifyInstance, http: HttpContext) {
  const { groups, usersRead } = http.services.admin;
  const kit = adminCenterKit(http);
  const { principalOf } = kit;
  // Here a service's notFound is about the group (a member not found is said on its form).
  const inSection = kit.section({ back: BACK, wording: { notFound: "error.groupNotFound" } });
  const groupUrl = (id: string) => `/admin/groups/${encodeURIComponent(id)}`;

  app.get<{ Querystring: PageQuery }>("/admin/groups", inSection, async (request, reply) => {
    const token = request.query.after;
    const cursor = token === undefined ? undefined : decodePageToken(token, "string");
    if (token !== undefined && !cursor) return reply.redirect("/admin/groups", 303);
    const page = await groups.list(principalOf(request), {
      after: cursor && { displayName: cursor[0], id: cursor[1] },
    });
    return http.sendPage(
      reply,
      GroupsPage({
        page: http.pageContext(request, reply),
        groups: page.groups,
        mayCreate: kit.allowedOf(request).manageGroups,
        nextHref:
          page.next &&
          `/admin/groups?after=${encodePageToken(page.next.displayName, page.next.id)}`,
        isFirstPage: !cursor,
      }),
    );
  });

  const renderNew = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: GroupValues,
    errors: FieldError[],
    status = 200,
  ) =>
    http.sendPage(
      reply,
      NewGroupPage({ page: http.pageContext(request, reply), values, errors }),
      status,
    );

  app.get("/admin/groups/new", inSection, async (request, reply) => {
    if (!kit.allowedOf(request).manageGroups) {
      return kit.errorPage(request, reply, "forbidden", BACK);
    }
    return renderNew(request, reply, { displayName: "", description: "" }, []);
  });

  app.post<{ Body: Form }>("/admin/groups/new", inSection, async (request, reply) => {
    const body = request.body ?? {};
    const values = {
      displayName: textOf(body, "displayName"),
      description: textOf(body, "description"),
    };
    if (!kit.allowedOf(request).manageGroups) {
      return kit.errorPage(request, reply, "forbidden", BACK);
    }
    const missing = requiredFields(request.t, body, { displayName: "required.groupName" });
    if (missing.length > 0) return renderNew(request, reply, values, missing, 400);
    try {
      const group = await groups.create(principalOf(request), {
        ...values,
        origin: http.origin(request),
      });
      return reply.redirect(`${groupUrl(group.id)}?done=created`, 303);
    } catch (error) {
      const { errors, status } = formRefusal(request.t, error, {
        conflict: "error.groupNameTaken",
      });
      return renderNew(request, reply, values, errors, status);
    }
  });

  /** A group's page: its members a page at a time, with a notice or the add form's errors. */
  async function renderGroup(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    query: PageQuery,
    form: { userId: string; errors: FieldError[]; status: number } = {
      userId: "",
      errors: [],
      status: 200,
    },
  ) {
    const principal = principalOf(request);
    const group = await groups.get(principal, request.params.id);
    const token = query.after;
    const cursor = token === undefined ? undefined : decodePageToken(token, "string");
    if (token !== undefined && !cursor) return reply.redirect(groupUrl(group.id), 303);
    const members = await groups.listMembers(principal, group.id, {
      after: cursor && { nameKey: cursor[0], id: cursor[1] },
    });
    let notice: string | undefined;
    if (query.done === "created") notice = request.t("admin.groups.done.created");
    const changed = query.added ?? query.removed;
    if (changed) {
      const user = await usersRead.details(principal, changed).then(
        (details) => details.user,
        () => undefined,
      );
      const key = query.added ? "admin.groups.done.added" : "admin.groups.done.removed";
      notice = user && request.t(key, { name: user.displayName, group: group.displayName });
    }
    return http.sendPage(
      reply,
      GroupPage({
        page: http.pageContext(request, reply),
        group,
        members: members.users,
        mayManage: kit.allowedOf(request).manageGroups,
        memberUserId: form.userId,
        errors: form.errors,
        nextHref:
          members.next &&
          `${groupUrl(group.id)}?after=${encodePageToken(members.next.nameKey, members.next.id)}`,
        isFirstPage: !cursor,
        notice,
      }),
      form.status,
    );
  }

  app.get<{ Params: Params; Querystring: PageQuery }>(
    "/admin/groups/:id",
    inSection,
    async (request, reply) => {
      return await renderGroup(request, reply, request.query);
    },
  );

  app.post<{ Params: Params; Body: Form }>(
    "/admin/groups/:id/members",
    inSection,
    async (request, reply) => {
      const principal = principalOf(request);
      const userId = textOf(request.body ?? {}, "userId").trim();
      const formError = (errors: FieldError[], status: number) =>
        renderGroup(request, reply, {}, { userId, errors, status });
      const group = await groups.get(principal, request.params.id);
      if (!kit.allowedOf(request).manageGroups) {
        return kit.errorPage(request, reply, "forbidden", BACK);
      }
      if (userId === "") {
        return await formError(
          [{ field: "userId", message: request.t("required.memberUserId") }],
          400,
        );
      }
      let member;
      try {
        member = await usersRead.findByUserId(principal, userId);
      } catch (error) {
        if (!isSesameError(error, "notFound")) throw error;
        return await formError(
          [{ field: "userId", message: request.t("error.memberNotFound") }],
          statusOf(error),
        );
      }
      try {
        await groups.addMember(principal, {
          groupId: group.id,
          userId: member.id,
          origin: http.origin(request),
        });
      } catch (error) {
        const { errors, status } = formRefusal(
          request.t,
          error,
          { conflict: "error.alreadyMember" },
          "userId",
        );
        return await formError(errors, status);
      }
      return reply.redirect(`${groupUrl(group.id)}?added=${encodeURIComponent(member.id)}`, 303);
    },
  );

  app.post<{ Params: Params; Body: Form }>(
    "/admin/groups/:id/members/remove",
    inSection,
    async (request, reply) => {
      const principal = principalOf(request);
      const userId = textOf(request.body ?? {}, "userId");
      const group = await groups.get(principal, request.params.id);
      try {
        await groups.removeMember(principal, {
          groupId: group.id,
          userId,
          origin: http.origin(request),
        });
      } catch (error) {
        // The group exists (checked above): notFound is about the user or the membership.
        if (!isSesameError(error, "notFound")) throw error;
        return await renderGroup(
          request,
          reply,
          {},
          {
            userId: "",
            errors: [{ message: request.t("error.notMember") }],
            status: statusOf(error),
          },
        );
      }
      return reply.redirect(`${groupUrl(group.id)}?removed=${encodeURIComponent(userId)}`, 303);
    },
  );
}
