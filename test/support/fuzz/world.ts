/**
 * What the fuzz suite's requests act on: an organisation with signed-in administrators and
 * users, a self-service reset flow under way, API keys, and the values (ids, User IDs, form
 * fields, query names) its pages and lists show. Fuzzed requests reset passwords, revoke
 * sessions, delete users and keys, so the people are made afresh every so often.
 */
import type { Challenge } from "altcha-lib";
import type { Store } from "../../../src/store/database.js";
import type { User } from "../../../src/store/users.js";
import type { Services } from "../../../src/wiring.js";
import { grantRoles } from "../admins.js";
import { createApiKey } from "../api.js";
import { solvePayload } from "../captcha.js";
import { ALTERNATE_EMAIL, registerMethods } from "../recover.js";
import { seedOrganisation, USER_PASSWORD } from "../seed.js";
import type { Credential, FuzzWorld, Identity, Operation, Route, WireRequest } from "./requests.js";
import { poolOf } from "./requests.js";

export interface WireResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

export type Send = (request: WireRequest) => Promise<WireResponse>;

/** The cookies one browser holds, and the CSRF token of the last page it loaded. */
class Browser {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;
  constructor(
    private readonly send: Send,
    private readonly address: string,
  ) {}

  cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  async request(
    method: string,
    url: string,
    form?: Record<string, string>,
    json?: unknown,
  ): Promise<WireResponse> {
    const headers: Record<string, string> = { "x-forwarded-for": this.address };
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    let body: Buffer | undefined;
    if (form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = Buffer.from(new URLSearchParams({ _csrf: this.csrfToken ?? "", ...form }).toString());
    } else if (json !== undefined) {
      headers["content-type"] = "application/json";
      body = Buffer.from(JSON.stringify(json));
    }
    const response = await this.send({ method, url, headers, ...(body ? { body } : {}) });
    for (const line of [response.headers["set-cookie"] ?? []].flat().map(String)) {
      const [pair = "", ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrfToken = token;
    return response;
  }
}

/** A route's pattern as a regular expression capturing its parameters. */
function matcher(route: Route): { pattern: RegExp; names: string[]; segments: string[] } {
  const segments = route.url.split("/").slice(1);
  const names: string[] = [];
  const source = segments
    .map((segment) => {
      if (segment === "*") {
        names.push("*");
        return "(.+)";
      }
      const name = /^:(\w+)$/.exec(segment)?.[1];
      if (!name) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(name);
      return "([^/]+)";
    })
    .join("/");
  return { pattern: new RegExp(`^/${source}$`), names, segments };
}

type Organisation = Awaited<ReturnType<typeof seedOrganisation>>;

const LISTS: [string, string][] = [
  ["/api/v1/users?$top=100", "users"],
  ["/api/v1/groups", "groups"],
  ["/api/v1/roleManagement/directory/roleAssignments", "roleAssignments"],
  ["/api/v1/roleManagement/directory/roleDefinitions", "roleDefinitions"],
  ["/api/v1/directory/deletedItems/users", "deletedItems"],
  ["/api/v1/auditLogs/directoryAudits?$top=5", "directoryAudits"],
];

const MAX_POOL = 300;

export class FuzzWorldState implements FuzzWorld {
  private readonly pools = new Map<string, Set<string>>();
  private browsers = new Map<Identity, Browser>();
  private readonly keys = new Map<Credential, string>();
  private generation = 0;
  private readonly people = new Map<"admin" | "user" | "recovering", User>();
  private org: Organisation | undefined;

  constructor(
    private readonly send: Send,
    private readonly services: Services,
    private readonly store: Store,
    private readonly routes: Route[],
    readonly operations: Operation[],
  ) {}

  pick(pool: string, index: number): string | undefined {
    const values = this.pools.get(pool);
    if (!values || values.size === 0) return undefined;
    return [...values][index % values.size];
  }
  cookie(identity: Identity): string | undefined {
    if (identity === "forged") {
      return "sesame-session=forged; sesame-csrf=forged; sesame-reset=forged; sesame-language=xx";
    }
    return this.browsers.get(identity)?.cookieHeader();
  }
  csrfToken(identity: Identity): string | undefined {
    return this.browsers.get(identity)?.csrfToken;
  }
  apiKey(credential: Credential): string | undefined {
    if (credential === "garbage") return "ssk_forged";
    return this.keys.get(credential);
  }

  private remember(pool: string, value: string | undefined): void {
    if (value === undefined || value === "") return;
    const values = this.pools.get(pool) ?? new Set<string>();
    if (values.size < MAX_POOL) values.add(value);
    this.pools.set(pool, values);
  }

  /**
   * Fresh people, keys and a reset flow (cheap: a few sign-ins); the first time, and every
   * `harvestEvery`th time, also what their pages and the lists show (a few hundred requests).
   */
  async refresh(harvestEvery = 10): Promise<void> {
    try {
      await this.makePeople();
    } catch {
      // Fuzzed requests may have made the organisation refuse new people (a banned term in
      // the password policy, say): start a new one.
      this.org = undefined;
      this.people.clear();
      this.keys.clear();
      this.browsers.clear();
      await this.makePeople();
    }
    if ((this.generation - 1) % harvestEvery === 0) await this.harvest();
  }

  /**
   * Signs the people in again, and replaces whoever the fuzzed requests made unusable (a
   * password reset, a lockout, a deletion, a role taken away): making a user costs the
   * password checks, about a tenth of a second.
   */
  private async makePeople(): Promise<void> {
    this.generation += 1;
    const n = this.generation;
    this.org ??= await seedOrganisation(this.services, "Fuzz");
    const org = this.org;
    const browser = () => new Browser(this.send, `203.0.113.${(n % 250) + 1}`);
    const signedIn = async (person: User | undefined, admin: boolean) => {
      if (!person) return undefined;
      const client = browser();
      await client.request("GET", "/signin");
      const response = await client.request("POST", "/signin", {
        userId: person.userPrincipalName,
        password: USER_PASSWORD,
      });
      if (response.status !== 303) return undefined;
      const check = await client.request("GET", admin ? "/admin/users" : "/myaccount");
      return check.status === 200 ? client : undefined;
    };
    const signInOrReplace = async (role: "admin" | "user") => {
      const found = await signedIn(this.people.get(role), role === "admin");
      if (found) return found;
      const person = (await org.addUser(`${role}${n}`)).user;
      if (role === "admin") await grantRoles(this.store, person, ["globalAdministrator"]);
      this.people.set(role, person);
      const client = await signedIn(person, role === "admin");
      if (!client) throw new Error(`a new ${role} could not sign in`);
      return client;
    };
    const admin = await signInOrReplace("admin");
    const user = await signInOrReplace("user");

    for (const [credential, role] of [
      ["adminKey", "globalAdministrator"],
      ["limitedKey", "helpdeskAdministrator"],
    ] as const) {
      const key = this.keys.get(credential);
      const check =
        key && (await this.send(apiGet(key, "/api/v1/roleManagement/directory/roleDefinitions")));
      if (!check || check.status !== 200)
        this.keys.set(credential, await createApiKey(this.services, org.domain, [role]));
    }

    const anonymous = browser();
    await anonymous.request("GET", "/signin");
    const flow = await this.flowOrReplace(org, browser);
    this.browsers = new Map<Identity, Browser>([
      ["admin", admin],
      ["user", user],
      ["recovering", flow],
      ["anonymous", anonymous],
    ]);
    for (const person of this.people.values()) {
      this.remember("upn", person.userPrincipalName);
      this.remember("users", person.id);
    }
    // Something for every kind of id to point at: a group with members, a phone, a request.
    const api = this.apiBrowser();
    const group = parseJson(
      (
        await api.request("POST", "/api/v1/groups", undefined, {
          displayName: `Fuzzers ${n}`,
          mailNickname: `fuzzers${n}`,
          mailEnabled: false,
          securityEnabled: true,
        })
      ).body,
    ) as { id?: string } | undefined;
    for (const member of this.people.values()) {
      await api.request("POST", `/api/v1/groups/${group?.id ?? ""}/members/$ref`, undefined, {
        "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/${member.id}`,
      });
    }
    this.remember("groups", group?.id);
    const plain = this.people.get("user");
    await api.request(
      "POST",
      `/api/v1/users/${plain?.id ?? ""}/authentication/phoneMethods`,
      undefined,
      {
        phoneNumber: "+31612345678",
        phoneType: "mobile",
      },
    );
    await anonymous.request("GET", "/recover");
    await anonymous.request("POST", "/recover/ask", { askUserId: plain?.userPrincipalName ?? "" });
  }

  /** The reset flow under way, or a new one (for a new user when the flow's user may start no more). */
  private async flowOrReplace(org: Organisation, browser: () => Browser): Promise<Browser> {
    const current = this.browsers.get("recovering");
    if (current && (await current.request("GET", "/recover/flow")).status === 200) return current;
    for (let attempt = 0; attempt < 2; attempt++) {
      let person = this.people.get("recovering");
      if (!person || attempt > 0) {
        person = (await org.addUser(`recovering${this.generation}`)).user;
        await registerMethods(
          this.store,
          person,
          [{ kind: "email", value: ALTERNATE_EMAIL(person) }],
          Date.now(),
        );
        this.people.set("recovering", person);
      }
      const flow = browser();
      await flow.request("GET", "/recover");
      const challenge = await flow.request("GET", "/captcha/challenge");
      if (challenge.status !== 200) continue;
      const altcha = await solvePayload(JSON.parse(challenge.body) as Challenge);
      await flow.request("POST", "/recover", {
        userId: person.userPrincipalName,
        intent: "reset",
        altcha,
      });
      if ((await flow.request("GET", "/recover/flow")).status === 200) return flow;
    }
    return browser();
  }

  /** A client of the API with the administrator's key. */
  private apiBrowser(): Browser {
    const key = this.keys.get("adminKey");
    return new Browser(async (request) => {
      if (key) request.headers.authorization = `Bearer ${key}`;
      return this.send(request);
    }, "203.0.113.251");
  }

  /** Ids, User IDs, links and form fields from the lists and from every page without parameters. */
  private async harvest(): Promise<void> {
    const api = this.apiBrowser();
    for (const [url, pool] of LISTS) {
      const response = await api.request("GET", url);
      const list = parseJson(response.body) as
        | { value?: { id?: string; userPrincipalName?: string }[]; "@odata.nextLink"?: string }
        | undefined;
      for (const item of list?.value ?? []) {
        this.remember(pool, item.id);
        this.remember("upn", item.userPrincipalName);
      }
      const next = list?.["@odata.nextLink"];
      if (next)
        this.remember("skiptoken", new URL(next).searchParams.get("$skiptoken") ?? undefined);
    }
    for (const userId of [...(this.pools.get("users") ?? [])].slice(-3)) {
      for (const kind of ["phoneMethods", "emailMethods"]) {
        const response = await api.request("GET", `/api/v1/users/${userId}/authentication/${kind}`);
        const list = parseJson(response.body) as { value?: { id?: string }[] } | undefined;
        for (const item of list?.value ?? []) this.remember(kind, item.id);
      }
    }
    const pages = this.routes.filter(
      (route) =>
        route.method === "GET" && !/[:*]/.test(route.url) && !route.url.startsWith("/api/"),
    );
    for (const [identity, browser] of this.browsers) {
      const links = new Map<string, string>();
      for (const route of pages) {
        const response = await browser.request("GET", route.url);
        this.harvestPage(response.body, links);
      }
      // One page of each kind with parameters the first pages link to: a user's, a group's.
      for (const link of links.values()) {
        this.harvestPage((await browser.request("GET", link)).body, links);
      }
      // After the pages, the browser's token is one its forms accept.
      if (identity === "recovering") await browser.request("GET", "/recover/flow");
      else await browser.request("GET", "/myaccount");
    }
  }

  /** Remembers what a page shows; `links` gets one link for each route with parameters. */
  private harvestPage(html: string, links?: Map<string, string>): void {
    const matchers = this.routes.map((route) => ({ route, ...matcher(route) }));
    for (const link of html.matchAll(/(?:href|action|src)="(\/[^"]*)"/g)) {
      const url = (link[1] ?? "").replaceAll("&amp;", "&");
      const [path = "", query = ""] = url.split("?");
      for (const { route, pattern, names, segments } of matchers) {
        const match = pattern.exec(path);
        if (!match) continue;
        const key = `${route.method} ${route.url}`;
        if (
          links &&
          route.method === "GET" &&
          names.length > 0 &&
          !names.includes("*") &&
          !links.has(key)
        ) {
          links.set(key, url);
        }
        names.forEach((name, index) => {
          const value = decodeSafely(match[index + 1] ?? "");
          const place = segments.indexOf(name === "*" ? "*" : `:${name}`);
          this.remember(name === "*" ? "assets" : poolOf(segments, place, name), value);
        });
      }
      for (const [name, value] of new URLSearchParams(query)) {
        this.remember("queryName", name);
        this.remember(`query:${name}`, value);
      }
    }
    for (const form of html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)) {
      const action = (form[1] ?? "").split("?")[0] ?? "";
      const route = matchers.find(
        ({ pattern, route: { method } }) => method === "POST" && pattern.test(action),
      );
      for (const field of (form[2] ?? "").matchAll(
        /<(input|select|textarea)[^>]*name="([^"]+)"([^>]*)>/g,
      )) {
        const name = field[2] ?? "";
        if (name === "_csrf") continue;
        if (route) this.remember(`form:${route.route.url}`, name);
        const value = /value="([^"]*)"/.exec(field[0])?.[1];
        this.remember(`field:${name}`, value && decodeEntities(value));
      }
      for (const option of (form[2] ?? "").matchAll(
        /<select[^>]*name="([^"]+)"[\s\S]*?<\/select>/g,
      )) {
        for (const value of (option[0] ?? "").matchAll(/<option[^>]*value="([^"]*)"/g)) {
          this.remember(`field:${option[1] ?? ""}`, decodeEntities(value[1] ?? ""));
        }
      }
    }
  }
}

const apiGet = (key: string, url: string): WireRequest => ({
  method: "GET",
  url,
  headers: { authorization: `Bearer ${key}`, "x-forwarded-for": "203.0.113.252" },
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const decodeEntities = (text: string) =>
  text
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
