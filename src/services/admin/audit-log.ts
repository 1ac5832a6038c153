import { hasCapability } from "../../domain/permissions.js";
import { parseUserId } from "../../domain/user-id.js";
import { findAuditEvent, listAuditEvents, type AuditEvent } from "../../store/audit.js";
import { findUserByKey } from "../../store/users.js";
import { ACTIVITIES } from "../audit.js";
import type { ServiceDeps } from "../context.js";
import { forbidden, invalidInput, notFound } from "../errors.js";
import type { Principal } from "./principal.js";

/** The activity names as recorded (Microsoft's), for a filter's choices: sorted, each once. */
export const AUDIT_ACTIVITY_NAMES: readonly string[] = [
  ...new Set(Object.values(ACTIVITIES).map((entry) => entry.activity as string)),
].sort((a, b) => a.localeCompare(b, "en"));

export interface AuditCursor {
  at: number;
  id: string;
}

export interface AuditLogQuery {
  /** One of AUDIT_ACTIVITY_NAMES. */
  activity?: string | undefined;
  /** Who acted, by User ID (any case) or, for programs, the API key's name. */
  actor?: string | undefined;
  /** Whom it was done to, by User ID (any case) or the name recorded (a group's, a key's). */
  target?: string | undefined;
  /** From this instant on (inclusive), in epoch milliseconds. */
  from?: number | undefined;
  /** Before this instant (exclusive), in epoch milliseconds. */
  until?: number | undefined;
  /** The `next` of the previous page. */
  before?: AuditCursor | undefined;
  limit?: number | undefined;
}

const MAX_PAGE = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_NAME = 256;

/** Reading the audit log (SPEC [S12]): newest first, filtered, keyset pages. Needs readAudit. */
export function createAuditLog(deps: Pick<ServiceDeps, "store">) {
  const { store } = deps;

  /**
   * Who someone is in the log: a live user of the organisation found by User ID is matched by
   * id (whatever the name was then); anything else by the name recorded, ignoring case.
   */
  async function party(
    principal: Principal,
    field: string,
    text: string | undefined,
  ): Promise<{ id?: string; name?: string }> {
    const name = text?.trim() ?? "";
    if (name === "") return {};
    if ([...name].length > MAX_NAME) throw invalidInput(field, `${field} is too long.`);
    const parsed = parseUserId(name);
    const user = parsed && (await findUserByKey(store, principal.organisationId, parsed.key));
    return user ? { id: user.id } : { name: parsed?.userId ?? name };
  }

  const assertMayRead = (principal: Principal) => {
    if (!hasCapability(principal.roles, "readAudit")) {
      throw forbidden("Your roles don't give access to the audit log.");
    }
  };

  return {
    /** One event with everything recorded (modified properties among its details). */
    async get(principal: Principal, id: string): Promise<AuditEvent> {
      assertMayRead(principal);
      const event = UUID.test(id)
        ? await findAuditEvent(store, principal.organisationId, id)
        : undefined;
      if (!event) throw notFound("There is no such event in the audit log.");
      return event;
    },

    async list(
      principal: Principal,
      query: AuditLogQuery = {},
    ): Promise<{ events: AuditEvent[]; next?: AuditCursor }> {
      assertMayRead(principal);
      const activity = query.activity?.trim() || undefined;
      if (activity !== undefined && !AUDIT_ACTIVITY_NAMES.includes(activity)) {
        throw invalidInput("activity", `There is no activity "${activity}".`);
      }
      for (const [field, value] of [
        ["from", query.from],
        ["until", query.until],
      ] as const) {
        if (value !== undefined && !Number.isSafeInteger(value)) {
          throw invalidInput(field, `${field} is not a time.`);
        }
      }
      if (query.from !== undefined && query.until !== undefined && query.from >= query.until) {
        throw invalidInput("until", "The end of the period comes before its start.");
      }
      const actor = await party(principal, "actor", query.actor);
      const target = await party(principal, "target", query.target);
      const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), MAX_PAGE);
      const rows = await listAuditEvents(store, principal.organisationId, {
        limit: limit + 1,
        before: query.before,
        activity,
        actorId: actor.id,
        actorName: actor.name,
        targetId: target.id,
        targetName: target.name,
        from: query.from,
        until: query.until,
      });
      const events = rows.slice(0, limit);
      const last = events.at(-1);
      return rows.length > limit && last
        ? { events, next: { at: last.at, id: last.id } }
        : { events };
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
