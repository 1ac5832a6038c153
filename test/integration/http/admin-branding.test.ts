import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { listAuditEvents } from "../../../src/store/audit.js";
import { listOutboxMessagesTo } from "../../../src/store/outbox.js";
import { grantRoles } from "../../support/admins.js";
import { buildTestApp, Client, csrfTokenOf } from "../../support/http.js";
import { ADMIN_PASSWORD, origin, seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

// The smallest real PNG: one transparent pixel.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

describeEachStore("admin center: company branding", (fx) => {
  let app: FastifyInstance;
  // The only organisation of this store: the sign-in page, before anyone signs in, is its.
  let org: Awaited<ReturnType<typeof seedOrganisation>>;
  let admin: Client;

  beforeAll(async () => {
    app = await buildTestApp(fx);
    org = await seedOrganisation(fx.services, "Fabrikam");
    admin = new Client(app);
    await admin.signIn(`admin@${org.domain}`, ADMIN_PASSWORD);
  });
  afterAll(() => app.close());

  const save = async (fields: Record<string, string>, logo?: Buffer, type = "image/png") => {
    const page = await admin.get("/admin/branding");
    return admin.postMultipart(
      "/admin/branding",
      {
        _csrf: csrfTokenOf(page.body),
        name: "Fabrikam",
        accentColour: "",
        signInMessage: "",
        helpdeskText: "",
        ...fields,
      },
      logo ? { logo: { filename: "logo.png", type, bytes: logo } } : {},
    );
  };

  it("refuses an unreadable colour, a non-image and a large file, in words, saving nothing", async () => {
    const pale = await save({ accentColour: "#ffcc00", signInMessage: "Welcome" });
    expect(pale.statusCode).toBe(400);
    expect(pale.body).toMatch(/This colour has a contrast of 1\.\d\d:1 with white/);
    // What was typed stays in the form.
    expect(pale.body).toContain("Welcome</textarea>");
    const svg = await save(
      {},
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      "image/png",
    );
    expect(svg.statusCode).toBe(400);
    expect(svg.body).toContain("Upload a PNG, JPEG or WebP image");
    const large = await save({}, Buffer.concat([PNG, Buffer.alloc(110 * 1024)]));
    expect(large.statusCode).toBe(400);
    expect(large.body).toContain("The logo may be at most 100 KB");
    expect((await new Client(app).get("/signin")).body).not.toContain("/branding/");
    // A form cut short says so, and saves nothing.
    const cut = await app.inject({
      method: "POST",
      url: "/admin/branding",
      headers: {
        cookie: [...admin.cookies].map(([name, value]) => `${name}=${value}`).join("; "),
        "content-type": "multipart/form-data; boundary=x",
      },
      payload: `--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nCut`,
    });
    expect(cut.statusCode).toBe(400);
    expect(cut.body).toContain("The form did not arrive whole, so nothing was saved.");
    // Found by the fuzzer: a urlencoded body declared as multipart.
    const mislabelled = await app.inject({
      method: "POST",
      url: "/admin/branding",
      headers: { "content-type": "multipart/form-data; boundary=x" },
      payload: "_csrf=abc",
    });
    expect(mislabelled.statusCode).toBe(400);
    // A form without its CSRF token changes nothing either.
    const forged = await admin.postMultipart("/admin/branding", { name: "Evil" });
    expect(forged.statusCode).toBe(403);
  });

  it("applies name, logo, colour, message and helpdesk to the portal and the emails", async () => {
    const saved = await save(
      {
        name: "Fabrikam Zorg",
        accentColour: "#7A1F5C",
        signInMessage: "Sign in with your work account.",
        helpdeskText: "Call 020 123 4567, weekdays 8–18.",
      },
      PNG,
    );
    expect(saved.statusCode).toBe(303);
    const page = await admin.followed(saved);
    expect(page.body).toContain("Branding saved");
    expect(page.body).toContain('value="#7a1f5c"');

    // Anyone's sign-in page: logo, theme, message and helpdesk.
    const signIn = await new Client(app).get("/signin");
    const logoHref = /<img class="logo" src="([^"]+)" alt="Fabrikam Zorg"/.exec(signIn.body)?.[1];
    expect(logoHref).toMatch(/^\/branding\/[0-9a-f-]{36}\/logo\?v=\d+$/);
    expect(signIn.body).toContain("Sign in with your work account.");
    expect(signIn.body).toContain("Help from Fabrikam Zorg:");
    expect(signIn.body).toContain("Call 020 123 4567, weekdays 8–18.");
    const logo = await app.inject({ url: logoHref?.replaceAll("&amp;", "&") ?? "" });
    expect(logo.headers["content-type"]).toBe("image/png");
    expect(logo.rawPayload.equals(PNG)).toBe(true);
    const themeHref = /<link rel="stylesheet" href="(\/branding\/[^"]+\/theme\.css[^"]*)"/.exec(
      signIn.body,
    )?.[1];
    const theme = await app.inject({ url: themeHref ?? "" });
    expect(theme.headers["content-type"]).toContain("text/css");
    expect(theme.body).toContain("--accent: #7a1f5c;");
    expect(theme.body).toContain("not (prefers-color-scheme: dark)");

    // Audited, old and new, the logo described, never its bytes.
    const [event] = await listAuditEvents(fx.store, org.organisation.id, { limit: 1 });
    expect(event?.activity).toBe("Update company branding");
    expect(JSON.stringify(event?.details)).toContain('"accentColour":"#7a1f5c"');
    expect(JSON.stringify(event?.details)).toContain("image/png, 70 bytes");

    // An email to a user carries the helpdesk and the colour.
    const { user } = await org.addUser("branded");
    const principal = await principalOfUser(fx.store, org.user);
    await fx.services.admin.passwordReset.reset(principal, {
      targetId: user.id,
      sendTo: [user.userPrincipalName],
      origin,
    });
    const [message] = await listOutboxMessagesTo(fx.store, user.userPrincipalName);
    const email = fx.services.outbox.unseal(message?.id ?? "", message?.payload ?? "");
    expect(email.text).toContain("Sent by Sesame on behalf of Fabrikam Zorg.");
    expect(email.text).toContain("Help from Fabrikam Zorg: Call 020 123 4567, weekdays 8–18.");
    expect(email.html).toContain("border-top: 4px solid #7a1f5c");
  });

  it("removes the logo and shows the change to everyone", async () => {
    const before = await new Client(app).get("/signin");
    const logoHref = /<img class="logo" src="([^"]+)"/.exec(before.body)?.[1] ?? "";
    expect(logoHref).not.toBe("");
    expect((await save({ name: "Fabrikam Zorg", removeLogo: "yes" })).statusCode).toBe(303);
    const after = await new Client(app).get("/signin");
    expect(after.body).not.toContain('<img class="logo"');
    expect(after.body).toContain(">Sesame</a>");
    expect((await app.inject({ url: logoHref })).statusCode).toBe(404);
    expect((await app.inject({ url: "/branding/not-an-id/logo" })).statusCode).toBe(404);
  });

  it("puts only a colour into the theme, whatever the store holds", async () => {
    await fx.store.db
      .updateTable("organisation_branding")
      .set({ accent_colour: "red} body{display:none" })
      .where("organisation_id", "=", org.organisation.id)
      .execute();
    fx.clock.advance(31_000);
    const theme = await app.inject({ url: `/branding/${org.organisation.id}/theme.css` });
    expect(theme.statusCode).toBe(404);
    expect(theme.body).not.toContain("display:none");
  });

  it("is for Global Administrators only: others neither see it nor change it", async () => {
    const { user } = await org.addUser("branding-helpdesk");
    await grantRoles(fx.store, user, ["helpdeskAdministrator"]);
    const helpdesk = new Client(app);
    await helpdesk.signIn(user.userPrincipalName, USER_PASSWORD);
    const home = await helpdesk.get("/admin");
    expect(home.body).not.toContain('href="/admin/branding"');
    expect((await helpdesk.get("/admin/branding")).statusCode).toBe(403);
    const token = csrfTokenOf(home.body);
    const refused = await helpdesk.postMultipart("/admin/branding", {
      _csrf: token,
      name: "Taken over",
      accentColour: "",
      signInMessage: "",
      helpdeskText: "",
    });
    expect(refused.statusCode).toBe(403);
    expect((await new Client(app).get("/signin")).body).not.toContain("Taken over");
  });
});
