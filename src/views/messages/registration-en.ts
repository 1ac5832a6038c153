/** Registration at sign-in (SPEC [S8]) and custom security questions (SPEC [S9]); spread into en.ts. */
export const registrationEn = {
  "registration.title": "Keep your account secure",
  "registration.registerOne":
    "Your organisation needs more information to help you reset your password if you forget it. Add at least one method.",
  "registration.registerTwo":
    "Your organisation needs more information to help you reset your password if you forget it. Add at least two different methods.",
  "registration.reconfirm":
    "It's been a while since you checked your security info. Are these methods still right?",
  "registration.registered": "What you have registered",
  "registration.none": "You haven't registered any methods yet.",
  "registration.setUp": "Set up methods",
  "registration.update": "Update security info",
  "registration.looksGood": "Looks good",
  "registration.skip": "Skip for now",
  "registration.skipHint": "If you skip, we'll ask again the next time you sign in.",
  "registration.tooFew": "Add more methods first: you don't have enough yet.",
  "resetPolicy.customSecurityQuestions": "Custom security questions",
  "resetPolicy.customSecurityQuestionsHint":
    "One question per line, at most 20, each 3 to 200 characters. Users see them after the predefined questions, as you type them here.",
  "resetPolicy.invalid.customSecurityQuestions": "Enter at most 20 questions, one per line.",
  "resetPolicy.invalid.customQuestion.length": "Line {line}: use 3 to 200 characters.",
  "resetPolicy.invalid.customQuestion.duplicate": "Line {line}: this question is already listed.",
  "resetPolicy.invalid.customQuestion.control": "Line {line}: use plain text without tabs.",
} as const;
