import type { FastifyRequest } from "fastify";
import { describe, expect, it } from "vitest";
import { rateLimitKey } from "../../../src/http/client-address.js";

const keyOf = (clientAddress: string | null) => rateLimitKey({ clientAddress } as FastifyRequest);

describe("the rate limit's key", () => {
  it("is the IPv4 address, also when it came mapped into IPv6", () => {
    expect(keyOf("203.0.113.7")).toBe("203.0.113.7");
    expect(keyOf("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("counts one IPv6 /64 together, however the address is written", () => {
    const key = "2001:db8:0:12::/64";
    expect(keyOf("2001:db8:0:12::1")).toBe(key);
    expect(keyOf("2001:0DB8:0000:0012:ffff:1:2:3")).toBe(key);
    expect(keyOf("2001:db8:0:12:1::")).toBe(key);
    expect(keyOf("2001:db8:0:12::1%eth0")).toBe(key);
    expect(keyOf("2001:db8:0:13::1")).not.toBe(key);
    expect(keyOf("::1")).toBe("0:0:0:0::/64");
    expect(keyOf("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
  });

  it("is one shared key for a client that had gone before its address was read", () => {
    expect(keyOf(null)).toBe("unknown");
  });
});
