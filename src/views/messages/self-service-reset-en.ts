/** Self-service password reset and unlock (SPEC [S6]): pages, errors, emails; spread into en.ts. */
export const selfServiceResetEn = {
  "recover.intro":
    "Enter your User ID to reset your password or unlock your account. First, show that you're not a robot.",
  "recover.intentLegend": "What's going on?",
  "recover.intentReset": "I forgot my password",
  "recover.intentUnlock": "I know my password, but still can't sign in",
  "recover.next": "Next",
  "recover.cancel": "Cancel",
  "recover.forUser": "User ID: {userId}",
  "recover.step": "Verification step {step} of {of}",
  "recover.chooseMethod": "Choose the contact method we should use for verification:",
  "recover.tryAnother": "Or use another method:",
  "recover.useThisMethod": "Use this method",
  "recover.method.email": "Email my alternate email ({destination})",
  "recover.method.mobileSms": "Text my mobile phone ({destination})",
  "recover.method.mobileCall": "Call my mobile phone ({destination})",
  "recover.method.officeCall": "Call my office phone ({destination})",
  "recover.method.securityQuestions": "Answer my security questions",
  "recover.method.authenticatorApp": "Enter a code from my authenticator app",
  "recover.methodPlain.email": "Email my alternate email",
  "recover.methodPlain.mobileSms": "Text my mobile phone",
  "recover.methodPlain.mobileCall": "Call my mobile phone",
  "recover.methodPlain.officeCall": "Call my office phone",
  "recover.methodPlain.securityQuestions": "Answer my security questions",
  "recover.methodPlain.authenticatorApp": "Enter a code from my authenticator app",
  "recover.sentIfRegistered":
    "If your account has this method, we've sent a verification code to it. It can take a minute to arrive.",
  "recover.sent.email": "We've sent an email with a verification code to {destination}.",
  "recover.sent.mobileSms": "We've sent a text message with a verification code to {destination}.",
  "recover.sent.mobileCall": "We're calling {destination}. Listen for the verification code.",
  "recover.sent.officeCall": "We're calling {destination}. Listen for the verification code.",
  "recover.sent.authenticatorApp":
    "Open your authenticator app and enter the code it shows for this account.",
  "recover.code": "Verification code",
  "recover.codeHint": "8 digits. The code works once, for 10 minutes.",
  "recover.codeHintApp": "6 digits. The code changes every 30 seconds.",
  "recover.sendAgain": "Send a new code",
  "recover.answerQuestions": "Answer these security questions. Answers aren't case-sensitive.",
  "recover.verifyTitle": "Verify your identity",
  "recover.newPasswordTitle": "Choose a new password",
  "recover.finish": "Finish",
  "recover.unlockTitle": "Unlock your account",
  "recover.unlockIntro":
    "You've proved it's you. Unlock your account, then sign in with the password you know.",
  "recover.unlock": "Unlock my account",
  "recover.resetDoneTitle": "Your password has been reset",
  "recover.resetDone":
    "Sign in with your new password. You've been signed out everywhere else, and your account is unlocked.",
  "recover.unlockDoneTitle": "Your account has been unlocked",
  "recover.unlockDone": "Sign in with the password you know. Your password hasn't changed.",
  "recover.signIn": "Sign in",
  "recover.startAgain": "Start again",
  "recover.refusedTitle": "Please contact your administrator",
  "recover.blockedTitle": "Too many attempts",
  "recover.refused.organisationDisabled":
    "Your organisation hasn't turned on password reset. Contact your administrator to reset your password.",
  "recover.refused.notInScope":
    "Your account is not enabled for password reset. Contact your administrator to reset your password.",
  "recover.refused.managedOnPremises":
    "We've detected that your user account password is not managed by us, so we can't reset it here. Contact your administrator.",
  "recover.refused.notRegistered":
    "We could not verify your account: it doesn't have the contact information we need. Contact your administrator, and add your security info once you're back in.",
  "recover.refused.blocked":
    "You've tried to verify your account too many times. For your security, password reset is blocked for 24 hours. Try again later, or contact your administrator.",
  "recover.refused.accountDisabled":
    "Sign-in is blocked for your account. Only an administrator can unblock it.",
  "recover.referenceCode": "Reference code for your helpdesk: {code}",
  "recover.contact": "Contact an administrator",
  "recover.contactHelpdesk": "Go to your helpdesk",
  "recover.contactedTitle": "We've asked for help",
  "recover.contacted":
    "Your administrators have been asked to help you and will contact you. Nobody from IT will ever ask you for your password.",
  "recover.contactedHelpdesk":
    "Your request has been filed. Your helpdesk handles password questions on its own site: continue there.",
  "recover.expiredTitle": "This password reset has expired",
  "recover.expired":
    "For your security, a password reset lasts 15 minutes and works once. Start again.",
  "recover.error.captcha": "Show that you're not a robot, then select Next.",
  "recover.error.unknownUser":
    "We couldn't find an account with that User ID. Check it, including the part after the @.",
  "recover.error.invalidCode":
    "That code didn't work. Check it, or send a new code. Several wrong tries block password reset for 24 hours.",
  "recover.error.wrongAnswers":
    "At least one answer didn't match. Answer these new questions. Several wrong tries block password reset for 24 hours.",
  "recover.error.tooManyStarts":
    "Too many password resets were started for this User ID. Wait 15 minutes, then try again.",
  "recover.error.answerRequired": "Answer every question.",
  "recover.error.method": "Choose one of the methods shown.",
  "recover.error.tooManyCodes": "Too many codes were sent. Wait a while, or choose another method.",
  "recover.error.stepNotAllowed": "That step isn't available now. Continue from this page.",

  "email.helpdesk": "Helpdesk",
  "email.resetRequest.selfServiceRefused":
    "Self-service password reset couldn't help them (reference code {code}).",
  "email.resetCode.subject": "Your {organisation} verification code",
  "email.resetCode.what":
    "Your verification code is {code}. Use it to reset the password of {userId}, or to unlock it.",
  "email.resetCode.validity": "The code works once, for 10 minutes.",
  "email.resetCode.ignore":
    "If you didn't try to reset your password, ignore this email: nothing changes. Never give this code to anyone, not even IT.",
  "text.resetCode": "{code} is your {organisation} password reset code. Never share it.",
  "email.selfService.reset.subject": "Your password has been reset",
  "email.selfService.reset.what":
    "The password of your {organisation} account {userId} was reset through self-service password reset on {date}. You were signed out everywhere.",
  "email.selfService.unlock.subject": "Your account has been unlocked",
  "email.selfService.unlock.what":
    "Your {organisation} account {userId} was unlocked through self-service password reset on {date}. The password didn't change.",
  "email.selfService.ifNotYou":
    "If this wasn't you, contact your IT department or your administrator right away: someone else may have access to your account.",
  "email.adminSelfReset.subject": "{name} reset their own administrator password",
  "email.adminSelfReset.what":
    "{name} ({userId}), an administrator of your organisation, reset their own password through self-service password reset on {date}.",
  "email.adminSelfReset.check":
    "If you didn't expect this, check with them on a number you know: an administrator account in the wrong hands can change everything.",
} as const;
