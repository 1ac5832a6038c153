import { describe, expect, it } from "vitest";
import {
  checkSecurityAnswers,
  isPredefinedQuestion,
  normaliseAnswer,
  PREDEFINED_QUESTIONS,
} from "../../../src/domain/security-questions.js";
import { en } from "../../../src/views/messages/en.js";
import { nl } from "../../../src/views/messages/nl.js";

const entry = (question: string, answer: string) => ({ question, answer });

describe("security questions", () => {
  it("has 35 predefined questions, each in English and Dutch", () => {
    expect(PREDEFINED_QUESTIONS).toHaveLength(35);
    for (const key of PREDEFINED_QUESTIONS) {
      expect(en[key as keyof typeof en]).toMatch(/\?/);
      expect(nl[key as keyof typeof nl]).toMatch(/\?/);
    }
    expect(isPredefinedQuestion("question.35")).toBe(true);
    expect(isPredefinedQuestion("question.36")).toBe(false);
    expect(isPredefinedQuestion("question.0")).toBe(false);
  });

  it("normalises answers: trimmed, spaces collapsed, lowercased, NFC", () => {
    expect(normaliseAnswer("  Amsterdam  ")).toBe("amsterdam");
    expect(normaliseAnswer("New   York")).toBe("new york");
    expect(normaliseAnswer("Zu\u0308rich")).toBe(normaliseAnswer("Z\u00fcrich"));
  });

  it("accepts N distinct questions with distinct answers of 3 to 40 characters", () => {
    expect(
      checkSecurityAnswers(
        [
          entry("question.1", "abc"),
          entry("question.2", "x".repeat(40)),
          entry("question.3", "Rex"),
        ],
        3,
      ),
    ).toEqual([]);
  });

  it("names each problem at its field", () => {
    expect(
      checkSecurityAnswers(
        [
          entry("question.1", "ab"),
          entry("question.1", "x".repeat(41)),
          entry("question.99", "Same"),
          entry("", " same "),
        ],
        4,
      ),
    ).toEqual([
      { field: "answer1", problem: "answerLength" },
      { field: "question2", problem: "questionRepeated" },
      { field: "answer2", problem: "answerLength" },
      { field: "question3", problem: "questionUnknown" },
      { field: "question4", problem: "questionMissing" },
      { field: "answer4", problem: "answerRepeated" },
    ]);
  });

  it("counts missing entries as missing", () => {
    expect(checkSecurityAnswers([], 1)).toEqual([
      { field: "question1", problem: "questionMissing" },
      { field: "answer1", problem: "answerLength" },
    ]);
  });
});
