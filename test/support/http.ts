import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { loadConfig } from "../../src/config.js";
import { buildApp } from "../../src/http/app.js";
import type { StoreFixture } from "./stores.js";

export async function buildTestApp(
  fx: StoreFixture,
  env: Record<string, string> = {},
): Promise<FastifyInstance> {
  const config = loadConfig({ SESAME_DATA_DIR: fx.dataDir, ...env });
  return buildApp({ config, store: fx.store, services: fx.services, logger: false });
}

/** A minimal browser over app.inject: keeps cookies, reads CSRF tokens out of forms. */
export class Client {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly app: FastifyInstance,
    private readonly headers: Record<string, string> = {},
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private remember(response: LightMyRequestResponse) {
    for (const cookie of response.cookies as {
      name: string;
      value: string;
      maxAge?: number;
      expires?: Date;
    }[]) {
      const expired =
        cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() < Date.now());
      if (expired || cookie.value === "") this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  async get(url: string) {
    return this.remember(
      await this.app.inject({
        method: "GET",
        url,
        headers: { ...this.headers, cookie: this.cookieHeader() },
      }),
    );
  }

  async post(url: string, form: Record<string, string>) {
    return this.postRaw(url, new URLSearchParams(form));
  }

  /** A form whose fields may repeat (check boxes of one name). */
  async postRaw(url: string, form: URLSearchParams) {
    return this.send(url, "application/x-www-form-urlencoded", form.toString());
  }

  private async send(url: string, contentType: string, payload: string | Buffer) {
    return this.remember(
      await this.app.inject({
        method: "POST",
        url,
        headers: { ...this.headers, cookie: this.cookieHeader(), "content-type": contentType },
        payload,
      }),
    );
  }

  /** A multipart/form-data form (one with a file input), as a browser sends it. */
  async postMultipart(
    url: string,
    fields: Record<string, string>,
    files: Record<string, { filename: string; type: string; bytes: Uint8Array }> = {},
  ) {
    const boundary = `----sesame-test-${Math.random().toString(36).slice(2)}`;
    const part = (name: string, head: string, body: Uint8Array | string) => [
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${head}\r\n\r\n`),
      Buffer.from(body),
      Buffer.from("\r\n"),
    ];
    const payload = Buffer.concat([
      ...Object.entries(fields).flatMap(([name, value]) => part(name, "", value)),
      ...Object.entries(files).flatMap(([name, file]) =>
        part(name, `; filename="${file.filename}"\r\nContent-Type: ${file.type}`, file.bytes),
      ),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
    return this.send(url, `multipart/form-data; boundary=${boundary}`, payload);
  }

  /** Where a POST/redirect/GET leads: the page its 303 points to, as the browser loads it. */
  async followed(response: LightMyRequestResponse) {
    if (response.statusCode !== 303) {
      throw new Error(`expected a 303 redirect, got ${response.statusCode}: ${response.body}`);
    }
    return this.get(String(response.headers.location));
  }

  /** Loads the page, then submits its form with the page's CSRF token. */
  async submit(pageUrl: string, action: string, form: Record<string, string>) {
    const page = await this.get(pageUrl);
    return this.post(action, { _csrf: csrfTokenOf(page.body), ...form });
  }

  async signIn(userId: string, password: string) {
    return this.submit("/signin", "/signin", { userId, password });
  }
}

export function csrfTokenOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error("no CSRF token on the page");
  return match[1];
}
