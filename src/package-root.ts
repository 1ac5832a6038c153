import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder holding Sesame's package.json (and public/), found from this module: it is
 * src/ under the tests and the bundle in dist/ when started, at different depths.
 */
export const PACKAGE_ROOT = (() => {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(folder, "package.json"))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error("Sesame's package.json was not found");
    folder = parent;
  }
  return folder;
})();
