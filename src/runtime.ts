import { ConfigError, type Config } from "./config.js";
import { createServices, type Services } from "./wiring.js";
import {
  describeStore,
  migrateToLatest,
  openStore,
  storeExists,
  type Store,
} from "./store/database.js";

export interface RuntimeOptions {
  /**
   * Whether a missing store may be created. The server and `sesame init` create one; every
   * other command refuses, so that one run in the wrong folder does not make an empty store
   * and then say there is no organisation.
   */
  create: boolean;
}

/** Opens the configured store, brings its schema up to date and builds the services. */
export async function openRuntime(
  config: Config,
  options: RuntimeOptions = { create: true },
): Promise<{ store: Store; services: Services }> {
  if (!options.create && !(await storeExists(config))) {
    throw new ConfigError([
      `There is no Sesame store at ${describeStore(config)}. Run this in the folder the server ` +
        "runs in, or set SESAME_DATA_DIR (or SESAME_DATABASE_URL) to the server's store; " +
        "`sesame init` creates a new one.",
    ]);
  }
  const store = openStore(config);
  try {
    await migrateToLatest(store);
    const services = await createServices(store, config);
    return { store, services };
  } catch (error) {
    await store.close();
    throw error;
  }
}
