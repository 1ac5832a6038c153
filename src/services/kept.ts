/** How many values a cache keeps (one per organisation, mostly); the least recently loaded goes first. */
const KEPT_VALUES = 1_000;

/**
 * A value per key (an organisation's id, mostly), loaded again once it is `seconds` old: counts
 * that read many rows, a page's branding. Another instance's change shows within that time;
 * `forget` makes this instance's own change show at once.
 */
export function keptFor<T>(seconds: number, now: () => number, load: (key: string) => Promise<T>) {
  const kept = new Map<string, { value: T; at: number }>();
  return {
    async get(key: string): Promise<T> {
      const at = now();
      const last = kept.get(key);
      if (last && at - last.at < seconds * 1000) return last.value;
      const value = await load(key);
      kept.delete(key);
      kept.set(key, { value, at });
      // The oldest first: a Map keeps insertion order.
      if (kept.size > KEPT_VALUES) kept.delete(kept.keys().next().value ?? "");
      return value;
    },
    forget(key: string): void {
      kept.delete(key);
    },
  };
}
