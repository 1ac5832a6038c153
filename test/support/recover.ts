import type { SecurityMethodKind } from "../../src/domain/methods.js";
import { v7 as timeOrderedUuid } from "uuid";
import type { Services } from "../../src/wiring.js";
import type { Store } from "../../src/store/database.js";
import { listOutboxMessagesTo } from "../../src/store/outbox.js";
import { insertSecurityMethod } from "../../src/store/security-info.js";
import type { User } from "../../src/store/users.js";
import { en, type MessageKey } from "../../src/views/messages/en.js";
import { solveCaptcha } from "./captcha.js";
import { csrfTokenOf, type Client } from "./http.js";

export const ALTERNATE_EMAIL = (user: User) =>
  `alt.${user.userPrincipalName}`.replace("@", "@mail.");
export const MOBILE = "+31612345678";
export const OFFICE = "+31201234567";

/** Registers verified methods for `user` straight in the store, as an administrator would. */
export async function registerMethods(
  store: Store,
  user: User,
  methods: { kind: SecurityMethodKind; value: string | null }[],
  at: number,
): Promise<void> {
  for (const method of methods) {
    await insertSecurityMethod(store, {
      id: timeOrderedUuid(),
      userId: user.id,
      organisationId: user.organisationId,
      kind: method.kind,
      value: method.value,
      verifiedAt: at,
      createdAt: at,
    });
  }
}

/** Page 1 of "Can't access your account?", with a CAPTCHA solved for real. */
export async function startFlow(
  client: Client,
  userId: string,
  intent: "reset" | "unlock" = "reset",
) {
  const page = await client.get("/recover");
  return client.post("/recover", {
    _csrf: csrfTokenOf(page.body),
    userId,
    intent,
    altcha: await solveCaptcha(client),
  });
}

/** Posts a step of the flow with the CSRF token of the flow's current page. */
export async function flowStep(client: Client, action: string, form: Record<string, string>) {
  const page = await client.get("/recover/flow");
  return client.post(`/recover/flow/${action}`, { _csrf: csrfTokenOf(page.body), ...form });
}

/** The newest 8-digit code sent to `to` (an email address or a phone number). */
export async function lastCodeSentTo(
  store: Store,
  services: Services,
  to: string,
): Promise<string> {
  const messages = await listOutboxMessagesTo(store, to);
  const last = messages.at(-1);
  if (!last?.payload) throw new Error(`nothing was sent to ${to}`);
  const text = to.startsWith("+")
    ? services.outbox.unsealPhoneMessage(last.id, last.payload).text
    : services.outbox.unseal(last.id, last.payload).text;
  const match = /\b(\d{8})\b/.exec(text.replace(/(\d) (?=\d)/g, "$1"));
  if (!match?.[1]) throw new Error(`no code in the message to ${to}`);
  return match[1];
}

/** The answers every test user registers, by catalogue key. */
export const SECURITY_ANSWERS = [
  { question: "question.1", answer: "Utrecht" },
  { question: "question.2", answer: "Leiden" },
  { question: "question.3", answer: "Zwolle" },
];

/**
 * The form answering the questions a flow page asks, in its order (the labels of answer1,
 * answer2, ...), in any letter case and spacing to show answers are normalised.
 */
export function answersFor(html: string): Record<string, string> {
  const byText = new Map<string, string>(
    SECURITY_ANSWERS.map(({ question, answer }) => [
      en[question as MessageKey],
      ` ${answer.toUpperCase()} `,
    ]),
  );
  const form: Record<string, string> = {};
  for (const match of html.matchAll(/<label for="(answer\d+)">([^<]+)<\/label>/g)) {
    const [, field = "", label = ""] = match;
    const text = label
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&");
    form[field] = byText.get(text) ?? "not one of ours";
  }
  return form;
}
