import { newToken, tokenHash } from "../domain/tokens.js";
import type { Queryable } from "../store/database.js";
import {
  deleteSession,
  deleteUserSessions,
  findSessionWithUser,
  insertSession,
  touchSession,
} from "../store/sessions.js";
import { toUser, type User } from "../store/users.js";
import { audit } from "./audit.js";
import type { RequestOrigin, ServiceDeps } from "./context.js";

export interface SessionSettings {
  idleMinutes: number;
  absoluteHours: number;
}

export interface ActiveSession {
  idHash: string;
  user: User;
  organisationName: string;
  createdAt: number;
}

// Writing last-seen on every request would turn each page view into a write.
const TOUCH_INTERVAL_MS = 60_000;

/** Server-side sessions: 256-bit random ids; only their SHA-256 is stored. */
export function hashSessionId(token: string): string {
  return tokenHash(token);
}

export function createSessions(
  deps: Pick<ServiceDeps, "store" | "now">,
  settings: SessionSettings,
) {
  const { store, now } = deps;
  const idleMs = settings.idleMinutes * 60_000;
  const absoluteMs = settings.absoluteHours * 3_600_000;

  return {
    /** Opens a new session (a fresh id at every sign-in); returns the cookie value. */
    async open(q: Queryable, user: User, origin: RequestOrigin): Promise<string> {
      const token = newToken();
      const at = now();
      await insertSession(q, {
        id_hash: hashSessionId(token),
        user_id: user.id,
        organisation_id: user.organisationId,
        created_at: at,
        last_seen_at: at,
        expires_at: at + absoluteMs,
        ip: origin.ip,
        user_agent: origin.userAgent?.slice(0, 512) ?? null,
      });
      return token;
    },

    /** The live session behind a cookie value, or undefined (expired, idle, user blocked or deleted). */
    async resolve(token: string | undefined): Promise<ActiveSession | undefined> {
      if (!token || token.length > 100) return undefined;
      const idHash = hashSessionId(token);
      const found = await findSessionWithUser(store, idHash);
      if (!found) return undefined;
      const at = now();
      const user = toUser(found.userRow);
      const { session } = found;
      if (
        at >= session.expires_at ||
        at >= session.last_seen_at + idleMs ||
        !user.accountEnabled ||
        user.deletedAt !== null
      ) {
        await deleteSession(store, idHash);
        return undefined;
      }
      if (at - session.last_seen_at >= TOUCH_INTERVAL_MS) await touchSession(store, idHash, at);
      return {
        idHash,
        user,
        organisationName: found.organisationName,
        createdAt: session.created_at,
      };
    },

    /** Ends the session behind the cookie, if any, quietly (a superseded session at sign-in). */
    async end(token: string | undefined): Promise<void> {
      if (token) await deleteSession(store, hashSessionId(token));
    },

    /** The user signs out: the session ends and the audit log says so. */
    async signOut(active: ActiveSession, origin: RequestOrigin): Promise<void> {
      await store.transaction(async (tx) => {
        await deleteSession(tx, active.idHash);
        const user = { id: active.user.id, name: active.user.userPrincipalName };
        await audit(tx, now(), {
          organisationId: active.user.organisationId,
          activity: "signOut",
          result: "success",
          actor: user,
          target: user,
          origin,
        });
      });
    },

    /** Ends the user's sessions, but the one given. */
    endAllOf: (q: Queryable, userId: string, exceptIdHash?: string) =>
      deleteUserSessions(q, userId, exceptIdHash),
  };
}

export type Sessions = ReturnType<typeof createSessions>;
