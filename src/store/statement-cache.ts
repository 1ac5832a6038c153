import type BetterSqlite3 from "better-sqlite3";
import type { SqliteDatabase, SqliteStatement } from "kysely";

/** Enough for every statement Sesame makes, with room for the lengths of IN lists. */
const STATEMENTS_KEPT = 1_000;

/**
 * better-sqlite3 with its prepared statements kept, the least recently used dropped first.
 * Kysely prepares every query again, and preparing was a tenth of the server's CPU in a
 * self-service reset start (bench/peer.ts). Reusing one is safe: Kysely runs one query at a
 * time on the connection, each to the end (`all` or `run`; Sesame streams none), and SQLite
 * prepares a statement again by itself after a schema change.
 */
export function keepingStatements(database: BetterSqlite3.Database): SqliteDatabase {
  const kept = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => void database.close(),
    prepare(sql): SqliteStatement {
      let statement = kept.get(sql);
      if (statement) kept.delete(sql);
      else statement = database.prepare(sql);
      kept.set(sql, statement);
      if (kept.size > STATEMENTS_KEPT) {
        const oldest = kept.keys().next();
        if (!oldest.done) kept.delete(oldest.value);
      }
      return statement;
    },
  };
}
