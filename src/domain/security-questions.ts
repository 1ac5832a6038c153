/**
 * Security questions (SPEC [S9]): 35 predefined ones (catalogue keys `question.1` to
 * `question.35`, in every language), answers 3–40 characters, no two the same. Pure.
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
 * show them all at once. `required` is how many questions the user must answer.
 */
export function checkSecurityAnswers(
  entries: readonly { question: string; answer: string }[],
  required: number,
): AnswerProblemAt[] {
  const problems: AnswerProblemAt[] = [];
  const questions = new Set<string>();
  const answers = new Set<string>();
  for (let index = 0; index < required; index += 1) {
    const n = index + 1;
    const entry = entries[index] ?? { question: "", answer: "" };
    if (entry.question === "") problems.push({ field: `question${n}`, problem: "questionMissing" });
    else if (!isPredefinedQuestion(entry.question)) {
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
