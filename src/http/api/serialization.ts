import type { TSchema } from "@sinclair/typebox";
import fastJsonStringify from "fast-json-stringify";
import type { FastifySerializerCompiler } from "fastify";

/**
 * Fastify's own serializer (fast-json-stringify: only the schema's properties go out, so a
 * field added to a record never leaks), built at the first answer of its route instead of
 * at start: generating the code of every route's serializers was a sixth of a cold start.
 */
export const lazySerializerCompiler: FastifySerializerCompiler<TSchema> = ({ schema }) => {
  let serialize: ((data: unknown) => string) | undefined;
  return (data) => (serialize ??= fastJsonStringify(schema))(data);
};
