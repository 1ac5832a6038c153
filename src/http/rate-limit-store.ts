import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from "@fastify/rate-limit";
import LocalStore from "@fastify/rate-limit/store/LocalStore.js";
import RedisStore from "@fastify/rate-limit/store/RedisStore.js";
import type { Redis } from "ioredis";

type Counted = Parameters<FastifyRateLimitStore["incr"]>[1];

/**
 * Rate-limit counters in Redis, shared by every instance, and in this process while Redis
 * cannot be reached: an instance then enforces each limit on its own (a client gets at most
 * the limit once per instance) rather than refusing every request with a 500 or letting
 * every request through. `warn` hears of each switch, once.
 */
export function sharedCounters(
  redis: Redis,
  warn: (message: string) => void,
): FastifyRateLimitStoreCtor {
  let shared = true;
  const fellBack = (error: Error) => {
    if (shared) warn(`Rate limits count in this instance alone: Redis failed (${error.message}).`);
    shared = false;
  };
  const cameBack = () => {
    if (!shared) warn("Rate limits count in Redis again, shared by every instance.");
    shared = true;
  };

  const both = (inRedis: FastifyRateLimitStore, here: FastifyRateLimitStore) => {
    const store: FastifyRateLimitStore = {
      incr(key, done: Counted, timeWindow, max) {
        inRedis.incr(
          key,
          (error, result) => {
            if (!error) {
              cameBack();
              return done(null, result);
            }
            fellBack(error);
            here.incr(key, done, timeWindow, max);
          },
          timeWindow,
          max,
        );
      },
      child: (routeOptions) => both(inRedis.child(routeOptions), here.child(routeOptions)),
    };
    return store;
  };

  // The plugin calls `new Store(itsOptions)`, with these two among them; a function that
  // returns an object gives that object to `new`.
  function Store(options: { continueExceeding?: boolean; exponentialBackoff?: boolean }) {
    const continueExceeding = options.continueExceeding ?? false;
    const exponentialBackoff = options.exponentialBackoff ?? false;
    return both(
      new RedisStore(continueExceeding, exponentialBackoff, redis),
      new LocalStore(continueExceeding, exponentialBackoff),
    );
  }
  return Store as unknown as FastifyRateLimitStoreCtor;
}

/** Waits until `redis` is connected, or `ms` have passed (then the counters start here). */
export async function connectedOrNot(redis: Redis, ms: number): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      redis.off("ready", done);
      resolve();
    }
    redis.once("ready", done);
  });
}
