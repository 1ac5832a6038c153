/**
 * English messages: the reference catalogue. Every key here must exist in every other
 * language (nl.ts is typed against it, and a test checks at run time too).
 * Placeholders look like {name}.
 */
export const en = {
  "app.name": "Sesame",
  "layout.skipToContent": "Skip to main content",
  "layout.language": "Language",
  "layout.signOut": "Sign out",
  "layout.myAccount": "My account",
  "layout.errorSummary": "There is a problem",
  "language.en": "English",
  "language.nl": "Nederlands",

  "signIn.title": "Sign in",
  "signIn.userId": "User ID",
  "signIn.userIdHint": "For example ada@contoso.com",
  "signIn.password": "Password",
  "signIn.submit": "Sign in",
  "signIn.cantAccess": "Can't access your account?",
  "signIn.invalidCredentials":
    "Your User ID or password is incorrect. Check them and try again, or use Can't access your account?",
  "signIn.locked":
    "Your account is temporarily locked to prevent unauthorized use. Try again later, or use Can't access your account?",
  "signIn.blocked": "Your account has been blocked. Contact your administrator.",
  "signIn.tooManyRequests": "Too many attempts from your network. Wait a minute, then try again.",
  "signIn.signedOut": "You have signed out.",
  "signIn.passwordChanged": "Your password has been changed. Sign in with your new password.",

  "forcedChange.title": "Update your password",
  "forcedChange.intro":
    "You need to update your password because an administrator set it for you. Choose a new password that only you know.",
  "forcedChange.submit": "Update password",

  "myAccount.title": "My account",
  "myAccount.profile": "Profile",
  "myAccount.displayName": "Name",
  "myAccount.userId": "User ID",
  "myAccount.mail": "Email",
  "myAccount.organisation": "Organisation",
  "myAccount.notSet": "Not set",
  "myAccount.securityPrivacy": "Security & privacy",
  "myAccount.password": "Password",
  "myAccount.passwordLastChanged": "Last changed {date}",
  "myAccount.changePassword": "Change password",
  "myAccount.passwordChanged":
    "Your password has been changed. You have been signed out on every other device.",

  "changePassword.title": "Change password",
  "changePassword.currentPassword": "Current password",
  "changePassword.newPassword": "New password",
  "changePassword.confirmPassword": "Confirm new password",
  "changePassword.submit": "Submit",
  "changePassword.cancel": "Cancel",
  "changePassword.otherSessions":
    "When you change your password, you are signed out everywhere else.",

  "rules.heading": "Your new password must",
  "rules.length":
    "have {minLength} to {maxLength} characters (spaces and any symbol or letter are fine)",
  "rules.common": "not be a common or easily guessed password",
  "rules.names": "not contain your name or your organisation's name",
  "rules.kinds": "use 3 of these 4: lowercase letters, uppercase letters, digits, symbols",

  "error.wrongCurrentPassword": "Your current password is incorrect. Type it again.",
  "error.passwordMismatch": "The passwords don't match. Type the same new password twice.",
  "error.samePassword": "Your new password must be different from your current password.",
  "error.accountLocked":
    "Your account is temporarily locked to prevent unauthorized use. Try again later.",
  "error.tooShort": "Use at least {minLength} characters.",
  "error.tooLong": "Use at most {maxLength} characters.",
  "error.controlCharacter": "Remove invisible control characters (such as tabs or line breaks).",
  "error.common": "This password is too common. Choose one that is harder to guess.",
  "error.weak":
    "This password is easy to guess. Make it longer, for example a few unrelated words.",
  "error.banned":
    "This password contains a word your organisation does not allow (“{term}”). Choose another one.",
  "error.containsUserName": "Don't use your name or User ID in your password.",
  "error.containsOrganisationName": "Don't use your organisation's name in your password.",
  "error.needsThreeOfFourKinds":
    "Use at least 3 of these: lowercase letters, uppercase letters, digits and symbols.",
  "error.invalidInput": "Check this field: {message}",

  "required.userId": "Enter your User ID.",
  "required.password": "Enter your password.",
  "required.currentPassword": "Enter your current password.",
  "required.newPassword": "Enter a new password.",
  "required.confirmPassword": "Type the new password again.",
  "required.organisationName": "Enter the organisation's name.",
  "required.domain": "Enter the domain.",
  "required.adminUserId": "Enter the administrator's User ID.",
  "required.adminDisplayName": "Enter the administrator's name.",
  "invalid.userId": "Enter a User ID like name@contoso.com.",
  "invalid.domain": "Enter a domain name like contoso.com.",
  "invalid.adminUserId": "Enter a User ID that ends in @ and the domain above.",
  "invalid.organisationName": "Use at most 256 characters, without line breaks.",
  "invalid.displayName": "Use at most 256 characters, without line breaks.",

  "layout.adminCenter": "Admin center",
  "admin.title": "Admin center",
  "admin.nav": "Admin center sections",
  "admin.nav.users": "Users",
  "admin.noAccess":
    "You don't have access to the admin center. Ask a Global Administrator to give you an admin role.",
  "admin.nav.requests": "Password reset requests",
  "admin.requests.title": "Password reset requests",
  "admin.requests.none": "Nobody is waiting for a new password.",
  "admin.requests.asked": "Asked",
  "admin.requests.from": "From IP address",
  "admin.requests.dismiss": "Dismiss",
  "admin.requests.dismissFor": "Dismiss the request of {name}",
  "admin.requests.dismissed": "The request of {name} is dismissed.",
  "admin.users.title": "All users",
  "admin.users.search": "Search by name, User ID or email",
  "admin.users.searchButton": "Search",
  "admin.users.filter": "Show",
  "admin.users.filter.all": "All users",
  "admin.users.filter.enabled": "Sign-in allowed",
  "admin.users.filter.blocked": "Sign-in blocked",
  "admin.users.filter.admins": "Administrators",
  "admin.users.filter.onPremises": "Password managed on premises",
  "admin.users.column.name": "Display name",
  "admin.users.column.userId": "User ID",
  "admin.users.column.status": "Status",
  "admin.users.column.actions": "Actions",
  "admin.users.none": "No users match. Check the spelling, or search by the start of a name.",
  "admin.users.next": "Next page",
  "admin.users.first": "First page",
  "admin.users.resetFor": "Reset password for {name}",
  "admin.status.enabled": "Sign-in allowed",
  "admin.status.blocked": "Sign-in blocked",
  "admin.status.locked": "Locked out",
  "admin.user.profile": "Profile",
  "admin.user.roles": "Admin roles",
  "admin.user.noRoles": "No admin roles",
  "admin.user.otherMails": "Alternate emails",
  "admin.user.mobilePhone": "Mobile phone",
  "admin.user.officePhone": "Office phone",
  "admin.user.language": "Preferred language",
  "admin.user.passwordManaged": "Password managed",
  "admin.user.managed.cloud": "In Sesame",
  "admin.user.managed.onPremises": "On premises",
  "admin.user.status": "Sign-in status",
  "admin.user.actions": "Actions",
  "admin.action.resetPassword": "Reset password",
  "admin.action.unlock": "Unlock account",
  "admin.action.revokeSessions": "Sign out of all sessions",
  "admin.action.block": "Block sign-in",
  "admin.action.unblock": "Allow sign-in",
  "admin.done.unlock": "The account of {name} is unlocked.",
  "admin.done.revokeSessions": "{name} is signed out of every session.",
  "admin.done.block": "Sign-in is blocked for {name}, and every session has ended.",
  "admin.done.unblock": "Sign-in is allowed again for {name}.",
  "admin.reset.title": "Reset password",
  "admin.reset.intro": "Reset the password of {name} ({userId}).",
  "admin.reset.choice": "New password",
  "admin.reset.autoGenerate": "Automatically create a password",
  "admin.reset.typePassword": "Let me create the password",
  "admin.reset.password": "Password (when you create it)",
  "admin.reset.forceChange": "Require this user to change their password when they first sign in",
  "admin.reset.sendEmail": "Send the password in email",
  "admin.reset.recipients": "Email recipients, one per line (up to 10)",
  "admin.reset.compromised": "This account is compromised",
  "admin.reset.compromisedHint":
    "Signs the user out everywhere at once. The password is never sent by email.",
  "admin.reset.blockSignIn": "Also block sign-in until I allow it again",
  "admin.reset.submit": "Reset password",
  "admin.reset.cancel": "Cancel",
  "admin.reset.doneTitle": "Password reset",
  "admin.reset.doneGenerated":
    "This is the new temporary password for {name}. It is shown only now: copy it and give it to the user in a safe way.",
  "admin.reset.doneTyped": "The password of {name} is now the one you typed.",
  "admin.reset.temporaryPassword": "Temporary password",
  "admin.reset.copy": "Copy password",
  "admin.reset.copied": "Copied",
  "admin.reset.mustChange": "The user must choose a new password when they sign in.",
  "admin.reset.emailed": "The password was sent by email to: {recipients}.",
  "admin.reset.sessionsEnded": "Sessions ended: {count}.",
  "admin.reset.backToUser": "Back to {name}",
  "error.forbidden": "You don't have permission to do this for this user.",
  "error.managedOnPremises":
    "This user's password is managed on premises. Reset it in your on-premises directory.",
  "error.userNotFound": "This user doesn't exist or was deleted. Go back to the list of users.",
  "invalid.sendTo":
    "Enter valid email addresses, one per line (at most 10). A compromised account's password is never emailed.",
  "invalid.blockSignIn": "Blocking sign-in goes with “This account is compromised”.",

  "recover.title": "Can't access your account?",
  "recover.comingSoon":
    "Resetting your password yourself is coming soon. Until then, your administrator can reset it for you.",
  "recover.askHeading": "Ask your administrator for a new password",
  "recover.askIntro":
    "Enter your User ID. We'll ask the administrators who can reset your password to contact you.",
  "recover.askSubmit": "Ask for a new password",
  "recover.askedTitle": "Request sent",
  "recover.asked":
    "If {userId} is an account here, the administrators who can reset its password have been asked to help you. They will contact you. Nobody from IT will ever ask you for your password.",
  "recover.backToSignIn": "Back to sign in",

  "setup.title": "Set up Sesame",
  "setup.intro":
    "Create your organisation and its first Global Administrator. This link works once.",
  "setup.organisationName": "Organisation name",
  "setup.organisationNameHint": "Shown in emails, for example Contoso",
  "setup.domain": "Domain",
  "setup.domainHint": "User IDs end in @ and this domain, for example contoso.com",
  "setup.adminUserId": "Administrator's User ID",
  "setup.adminDisplayName": "Administrator's name",
  "setup.password": "Password",
  "setup.confirmPassword": "Confirm password",
  "setup.submit": "Create organisation",
  "setup.invalidLink":
    "This setup link is no longer valid. Restart Sesame to print a new one, or run npx sesame init.",
  "setup.done": "Your organisation is ready. Sign in as {userId}.",
  "setup.domainTaken": "This domain already belongs to an organisation.",

  "error.pageTitle": "Something went wrong",
  "error.notFound": "We couldn't find that page.",
  "error.generic":
    "Something went wrong on our side. Try again; if it keeps happening, tell your administrator and mention reference {reference}.",
  "error.csrf": "This form had expired. We reloaded it: please submit it again.",
  "error.goHome": "Go to the start page",

  "email.greeting": "Hello {name},",
  "email.footer":
    "Sent by Sesame on behalf of {organisation}. This is an automated message; replies are not read.",
  "email.passwordChanged.subject": "Your password was changed",
  "email.passwordChanged.what":
    "The password of your {organisation} account was changed on {date}.",
  "email.passwordChanged.ifYou": "If you made this change, you don't need to do anything.",
  "email.passwordChanged.ifNotYou":
    "If you didn't change your password, someone else may be using your account. Contact your IT department or your administrator right away.",
  "email.temporaryPassword.subject": "A new password for your {organisation} account",
  "email.temporaryPassword.what":
    "An administrator of {organisation} reset the password of the account {userId}.",
  "email.temporaryPassword.password": "Temporary password: {password}",
  "email.temporaryPassword.signIn": "Sign in at {url} with your User ID and this password.",
  "email.temporaryPassword.mustChange":
    "You will be asked to choose a new password of your own right away. Delete this email afterwards.",
  "email.resetRequest.subject": "{name} asks for a new password",
  "email.resetRequest.what":
    "{name} ({userId}) asked for a new password on the sign-in page on {date}, from IP address {ip}.",
  "email.resetRequest.open": "Open their page in the admin center to reset it: {url}",
  "email.resetRequest.check":
    "Before you hand over a password, make sure it really is them (for example, call them back on a number you know).",
} as const;

export type MessageKey = keyof typeof en;
