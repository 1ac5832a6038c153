import type { FastifyInstance } from "fastify";
import { CATALOGUES, type MessageKey } from "../../views/i18n.js";
import { ApiDocsPage, type ApiOperationGroup } from "../../views/pages/api-docs.js";
import { API_RATE_LIMIT, API_TAGS, type ApiContext, type OperationId } from "./context.js";
import { API_ROOT } from "./odata.js";

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

interface SpecOperation {
  operationId?: string;
  tags?: string[];
}

/**
 * The OpenAPI 3.1 document @fastify/swagger builds from the routes' TypeBox schemas, and a
 * page listing its operations (server-rendered, no script).
 */
export function registerDocsApi(api: FastifyInstance, ctx: ApiContext) {
  const publicRoute = {
    schema: { hide: true },
    config: { apiPublic: true, rateLimit: API_RATE_LIMIT },
  };

  api.get("/openapi.json", publicRoute, async () => api.swagger());

  api.get("/docs", publicRoute, async (request, reply) => {
    const spec = api.swagger() as { paths?: Record<string, Record<string, SpecOperation>> };
    const catalogue: Record<string, string> = CATALOGUES[request.language];
    const groups: ApiOperationGroup[] = API_TAGS.map((tag) => ({
      title: `apiDocs.tag.${tag}` satisfies MessageKey,
      operations: Object.entries(spec.paths ?? {}).flatMap(([path, item]) =>
        METHODS.flatMap((method) => {
          const operation = item[method];
          if (!operation?.tags?.includes(tag)) return [];
          const id = operation.operationId as OperationId | undefined;
          const summary = (id && catalogue[`apiDocs.op.${id}`]) ?? id ?? "";
          return [{ method: method.toUpperCase(), path: `${API_ROOT}${path}`, summary }];
        }),
      ),
    }));
    const baseUrl = new URL(API_ROOT, ctx.publicUrl).href;
    return ctx.http.sendPage(
      reply,
      ApiDocsPage({
        page: ctx.http.pageContext(request, reply),
        baseUrl,
        openApiUrl: `${baseUrl}/openapi.json`,
        groups,
      }),
    );
  });
}
