/**
 * Administrator roles with Microsoft's role template ids, so Graph scripts can name roles
 * the same way (SPEC [S1], [S3]).
 */
export const ROLES = {
  globalAdministrator: {
    id: "62e90394-69f5-4237-9190-012177145e10",
    displayName: "Global Administrator",
  },
  privilegedAuthenticationAdministrator: {
    id: "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
    displayName: "Privileged Authentication Administrator",
  },
  privilegedRoleAdministrator: {
    id: "e8611ab8-c189-46e8-94e1-60213ab1f814",
    displayName: "Privileged Role Administrator",
  },
  userAdministrator: {
    id: "fe930be7-5e62-47db-91af-98c3a49a38b1",
    displayName: "User Administrator",
  },
  authenticationAdministrator: {
    id: "c4e39bd9-1100-46d3-8c65-fb160da0071f",
    displayName: "Authentication Administrator",
  },
  helpdeskAdministrator: {
    id: "729827e3-9c14-49f7-bb1b-9608f156bbb8",
    displayName: "Helpdesk Administrator",
  },
  passwordAdministrator: {
    id: "966707d0-3269-4727-9be2-8c3a10f19b9d",
    displayName: "Password Administrator",
  },
  groupsAdministrator: {
    id: "fdd7a751-b60b-444a-984c-02652fe8fa1c",
    displayName: "Groups Administrator",
  },
  reportsReader: {
    id: "4a5d8f65-41da-4de4-8968-e035b65339cf",
    displayName: "Reports Reader",
  },
  directoryReaders: {
    id: "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
    displayName: "Directory Readers",
  },
} as const;

export type RoleKey = keyof typeof ROLES;
export type RoleTemplateId = (typeof ROLES)[RoleKey]["id"];
