/** How many organisations' values a cache keeps; the least recently loaded goes first. */
const KEPT_ORGANISATIONS = 1_000;

/**
 * A value per organisation, loaded again once it is `seconds` old: counts that read many rows,
 * a page's branding. Another instance's change shows within that time; `forget` makes this
 * instance's own change show at once.
 */
export function keptPerOrganisation<T>(
  seconds: number,
  now: () => number,
  load: (organisationId: string) => Promise<T>,
) {
  const kept = new Map<string, { value: T; at: number }>();
  return {
    async get(organisationId: string): Promise<T> {
      const at = now();
      const last = kept.get(organisationId);
      if (last && at - last.at < seconds * 1000) return last.value;
      const value = await load(organisationId);
      kept.delete(organisationId);
      kept.set(organisationId, { value, at });
      // The oldest first: a Map keeps insertion order.
      if (kept.size > KEPT_ORGANISATIONS) kept.delete(kept.keys().next().value ?? "");
      return value;
    },
    forget(organisationId: string): void {
      kept.delete(organisationId);
    },
  };
}
