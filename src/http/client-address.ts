import { isIPv6 } from "node:net";
import type { FastifyInstance, FastifyRequest } from "fastify";

declare module "fastify" {
  interface FastifyRequest {
    /**
     * The client's address as the request arrived (through the trusted proxy, when one is
     * configured); null when the client had already gone.
     */
    clientAddress: string | null;
  }
}

/**
 * Reads the client's address once, when the request arrives. Fastify's `request.ip` asks the
 * socket each time, and a socket whose client hung up no longer knows it: a hook after an
 * await (a session or API key looked up in PostgreSQL) read undefined, and the rate
 * limiter's own key generator threw on it.
 */
export function rememberClientAddress(app: FastifyInstance): void {
  app.decorateRequest("clientAddress", null);
  app.addHook("onRequest", (request, _reply, done) => {
    request.clientAddress = request.ip ?? null;
    done();
  });
}

/** Addresses counted together by a rate limit: one IPv4 address, or one IPv6 /64 (one site). */
export function rateLimitKey(request: FastifyRequest): string {
  const address = request.clientAddress;
  if (address === null) return "unknown";
  if (!isIPv6(address)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return mapped;
  return `${ipv6Groups(address).slice(0, 4).join(":")}::/64`;
}

/** The eight groups of an IPv6 address, "::" filled in, an embedded IPv4 tail as two groups. */
function ipv6Groups(address: string): string[] {
  const [head = "", tail] = address.toLowerCase().split("%")[0]?.split("::") ?? [];
  const part = (text: string | undefined) =>
    (text ?? "").split(":").filter(Boolean).flatMap(dottedAsGroups);
  const first = part(head);
  const last = tail === undefined ? [] : part(tail);
  const zeros = Array<string>(8 - first.length - last.length).fill("0");
  return [...first, ...zeros, ...last].map((group) => group.replace(/^0+(?=.)/, ""));
}

function dottedAsGroups(group: string): string[] {
  if (!group.includes(".")) return [group];
  const bytes = group.split(".").map(Number);
  const hex = (high = 0, low = 0) => ((high << 8) | low).toString(16);
  return [hex(bytes[0], bytes[1]), hex(bytes[2], bytes[3])];
}
