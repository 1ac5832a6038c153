/** A posted HTML form as @fastify/formbody parses it: a field is a text, texts, or absent. */
export type Form = Record<string, unknown>;

/** A form field's text ("" when absent or not text). */
export const textOf = (body: Form, name: string): string =>
  typeof body[name] === "string" ? body[name] : "";

/** A repeated form field (check boxes of one name) as a list of texts. */
export const textsOf = (body: Form, name: string): string[] => {
  const value = body[name];
  const values = Array.isArray(value) ? (value as unknown[]) : [value];
  return values.filter((item): item is string => typeof item === "string" && item !== "");
};
