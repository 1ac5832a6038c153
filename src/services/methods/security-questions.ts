import { v7 as timeOrderedUuid } from "uuid";
import {
  checkSecurityAnswers,
  normaliseAnswer,
  PREDEFINED_QUESTIONS,
} from "../../domain/security-questions.js";
import { drawAtRandom } from "../../domain/self-service-reset.js";
import type { Queryable } from "../../store/database.js";
import {
  findSecurityAnswerHash,
  listSecurityQuestions,
  replaceSecurityAnswers,
  type SecurityAnswer,
} from "../../store/security-info.js";
import { invalidInput } from "../errors.js";
import type { MethodDeps, ProofStep, VerificationMethod } from "./method.js";

/**
 * Security questions: the user answers N of the offered questions once; a reset asks a few
 * of them, drawn at random, again after every wrong answer. Answers are stored only as
 * argon2 hashes of their normalised form. Never for administrators (domain/methods.ts).
 */
export function securityQuestions(deps: MethodDeps) {
  const { store, hasher, randomInt, fingerprint } = deps;

  /**
   * Drawn from the user's own questions, or (a decoy) from the catalogue seeded by the User
   * ID typed, so an unknown ID is asked the same set every time too.
   */
  async function draw(q: Queryable, step: ProofStep) {
    const count = step.policy.securityQuestionsToReset;
    if (step.user)
      return drawAtRandom(await listSecurityQuestions(q, step.user.id), count, randomInt);
    const seed = step.decoySeed ?? "";
    const rank = (question: string) => fingerprint("decoy-question", `${seed}:${question}`);
    const pool = [...PREDEFINED_QUESTIONS]
      .sort((a, b) => rank(a).localeCompare(rank(b)))
      .slice(0, step.policy.securityQuestionsToRegister);
    return drawAtRandom(pool, count, randomInt);
  }

  const begin = async (q: Queryable, step: ProofStep) => ({
    questions: await draw(q, step),
    codeSent: false,
  });

  const method: VerificationMethod = {
    name: "securityQuestions",
    registration: {
      kind: "securityQuestions",
      display: () => "",
      revealed: () => null,
      // Answers are registered whole, never left waiting for a code.
      confirm: async () => false,
      removed: (q, userId) => replaceSecurityAnswers(q, userId, []),
    },
    begin,
    retry: begin,

    async check(step, input) {
      const { user } = step;
      const answers = "answers" in input && Array.isArray(input.answers) ? input.answers : [];
      const drawn = step.questions;
      if (!user || drawn.length === 0 || answers.length !== drawn.length) return false;
      // Every answer is checked, so the time taken says nothing about which one was wrong.
      const checks = await Promise.all(
        drawn.map(async (question, index) => {
          const hash = await findSecurityAnswerHash(store, user.id, question);
          const answer = typeof answers[index] === "string" ? answers[index] : "";
          return hash !== undefined && (await hasher.verify(hash, normaliseAnswer(answer)));
        }),
      );
      return checks.every(Boolean);
    },
  };

  return {
    ...method,

    /**
     * The answers to store: N distinct offered questions, answers 3–40 characters, no two
     * the same (else the first problem as `invalidInput`), each answer hashed.
     */
    async answersToStore(
      answers: { question: string; answer: string }[],
      rules: { count: number; customQuestions: readonly string[] },
    ): Promise<SecurityAnswer[]> {
      const [problem] = checkSecurityAnswers(answers, rules.count, rules.customQuestions);
      if (problem) throw invalidInput(problem.field, problem.problem);
      const at = deps.now();
      return Promise.all(
        answers.slice(0, rules.count).map(async (entry) => ({
          id: timeOrderedUuid(),
          question: entry.question,
          answerHash: await hasher.hash(normaliseAnswer(entry.answer)),
          createdAt: at,
        })),
      );
    },
  };
}
