import { solveChallenge, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";

/** Solves a challenge for real, as the widget does, and encodes the payload it would post. */
export async function solvePayload(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error("the CAPTCHA challenge was not solved in time");
  const payload = {
    challenge: { parameters: challenge.parameters, signature: challenge.signature },
    solution,
  };
  return Buffer.from(JSON.stringify(payload)).toString("base64");
}

/**
 * Fetches a challenge from the app (a test Client) and solves it: the value to post as the
 * form's `altcha` field.
 */
export async function solveCaptcha(client: {
  get(url: string): Promise<{ statusCode: number; body: string }>;
}): Promise<string> {
  const response = await client.get("/captcha/challenge");
  if (response.statusCode !== 200) {
    throw new Error(`GET /captcha/challenge answered ${response.statusCode}`);
  }
  return solvePayload(JSON.parse(response.body) as Challenge);
}
