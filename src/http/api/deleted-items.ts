import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { operation, type ApiContext } from "./context.js";
import { collection, CollectionOf, encodeSkipToken, pageAsked, PagingQuery } from "./odata.js";
import { GraphUserSchema, toGraphUser } from "./user-shape.js";

const DeletedUsersCursor = Type.Object({ deletedAt: Type.Integer(), id: Type.String() });
const ListQuery = Type.Object({ ...PagingQuery }, { additionalProperties: false });
const ItemParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64, description: "The deleted user's id" }) },
  { additionalProperties: false },
);

/** /directory/deletedItems (SPEC [S1]): users deleted in the last 30 days, and restoring them. */
export function registerDeletedItemsApi(api: FastifyInstance, ctx: ApiContext) {
  const { usersWrite } = ctx.services.admin;

  const listSchema = {
    querystring: ListQuery,
    response: {
      200: CollectionOf(GraphUserSchema, "Deleted users, most recently deleted first"),
    },
  };
  // Graph's path casts deletedItems to a type; /users is the same list by a friendlier name.
  const paths = [
    ["/directory/deletedItems/users", "listDeletedUsers"],
    ["/directory/deletedItems/microsoft.graph.user", "listDeletedUsersByType"],
  ] as const;
  for (const [path, id] of paths) {
    api.get<{ Querystring: Static<typeof ListQuery> }>(
      path,
      operation(id, listSchema),
      async (request) => {
        const page = await usersWrite.listDeleted(
          ctx.principalOf(request),
          pageAsked(DeletedUsersCursor, request.query),
        );
        return collection(
          ctx.publicUrl,
          request,
          "directoryObjects(microsoft.graph.user)",
          page.users.map(toGraphUser),
          page.next && encodeSkipToken(page.next),
        );
      },
    );
  }

  api.post<{ Params: Static<typeof ItemParams> }>(
    "/directory/deletedItems/:id/restore",
    operation("restoreDeletedItem", {
      params: ItemParams,
      response: { 200: GraphUserSchema },
    }),
    async (request) =>
      toGraphUser(
        await usersWrite.restoreUser(
          ctx.principalOf(request),
          request.params.id,
          ctx.origin(request),
        ),
      ),
  );
}
