import { Type, type Static, type TSchema } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { Organisation } from "../../store/organisations.js";
import { notFound } from "../../services/errors.js";
import { operation, type ApiContext } from "./context.js";
import { collection, CollectionOf, contextUrl } from "./odata.js";

/** A domain as Graph's organization lists it; each organisation has the one it was made with. */
const VerifiedDomainSchema = Type.Object({
  name: Type.String(),
  type: Type.Literal("Managed"),
  isDefault: Type.Boolean(),
  isInitial: Type.Boolean(),
  capabilities: Type.String(),
});

const OrganizationSchema = Type.Object(
  {
    id: Type.String(),
    displayName: Type.String(),
    createdDateTime: Type.String({ format: "date-time" }),
    verifiedDomains: Type.Array(VerifiedDomainSchema),
  },
  { description: "microsoft.graph.organization (the API key's organisation)" },
);

const DomainSchema = Type.Object(
  {
    id: Type.String({ description: "The domain's name" }),
    authenticationType: Type.Literal("Managed"),
    isDefault: Type.Boolean(),
    isInitial: Type.Boolean(),
    isRoot: Type.Literal(true),
    isVerified: Type.Literal(true),
    supportedServices: Type.Array(Type.String()),
  },
  { description: "microsoft.graph.domain" },
);

/** A single entity as Graph answers it: with the `@odata.context` naming its set. */
const Entity = <T extends TSchema>(schema: T) =>
  Type.Composite([Type.Object({ "@odata.context": Type.String() }), schema]);

const IdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
type IdParams = Static<typeof IdParams>;

/** Users sign in with a User ID in this domain: Graph calls that "Email". */
const CAPABILITIES = "Email";

function toGraphOrganization(organisation: Organisation, domains: readonly string[]) {
  return {
    id: organisation.id,
    displayName: organisation.name,
    createdDateTime: new Date(organisation.createdAt).toISOString(),
    verifiedDomains: domains.map((name, index) => ({
      name,
      type: "Managed" as const,
      isDefault: index === 0,
      isInitial: index === 0,
      capabilities: CAPABILITIES,
    })),
  };
}

const toGraphDomain = (name: string, index: number) => ({
  id: name,
  authenticationType: "Managed" as const,
  isDefault: index === 0,
  isInitial: index === 0,
  isRoot: true as const,
  isVerified: true as const,
  supportedServices: [CAPABILITIES],
});

/** GET /organization and /domains (Graph v1.0): the key's own organisation and its domains. */
export function registerOrganizationApi(api: FastifyInstance, ctx: ApiContext) {
  const { organisation: organisationRead } = ctx.services.admin;

  api.get(
    "/organization",
    operation("listOrganization", {
      response: { 200: CollectionOf(OrganizationSchema, "The API key's organisation") },
    }),
    async (request) => {
      const { organisation, domains } = await organisationRead.describe(ctx.principalOf(request));
      return collection(
        ctx.publicUrl,
        request,
        "organization",
        [toGraphOrganization(organisation, domains)],
        undefined,
      );
    },
  );

  api.get<{ Params: IdParams }>(
    "/organization/:id",
    operation("getOrganization", {
      params: IdParams,
      response: { 200: Entity(OrganizationSchema) },
    }),
    async (request) => {
      const { organisation, domains } = await organisationRead.describe(ctx.principalOf(request));
      // Another organisation's id is as unknown as no organisation's.
      if (request.params.id.toLowerCase() !== organisation.id) {
        throw notFound("There is no such organization.");
      }
      return {
        "@odata.context": contextUrl(ctx.publicUrl, "organization/$entity"),
        ...toGraphOrganization(organisation, domains),
      };
    },
  );

  api.get(
    "/domains",
    operation("listDomains", {
      response: { 200: CollectionOf(DomainSchema, "The organisation's domains") },
    }),
    async (request) => {
      const { domains } = await organisationRead.describe(ctx.principalOf(request));
      return collection(ctx.publicUrl, request, "domains", domains.map(toGraphDomain), undefined);
    },
  );

  api.get<{ Params: IdParams }>(
    "/domains/:id",
    operation("getDomain", { params: IdParams, response: { 200: Entity(DomainSchema) } }),
    async (request) => {
      const { domains } = await organisationRead.describe(ctx.principalOf(request));
      const index = domains.indexOf(request.params.id.toLowerCase());
      if (index < 0) throw notFound("There is no such domain in this organisation.");
      return {
        "@odata.context": contextUrl(ctx.publicUrl, "domains/$entity"),
        ...toGraphDomain(domains[index] ?? "", index),
      };
    },
  );
}
