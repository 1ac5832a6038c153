import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listOutboxMessagesTo } from "../../../src/store/outbox.js";
import { buildTestApp, Client, csrfTokenOf } from "../../support/http.js";
import { seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const BASE = "/myaccount/security-info";

describeEachStore("security info pages", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  let counter = 0;
  async function signedIn(headers: Record<string, string> = {}) {
    counter += 1;
    const org = await seedOrganisation(fx.services);
    const { user } = await org.addUser(`pia${counter}`);
    const client = new Client(app, headers);
    await client.signIn(`pia${counter}@${org.domain}`, USER_PASSWORD);
    return { client, user };
  }

  async function codeSentTo(to: string): Promise<string> {
    const last = (await listOutboxMessagesTo(fx.store, to)).at(-1);
    if (!last?.payload) throw new Error(`no message to ${to}`);
    const match = /\b(\d{8})\b/.exec(fx.services.outbox.unseal(last.id, last.payload).text);
    if (!match?.[1]) throw new Error("no code");
    return match[1];
  }

  it("is linked from My account and needs a sign-in", async () => {
    expect((await new Client(app).get(BASE)).headers.location).toBe("/signin");
    const { client } = await signedIn();
    const account = await client.get("/myaccount");
    expect(account.body).toContain(`href="${BASE}"`);
    const page = await client.get(BASE);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h1>Security info</h1>");
    expect(page.body).toContain("You haven't added any methods yet.");
  });

  it("adds an alternate email: address, then code, then listed masked", async () => {
    const { client } = await signedIn();
    const to = `pia-alt-${counter}@example.org`;
    // Without the form's CSRF token nothing happens.
    const forged = await client.post(`${BASE}/add/email`, { email: to });
    expect(forged.statusCode).toBe(403);
    expect(await listOutboxMessagesTo(fx.store, to)).toEqual([]);

    const invalid = await client.submit(`${BASE}/add/email`, `${BASE}/add/email`, {
      email: "not an address",
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('id="email-error"');
    expect(invalid.body).toContain("Enter an email address, like name@example.com.");
    expect(invalid.body).toContain('aria-invalid="true"');

    const sent = await client.submit(`${BASE}/add/email`, `${BASE}/add/email`, { email: to });
    expect(sent.statusCode).toBe(303);
    const verifyUrl = String(sent.headers.location);
    expect(verifyUrl).toMatch(new RegExp(`^${BASE}/verify/`));
    const codePage = await client.get(verifyUrl);
    expect(codePage.body).toContain("p•••@example.org");
    expect(codePage.body).toContain("<h1>Enter the code</h1>");
    expect(codePage.body).not.toContain(`${BASE}/authenticator/`);

    const wrong = await client.submit(verifyUrl, verifyUrl, { code: "00000000" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('id="code-error"');
    expect(wrong.body).toContain("That code didn't work");

    const done = await client.submit(verifyUrl, verifyUrl, { code: await codeSentTo(to) });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${BASE}?notice=added`);
    const list = await client.get(String(done.headers.location));
    expect(list.body).toContain("The method was added.");
    expect(list.body).toContain("p•••@example.org");
    expect(list.body).not.toContain(to);

    // Delete it again.
    const id = /action="\/myaccount\/security-info\/delete\/([^"]+)"/.exec(list.body)?.[1];
    const deleted = await client.post(`${BASE}/delete/${id ?? ""}`, {
      _csrf: csrfTokenOf(list.body),
    });
    expect(deleted.headers.location).toBe(`${BASE}?notice=deleted`);
    expect((await client.get(BASE)).body).toContain("You haven't added any methods yet.");
  });

  it("refuses a phone number without a country code, next to the field", async () => {
    const { client } = await signedIn();
    const response = await client.submit(`${BASE}/add/mobilePhone`, `${BASE}/add/mobilePhone`, {
      phone: "06 12345678",
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('id="phone-error"');
    expect(response.body).toContain("Enter a phone number with its country code");
  });

  it("sets security questions, showing each problem at its field", async () => {
    const { client, user } = await signedIn();
    const form = await client.get(`${BASE}/questions`);
    expect(form.body.match(/<select/g)).toHaveLength(3);
    expect(form.body).toContain("What was the name of your first pet?");
    const bad = await client.post(`${BASE}/questions`, {
      _csrf: csrfTokenOf(form.body),
      question1: "question.1",
      answer1: "Delft",
      question2: "question.1",
      answer2: "delft",
      question3: "",
      answer3: "ab",
    });
    expect(bad.statusCode).toBe(400);
    for (const field of ["question2", "answer2", "question3", "answer3"]) {
      expect(bad.body).toContain(`id="${field}-error"`);
    }
    // The choices are kept; the answers are not echoed.
    expect(bad.body).toContain('value="question.1" selected');
    expect(bad.body).not.toContain("Delft");

    const good = await client.post(`${BASE}/questions`, {
      _csrf: csrfTokenOf(bad.body),
      question1: "question.1",
      answer1: "Delft",
      question2: "question.2",
      answer2: "Leiden",
      question3: "question.29",
      answer3: "Rex",
    });
    expect(good.headers.location).toBe(`${BASE}?notice=questions`);
    const list = await client.get(String(good.headers.location));
    expect(list.body).toContain("3 questions answered");
    expect(list.body).not.toMatch(/Delft|Leiden|Rex/);
    expect((await fx.services.securityInfo.list(user.id)).questions).toHaveLength(3);
  });

  it("asks for a new sign-in after 10 minutes", async () => {
    const { client } = await signedIn();
    const form = await client.get(`${BASE}/add/email`);
    fx.clock.advance(11 * 60_000);
    const response = await client.post(`${BASE}/add/email`, {
      _csrf: csrfTokenOf(form.body),
      email: "late@example.org",
    });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain("sign in again to change your security info");
    const page = await client.get(BASE);
    expect(page.body).toContain('action="/signout"');
    expect(page.body).not.toContain(`href="${BASE}/add/email"`);
  });

  it("speaks Dutch", async () => {
    const { client } = await signedIn({ "accept-language": "nl-NL,nl;q=0.9" });
    const page = await client.get(BASE);
    expect(page.body).toContain("<h1>Beveiligingsgegevens</h1>");
    const questions = await client.get(`${BASE}/questions`);
    expect(questions.body).toContain("Hoe heette uw eerste huisdier?");
  });
});
