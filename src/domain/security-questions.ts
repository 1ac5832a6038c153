/**
 * Security questions (SPEC [S9]): 35 predefined ones (catalogue keys `question.1` to
 * `question.35`, in every language) and the organisation's own (stored as `custom:<text>`),
 * answers 3–40 characters, no two the same. Pure.
 */
export const PREDEFINED_QUESTION_COUNT = 35;
export const DEFAULT_QUESTIONS_TO_REGISTER = 3;
export const ANSWER_MIN_LENGTH = 3;
export const ANSWER_MAX_LENGTH = 40;

export type QuestionKey = `question.${number}`;

export const PREDEFINED_QUESTIONS: readonly QuestionKey[] = Array.from(
  { length: PREDEFINED_QUESTION_COUNT },
  (_, index): QuestionKey => `question.${index + 1}`,
);

export function isPredefinedQuestion(value: string): value is QuestionKey {
  return (PREDEFINED_QUESTIONS as readonly string[]).includes(value);
}

// A prefix no catalogue key has, so a custom question never reads as a predefined one.
const CUSTOM_PREFIX = "custom:";

/** How a custom question (its text, as the policy lists it) is stored with an answer. */
export const customQuestionKey = (text: string): string => `${CUSTOM_PREFIX}${text}`;

/** The text of a stored custom question; undefined for anything else. */
export function customQuestionText(stored: string): string | undefined {
  return stored.startsWith(CUSTOM_PREFIX) ? stored.slice(CUSTOM_PREFIX.length) : undefined;
}

/** What a user may choose from: the predefined questions, then the organisation's own. */
export function offeredQuestions(customQuestions: readonly string[]): string[] {
  return [...PREDEFINED_QUESTIONS, ...customQuestions.map(customQuestionKey)];
}

function isOffered(question: string, customQuestions: readonly string[]): boolean {
  if (isPredefinedQuestion(question)) return true;
  const text = customQuestionText(question);
  return text !== undefined && customQuestions.includes(text);
}

/** What is hashed and compared: trimmed, inner spaces collapsed, lowercased, NFC. */
export function normaliseAnswer(answer: string): string {
  return answer.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
}

export type AnswerProblem =
  "questionMissing" | "questionUnknown" | "questionRepeated" | "answerLength" | "answerRepeated";

export interface AnswerProblemAt {
  /** `question{n}` or `answer{n}`, n counting from 1 as on the form. */
  field: string;
  problem: AnswerProblem;
}

/**
 * Every problem of a set of chosen questions and answers, each at its field, so a form can
 * show them all at once. `required` is how many questions the user must answer;
 * `customQuestions` the organisation's current ones (a removed one is no longer offered).
 */
export function checkSecurityAnswers(
  entries: readonly { question: string; answer: string }[],
  required: number,
  customQuestions: readonly string[] = [],
): AnswerProblemAt[] {
  const problems: AnswerProblemAt[] = [];
  const questions = new Set<string>();
  const answers = new Set<string>();
  for (let index = 0; index < required; index += 1) {
    const n = index + 1;
    const entry = entries[index] ?? { question: "", answer: "" };
    if (entry.question === "") problems.push({ field: `question${n}`, problem: "questionMissing" });
    else if (!isOffered(entry.question, customQuestions)) {
      problems.push({ field: `question${n}`, problem: "questionUnknown" });
    } else if (questions.has(entry.question)) {
      problems.push({ field: `question${n}`, problem: "questionRepeated" });
    } else questions.add(entry.question);
    const answer = normaliseAnswer(entry.answer);
    const length = [...answer].length;
    if (length < ANSWER_MIN_LENGTH || length > ANSWER_MAX_LENGTH) {
      problems.push({ field: `answer${n}`, problem: "answerLength" });
    } else if (answers.has(answer)) {
      problems.push({ field: `answer${n}`, problem: "answerRepeated" });
    } else answers.add(answer);
  }
  return problems;
}
