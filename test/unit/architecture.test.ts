import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The shape of the house (README, "How the code is laid out"), checked on the source: each
 * layer imports only those below it, and no file imports one that imports it back.
 */
const SRC = fileURLToPath(new URL("../../src/", import.meta.url));
const MAX_SERVICE_LINES = 350;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const files = sourceFiles(SRC);
const relative = (file: string) => path.relative(SRC, file).split(path.sep).join("/");

/** Every file of src/ that `file` imports or re-exports from, type-only imports included. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/gs)].map(
    (match) => match[1] ?? "",
  );
  return specifiers.map((specifier) => {
    const target = path.resolve(path.dirname(file), specifier).replace(/\.js$/, "");
    const found = [".ts", ".tsx"].map((ext) => target + ext).find((f) => files.includes(f));
    if (!found) throw new Error(`${relative(file)} imports ${specifier}, which is not in src/`);
    return relative(found);
  });
}

const graph = new Map(files.map((file) => [relative(file), importsOf(file)]));
const importersOf = (from: string, to: string) =>
  [...graph].filter(
    ([file, imports]) => file.startsWith(from) && imports.some((i) => i.startsWith(to)),
  );

describe("the layout of the code", () => {
  it("keeps the services from the views: they say what happened, the wiring renders it", () => {
    expect(importersOf("services/", "views/")).toEqual([]);
  });

  it("gives pages and emails plain view models, never service or store types", () => {
    expect(importersOf("views/", "services/")).toEqual([]);
    expect(importersOf("views/", "store/")).toEqual([]);
  });

  it("keeps the domain pure and the configuration free of delivery", () => {
    const outside = [...graph].filter(
      ([file, imports]) =>
        file.startsWith("domain/") && imports.some((i) => !i.startsWith("domain/")),
    );
    expect(outside).toEqual([]);
    expect(graph.get("config.ts")?.filter((i) => i.startsWith("delivery/"))).toEqual([]);
  });

  it("has no import loop, type-only imports included", () => {
    const loops: string[][] = [];
    const done = new Set<string>();
    const visit = (file: string, trail: string[]) => {
      const at = trail.indexOf(file);
      if (at >= 0) return void loops.push([...trail.slice(at), file]);
      if (done.has(file)) return;
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      done.add(file);
    };
    for (const file of graph.keys()) visit(file, []);
    expect(loops).toEqual([]);
  });

  it(`keeps every use case under ${MAX_SERVICE_LINES} lines`, () => {
    const long = [...graph.keys()]
      .filter((file) => file.startsWith("services/"))
      .map((file) => ({
        file,
        lines: readFileSync(path.join(SRC, file), "utf8").split("\n").length,
      }))
      .filter(({ lines }) => lines > MAX_SERVICE_LINES);
    expect(long).toEqual([]);
  });
});
