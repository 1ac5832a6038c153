import { customQuestionText, isPredefinedQuestion } from "../domain/security-questions.js";
import type { MessageKey, Translate } from "./i18n.js";

/**
 * A stored security question as the reader sees it: a predefined one in their language
 * (`t` is their language's translator), an organisation's own exactly as it was typed.
 */
export function questionText(t: Translate, stored: string): string {
  if (isPredefinedQuestion(stored)) return t(stored as MessageKey);
  return customQuestionText(stored) ?? stored;
}
