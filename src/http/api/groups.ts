import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { Group } from "../../store/groups.js";
import { operation, type ApiContext } from "./context.js";
import { badRequest } from "./errors.js";
import { collection, CollectionOf, encodeSkipToken, pageAsked, PagingQuery } from "./odata.js";
import { GraphUserSchema, Nullable, toGraphUser } from "./user-shape.js";

const GroupSchema = Type.Object(
  {
    id: Type.String(),
    displayName: Type.String(),
    description: Nullable(Type.String()),
    createdDateTime: Type.String({ format: "date-time" }),
    securityEnabled: Type.Literal(true),
    mailEnabled: Type.Literal(false),
    groupTypes: Type.Array(Type.String(), { maxItems: 0 }),
  },
  { description: "microsoft.graph.group (a security group)" },
);

const MemberSchema = Type.Composite([
  Type.Object({ "@odata.type": Type.Literal("#microsoft.graph.user") }),
  GraphUserSchema,
]);

const CreateGroupBody = Type.Object(
  {
    displayName: Type.String({ maxLength: 256, description: "Unique, whatever the case" }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 1024 }))),
    // Graph requires these; Sesame's groups are security groups without mail.
    securityEnabled: Type.Optional(Type.Literal(true)),
    mailEnabled: Type.Optional(Type.Literal(false)),
    mailNickname: Type.Optional(
      Type.String({ maxLength: 64, description: "Accepted for Graph scripts; not used." }),
    ),
    groupTypes: Type.Optional(Type.Array(Type.String(), { maxItems: 0 })),
  },
  { additionalProperties: false },
);

const GroupCursor = Type.Object({ displayName: Type.String(), id: Type.String() });
const MemberCursor = Type.Object({ nameKey: Type.String(), id: Type.String() });
const ListQuery = Type.Object({ ...PagingQuery }, { additionalProperties: false });
const GroupParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64, description: "The group's id" }) },
  { additionalProperties: false },
);
const MemberParams = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64, description: "The group's id" }),
    memberId: Type.String({ minLength: 1, maxLength: 64, description: "The user's id" }),
  },
  { additionalProperties: false },
);
const MemberRefBody = Type.Object(
  {
    "@odata.id": Type.Optional(
      Type.String({
        maxLength: 2048,
        description: "A URL ending in the user's id, such as https://…/v1.0/directoryObjects/{id}",
      }),
    ),
    id: Type.Optional(Type.String({ maxLength: 256, description: "Or the user's id" })),
  },
  { additionalProperties: false },
);

const toGraphGroup = (group: Group) => ({
  id: group.id,
  displayName: group.displayName,
  description: group.description,
  createdDateTime: new Date(group.createdAt).toISOString(),
  securityEnabled: true as const,
  mailEnabled: false as const,
  groupTypes: [],
});

/** The member a `$ref` body names: the last path segment of `@odata.id`, or `id`. */
function memberOf(body: Static<typeof MemberRefBody>): string {
  const reference = body["@odata.id"];
  const id = reference === undefined ? body.id : reference.split("?")[0]?.split("/").at(-1);
  if (!id) throw badRequest("@odata.id", "Name the user: @odata.id ending in the user's id.");
  try {
    return decodeURIComponent(id);
  } catch {
    throw badRequest("@odata.id", "The URL in @odata.id is not valid.");
  }
}

/** /groups (SPEC [S1]): groups and their members. */
export function registerGroupApi(api: FastifyInstance, ctx: ApiContext) {
  const { groups } = ctx.services.admin;

  api.get<{ Querystring: Static<typeof ListQuery> }>(
    "/groups",
    operation("listGroups", {
      querystring: ListQuery,
      response: { 200: CollectionOf(GroupSchema, "A page of groups by display name") },
    }),
    async (request) => {
      const page = await groups.list(
        ctx.principalOf(request),
        pageAsked(GroupCursor, request.query),
      );
      return collection(
        ctx.publicUrl,
        request,
        "groups",
        page.groups.map(toGraphGroup),
        page.next && encodeSkipToken(page.next),
      );
    },
  );

  api.post<{ Body: Static<typeof CreateGroupBody> }>(
    "/groups",
    operation("createGroup", { body: CreateGroupBody, response: { 201: GroupSchema } }),
    async (request, reply) => {
      const group = await groups.create(ctx.principalOf(request), {
        displayName: request.body.displayName,
        description: request.body.description,
        origin: ctx.origin(request),
      });
      return reply.status(201).send(toGraphGroup(group));
    },
  );

  api.get<{ Params: Static<typeof GroupParams>; Querystring: Static<typeof ListQuery> }>(
    "/groups/:id/members",
    operation("listGroupMembers", {
      params: GroupParams,
      querystring: ListQuery,
      response: { 200: CollectionOf(MemberSchema, "A page of the group's members") },
    }),
    async (request) => {
      const page = await groups.listMembers(
        ctx.principalOf(request),
        request.params.id,
        pageAsked(MemberCursor, request.query),
      );
      const members = page.users.map((user) => ({
        "@odata.type": "#microsoft.graph.user" as const,
        ...toGraphUser(user),
      }));
      return collection(
        ctx.publicUrl,
        request,
        "directoryObjects",
        members,
        page.next && encodeSkipToken(page.next),
      );
    },
  );

  api.post<{ Params: Static<typeof GroupParams>; Body: Static<typeof MemberRefBody> }>(
    "/groups/:id/members/$ref",
    operation("addGroupMember", {
      params: GroupParams,
      body: MemberRefBody,
      response: { 204: Type.Null({ description: "Added" }) },
    }),
    async (request, reply) => {
      await groups.addMember(ctx.principalOf(request), {
        groupId: request.params.id,
        userId: memberOf(request.body),
        origin: ctx.origin(request),
      });
      return reply.status(204).send();
    },
  );

  api.delete<{ Params: Static<typeof MemberParams> }>(
    "/groups/:id/members/:memberId/$ref",
    operation("removeGroupMember", {
      params: MemberParams,
      response: { 204: Type.Null({ description: "Removed" }) },
    }),
    async (request, reply) => {
      await groups.removeMember(ctx.principalOf(request), {
        groupId: request.params.id,
        userId: request.params.memberId,
        origin: ctx.origin(request),
      });
      return reply.status(204).send();
    },
  );
}
