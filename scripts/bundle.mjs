// Bundles the server and the `sesame` command into one file each (dist/main.js,
// dist/cli/main.js). Node then reads two files at start instead of resolving, reading and
// compiling about 1,500 modules: that was most of a cold start. Packages that load
// native code or resolve their own files at run time stay outside the bundle, and so do
// zxcvbn's dictionaries, loaded at the first password check (domain/password-policy.ts).
import { build } from "esbuild";

await build({
  entryPoints: { main: "src/main.ts", "cli/main": "src/cli/main.ts" },
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  // Less source to parse and keep; identifiers stay, so stack traces still read.
  minifyWhitespace: true,
  minifySyntax: true,
  external: ["better-sqlite3", "@node-rs/argon2", "pino", "altcha", "@zxcvbn-ts/*"],
  // Bundled CommonJS packages call require(); in an ES module it has to be made.
  banner: {
    js: 'import { createRequire as createRequireOfBundle } from "node:module"; const require = createRequireOfBundle(import.meta.url);',
  },
  logLevel: "warning",
});
