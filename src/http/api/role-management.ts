import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { RoleAssignment } from "../../services/admin/roles.js";
import { operation, type ApiContext } from "./context.js";
import { collection, CollectionOf, filterClauses } from "./odata.js";

const RoleDefinitionSchema = Type.Object(
  {
    id: Type.String({ description: "Microsoft's role template id" }),
    displayName: Type.String(),
    templateId: Type.String(),
    isBuiltIn: Type.Boolean(),
    isEnabled: Type.Boolean(),
  },
  { description: "microsoft.graph.unifiedRoleDefinition" },
);

const RoleAssignmentSchema = Type.Object(
  {
    id: Type.String({ description: "The assignment's id: DELETE it to remove the role" }),
    principalId: Type.String({ description: "The user's id" }),
    roleDefinitionId: Type.String({ description: "The role's template id" }),
    directoryScopeId: Type.Literal("/"),
  },
  { description: "microsoft.graph.unifiedRoleAssignment" },
);

const ListAssignmentsQuery = Type.Object(
  {
    $filter: Type.Optional(
      Type.String({
        maxLength: 500,
        description: "principalId eq '<id>' and/or roleDefinitionId eq '<template id or name>'",
      }),
    ),
  },
  { additionalProperties: false },
);

const CreateAssignmentBody = Type.Object(
  {
    principalId: Type.String({ minLength: 1, maxLength: 64, description: "The user's id" }),
    roleDefinitionId: Type.String({
      minLength: 1,
      maxLength: 128,
      description: "The role's template id or display name",
    }),
    directoryScopeId: Type.Optional(Type.Literal("/", { description: "Only / (the directory)" })),
  },
  { additionalProperties: false },
);

const AssignmentParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

const toGraphAssignment = (assignment: RoleAssignment) => ({
  id: assignment.id,
  principalId: assignment.principalId,
  roleDefinitionId: assignment.roleId,
  directoryScopeId: "/" as const,
});

/** /roleManagement/directory (SPEC [S1], [S3]): admin roles and who holds them. */
export function registerRoleManagementApi(api: FastifyInstance, ctx: ApiContext) {
  const { roles } = ctx.services.admin;

  api.get(
    "/roleManagement/directory/roleDefinitions",
    operation("listRoleDefinitions", {
      response: { 200: CollectionOf(RoleDefinitionSchema, "The built-in admin roles") },
    }),
    async (request) => {
      const definitions = roles.listDefinitions(ctx.principalOf(request)).map((role) => ({
        id: role.id,
        displayName: role.displayName,
        templateId: role.id,
        isBuiltIn: true,
        isEnabled: true,
      }));
      return collection(
        ctx.publicUrl,
        request,
        "roleManagement/directory/roleDefinitions",
        definitions,
        undefined,
      );
    },
  );

  api.get<{ Querystring: Static<typeof ListAssignmentsQuery> }>(
    "/roleManagement/directory/roleAssignments",
    operation("listRoleAssignments", {
      querystring: ListAssignmentsQuery,
      response: { 200: CollectionOf(RoleAssignmentSchema, "Role assignments of live users") },
    }),
    async (request) => {
      const clauses = filterClauses(request.query.$filter, {
        principalId: ["eq"],
        roleDefinitionId: ["eq"],
      });
      const value = (property: string) => clauses.find((c) => c.property === property)?.value;
      const assignments = await roles.listAssignments(ctx.principalOf(request), {
        principalId: value("principalId"),
        role: value("roleDefinitionId"),
      });
      return collection(
        ctx.publicUrl,
        request,
        "roleManagement/directory/roleAssignments",
        assignments.map(toGraphAssignment),
        undefined,
      );
    },
  );

  api.post<{ Body: Static<typeof CreateAssignmentBody> }>(
    "/roleManagement/directory/roleAssignments",
    operation("createRoleAssignment", {
      body: CreateAssignmentBody,
      response: { 201: RoleAssignmentSchema },
    }),
    async (request, reply) => {
      const assignment = await roles.assign(ctx.principalOf(request), {
        principalId: request.body.principalId,
        role: request.body.roleDefinitionId,
        origin: ctx.origin(request),
      });
      return reply.status(201).send(toGraphAssignment(assignment));
    },
  );

  api.delete<{ Params: Static<typeof AssignmentParams> }>(
    "/roleManagement/directory/roleAssignments/:id",
    operation("deleteRoleAssignment", {
      params: AssignmentParams,
      response: { 204: Type.Null({ description: "Removed" }) },
    }),
    async (request, reply) => {
      await roles.removeAssignment(
        ctx.principalOf(request),
        request.params.id,
        ctx.origin(request),
      );
      return reply.status(204).send();
    },
  );
}
