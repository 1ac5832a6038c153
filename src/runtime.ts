import type { Config } from "./config.js";
import { createServices, type Services } from "./wiring.js";
import { migrateToLatest, openStore, type Store } from "./store/database.js";

/** Opens the configured store, brings its schema up to date and builds the services. */
export async function openRuntime(config: Config): Promise<{ store: Store; services: Services }> {
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
