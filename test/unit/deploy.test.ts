import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { ROOT } from "../support/cli.js";

const unit = fs.readFileSync(path.join(ROOT, "deploy/sesame.service"), "utf8");

/** The unit's Environment= settings, as the server would see them. */
const environmentOf = (text: string): Record<string, string> =>
  Object.fromEntries(
    [...text.matchAll(/^Environment=([A-Z_]+)=(.*)$/gm)].map((m) => [m[1] ?? "", m[2] ?? ""]),
  );

describe("deploy/: the systemd unit and the reverse proxy", () => {
  it("sets settings Sesame accepts, behind a proxy it trusts, where the proxy sends it", () => {
    const env = environmentOf(unit);
    const config = loadConfig(env);
    expect(config.trustProxy).toBe(true);
    expect(config.host).toBe("127.0.0.1");
    expect(config.dataDir).toBe("/var/lib/sesame");
    expect(env.SESAME_PUBLIC_URL).toMatch(/^https:\/\//);
    // The data folder is the unit's StateDirectory, the port the one the proxy forwards to.
    expect(unit).toMatch(/^StateDirectory=sesame$/m);
    const caddy = fs.readFileSync(path.join(ROOT, "deploy/Caddyfile"), "utf8");
    expect(caddy).toContain(`reverse_proxy ${config.host}:${config.port}`);
    // No hop whose X-Forwarded-For would be believed from a client.
    expect(caddy).not.toMatch(/^\s*trusted_proxies/m);
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toContain("deploy/sesame.service");
    expect(readme).toContain("SESAME_TRUST_PROXY");
  });

  const analyze = "/usr/bin/systemd-analyze";
  it.skipIf(!fs.existsSync(analyze))("is a unit systemd accepts", () => {
    // Pointed at this checkout's build and Node, so verify can check that they exist.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-unit-"));
    const file = path.join(folder, "sesame.service");
    fs.writeFileSync(
      file,
      unit
        .replace(
          "ExecStart=/usr/bin/node /opt/sesame/dist/main.js",
          `ExecStart=${process.execPath} ${path.join(ROOT, "dist/main.js")}`,
        )
        .replace("WorkingDirectory=/opt/sesame", `WorkingDirectory=${ROOT}`),
    );
    try {
      // verify exits 0 on an unknown key, only saying so: any word from it is a failure.
      const result = spawnSync(analyze, ["verify", file], { encoding: "utf8" });
      expect(`${result.stdout}${result.stderr}`).toBe("");
      expect(result.status).toBe(0);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
