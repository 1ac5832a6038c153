/**
 * What several admin center pages show of the directory, declared once; each page declares
 * the rest of what it reads. The services' results fit these, so routes pass them as they are.
 */

/** A user, group or role as a link to it or a choice of it names it. */
export interface Named {
  id: string;
  displayName: string;
}

/** A user in a list or a heading: the name, and the User ID beside or under it. */
export interface UserSummary extends Named {
  userPrincipalName: string;
}

/** The alternate emails and phones, which self-service reset sends codes to (SPEC [S3]). */
export interface UserContactInfo {
  otherMails: readonly string[];
  mobilePhone: string | null;
  officePhone: string | null;
}

/** What the principal may do to one user: the pages offer only these, the service decides. */
export interface UserActions {
  resetPassword: boolean;
  unlock: boolean;
  revokeSessions: boolean;
  blockSignIn: boolean;
  editProfile: boolean;
  editContactInfo: boolean;
  deleteUser: boolean;
  manageRoles: boolean;
}
