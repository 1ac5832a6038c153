import { newToken, tokenHash } from "../domain/tokens.js";
import { countOrganisations } from "../store/organisations.js";
import {
  deleteSetting,
  deleteSettingsWithPrefix,
  readSetting,
  insertSettingOnce,
} from "../store/settings.js";
import type { ServiceDeps } from "./context.js";
import type { Directory, InitOrganisationInput } from "./directory.js";
import { SesameError } from "./errors.js";

const PREFIX = "setup-token:";
const VALID_MS = 24 * 3_600_000;

const keyOf = (token: string) => `${PREFIX}${tokenHash(token)}`;
const invalidToken = () =>
  new SesameError(
    "invalidSetupToken",
    "This setup link is no longer valid. Restart Sesame for a new one, or run: npx sesame init",
  );

/**
 * First start: a one-time link creates the organisation and its first Global Administrator.
 * Only the token's hash is stored; the link works once, for 24 hours, while the store is empty.
 */
export function createSetup(deps: Pick<ServiceDeps, "store" | "now">, directory: Directory) {
  const { store, now } = deps;
  return {
    /** A new setup token when the store is empty, else undefined. */
    async issueToken(): Promise<string | undefined> {
      if ((await countOrganisations(store)) > 0) return undefined;
      const token = newToken();
      await insertSettingOnce(store, keyOf(token), String(now() + VALID_MS));
      return token;
    },

    async isValid(token: string | undefined): Promise<boolean> {
      if (!token || token.length > 100) return false;
      const expires = await readSetting(store, keyOf(token));
      return (
        expires !== undefined && Number(expires) > now() && (await countOrganisations(store)) === 0
      );
    },

    async complete(
      token: string | undefined,
      input: Omit<InitOrganisationInput, "guard"> & { confirmPassword: string },
    ) {
      if (!(await this.isValid(token)) || !token) throw invalidToken();
      if (!input.password) {
        throw new SesameError(
          "invalidInput",
          "Choose a password for the administrator.",
          "password",
        );
      }
      if (input.password !== input.confirmPassword) {
        throw new SesameError("passwordMismatch", "The passwords don't match.", "confirmPassword");
      }
      return directory.initOrganisation({
        ...input,
        guard: async (tx) => {
          // Consumed in the creating transaction: of two racing submissions, one wins.
          if (!(await deleteSetting(tx, keyOf(token))) || (await countOrganisations(tx)) > 0) {
            throw invalidToken();
          }
          await deleteSettingsWithPrefix(tx, PREFIX);
        },
      });
    },
  };
}

export type Setup = ReturnType<typeof createSetup>;
