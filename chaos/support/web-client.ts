/**
 * A minimal browser over real HTTP (fetch) for fault scripts and tests of the built server:
 * keeps cookies, reads CSRF tokens out of forms, never follows redirects (a 303 is an answer).
 */

/** What a fault script records of one answer. */
export interface Answer {
  status: number;
  retryAfter: string | null;
  body: string;
  location: string | null;
}

/** How long one request may take before it counts as hung. */
const REQUEST_TIMEOUT_MS = 15_000;

export class WebClient {
  private readonly cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  async request(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    path: string,
    body?: { form: Record<string, string> } | { json: unknown },
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      headers: {
        ...this.headers,
        ...headers,
        ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
        ...(body && "form" in body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        ...(body && "json" in body ? { "content-type": "application/json" } : {}),
      },
      ...(body
        ? {
            body:
              "form" in body
                ? new URLSearchParams(body.form).toString()
                : JSON.stringify(body.json),
          }
        : {}),
    });
    this.remember(response);
    return {
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      body: await response.text(),
      location: response.headers.get("location"),
    };
  }

  get(path: string, headers?: Record<string, string>): Promise<Answer> {
    return this.request("GET", path, undefined, headers);
  }

  /** Loads the page, then submits its form with the page's CSRF token. */
  async submit(pageUrl: string, action: string, form: Record<string, string>): Promise<Answer> {
    const page = await this.get(pageUrl);
    if (page.status !== 200) return page;
    return this.request("POST", action, { form: { _csrf: csrfTokenOf(page.body), ...form } });
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export function csrfTokenOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error("no CSRF token on the page");
  return match[1];
}

/** An API client: JSON with a bearer key, paths relative to the server. */
export function apiClient(baseUrl: string, key: string, headers: Record<string, string> = {}) {
  const client = new WebClient(baseUrl, { ...headers, authorization: `Bearer ${key}` });
  return {
    get: (path: string) => client.get(path),
    post: (path: string, json: unknown = {}) => client.request("POST", path, { json }),
  };
}
