import { ConfigError, isHttps, loadConfig } from "./config.js";
import { createPhoneTransport } from "./delivery/phone-transport.js";
import { createMailTransport } from "./delivery/transport.js";
import { createOutboxWorker } from "./delivery/worker.js";
import { buildApp } from "./http/app.js";
import { openRuntime } from "./runtime.js";
import { markServerRunning } from "./store/backup.js";
import { deleteExpiredSessions } from "./store/sessions.js";

const SWEEP_INTERVAL_MS = 10 * 60_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const { store, services } = await openRuntime(config);
  const app = await buildApp({ config, store, services });

  if (
    !isHttps(config) &&
    !["localhost", "127.0.0.1", "[::1]"].includes(config.publicUrl.hostname)
  ) {
    app.log.warn(
      `SESAME_PUBLIC_URL is ${config.publicUrl.href}: without https, passwords cross the network readable. Put Sesame behind TLS and set an https:// URL.`,
    );
  }

  await app.listen({ port: config.port, host: config.host });
  // `sesame restore` refuses to replace the file of a store a server runs on.
  const unmark = store.dialect === "sqlite" ? markServerRunning(config.dataDir) : () => undefined;
  app.log.info(
    { database: store.dialect, dataDir: store.dialect === "sqlite" ? config.dataDir : undefined },
    `Sesame is listening on ${config.publicUrl.href}`,
  );

  // Delivery runs beside the server, never inside a request: it empties the outbox.
  const transport = createMailTransport(config, app.log);
  const phoneTransport = createPhoneTransport(config, app.log);
  const outboxWorker = createOutboxWorker({
    store,
    transports: { email: transport, phone: phoneTransport },
    unseal: { email: services.outbox.unseal, phone: services.outbox.unsealPhoneMessage },
    log: app.log,
  });
  await outboxWorker.start();
  app.log.info(`Email goes to ${transport.description}`);
  app.log.info(`Text messages and calls go to ${phoneTransport.description}`);

  const token = await services.setup.issueToken();
  if (token) {
    const link = new URL(`/setup?token=${token}`, config.publicUrl);
    console.log(
      `\nSesame has no organisation yet. Open this one-time link to create it and its first administrator:\n\n  ${link.href}\n\n(or run: npx sesame init --org "Contoso" --domain contoso.com --admin admin@contoso.com)\n`,
    );
  }

  const sweep = setInterval(() => {
    deleteExpiredSessions(store, Date.now()).catch((error: unknown) =>
      app.log.warn({ err: error }, "could not delete expired sessions"),
    );
  }, SWEEP_INTERVAL_MS);
  sweep.unref();

  const shutdown = async (signal: string) => {
    app.log.info(`${signal}: finishing requests, then stopping`);
    clearInterval(sweep);
    await app.close();
    await outboxWorker.stop();
    transport.close();
    await store.close();
    unmark();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error("Sesame could not start:", error);
  }
  process.exit(1);
});
