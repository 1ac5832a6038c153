/**
 * How long a CAPTCHA challenge may be solved and its solution posted: the service refuses
 * a later one, and the page's widget fetches a new challenge before then.
 */
export const CAPTCHA_VALIDITY_MS = 10 * 60_000;
