import pg from "pg";
import { expect, it } from "vitest";
import { describeEachStore } from "../support/stores.js";

describeEachStore("the store", (fx) => {
  // A PostgreSQL matter: SQLite has no server to end connections.
  it.skipIf(fx.kind !== "postgres")(
    "keeps working when PostgreSQL ends its idle connections (restart, failover)",
    async () => {
      await fx.store.ping();
      const database = new URL(fx.databaseUrl ?? "").pathname.slice(1);
      const admin = new pg.Client({ connectionString: process.env.SESAME_TEST_DATABASE_URL });
      await admin.connect();
      const { rowCount } = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        [database],
      );
      await admin.end();
      expect(rowCount).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await expect(fx.store.ping()).resolves.toBeUndefined();
    },
  );
});
