import { describe, expect, it } from "vitest";
import {
  checkSecurityAnswers,
  customQuestionKey,
  customQuestionText,
  isPredefinedQuestion,
  normaliseAnswer,
  offeredQuestions,
  PREDEFINED_QUESTIONS,
} from "../../../src/domain/security-questions.js";
import { translator } from "../../../src/views/i18n.js";
import { questionText } from "../../../src/views/question-text.js";
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

  it("offers the organisation's own questions after the predefined ones, apart from them", () => {
    const custom = ["What was your first concert?", "question.7"];
    const offered = offeredQuestions(custom);
    expect(offered.slice(0, 35)).toEqual(PREDEFINED_QUESTIONS);
    expect(offered.slice(35)).toEqual(["custom:What was your first concert?", "custom:question.7"]);
    // A custom question that reads like a catalogue key is still the custom one.
    expect(isPredefinedQuestion(customQuestionKey("question.7"))).toBe(false);
    expect(customQuestionText("custom:question.7")).toBe("question.7");
    expect(customQuestionText("question.7")).toBeUndefined();
  });

  it("accepts only predefined questions and the organisation's current custom ones", () => {
    const custom = ["What was your first concert?"];
    const answers = [
      entry("custom:What was your first concert?", "Doe Maar"),
      entry("question.2", "two"),
      entry("question.3", "three"),
    ];
    expect(checkSecurityAnswers(answers, 3, custom)).toEqual([]);
    // Removed from the policy, or another organisation's: no longer offered.
    expect(checkSecurityAnswers(answers, 3, [])).toEqual([
      { field: "question1", problem: "questionUnknown" },
    ]);
    // The bare text is not a stored question.
    expect(checkSecurityAnswers([entry("What was your first concert?", "x1x")], 1, custom)).toEqual(
      [{ field: "question1", problem: "questionUnknown" }],
    );
    expect(
      checkSecurityAnswers(
        [
          entry("custom:What was your first concert?", "abc"),
          entry("custom:What was your first concert?", "def"),
        ],
        2,
        custom,
      ),
    ).toEqual([{ field: "question2", problem: "questionRepeated" }]);
  });

  it("shows a stored question in the reader's language, a custom one as typed", () => {
    expect(questionText(translator("en"), "question.1")).toBe(
      "In what city did you meet your first spouse or partner?",
    );
    expect(questionText(translator("nl"), "question.1")).toBe(
      "In welke plaats heeft u uw eerste echtgeno(o)t(e) of partner ontmoet?",
    );
    for (const language of ["en", "nl"] as const) {
      expect(questionText(translator(language), "custom:Wie is uw held?")).toBe("Wie is uw held?");
    }
  });
});
