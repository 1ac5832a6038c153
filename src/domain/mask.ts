/** Contact details masked for display: enough to recognise one's own, not to learn another's. */
const DOT = "\u2022";

/** "alice@contoso.com" → "a•••@contoso.com". */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at <= 0) return DOT.repeat(3);
  const local = address.slice(0, at);
  return `${[...local][0] ?? ""}${DOT.repeat(3)}${address.slice(at)}`;
}

// Country codes are 1 to 3 digits; these common ones are told apart by their prefix.
const COUNTRY_CODES = [
  "1",
  "7",
  "20",
  "27",
  "30",
  "31",
  "32",
  "33",
  "34",
  "36",
  "39",
  "40",
  "41",
  "43",
  "44",
  "45",
  "46",
  "47",
  "48",
  "49",
  "351",
  "352",
  "353",
  "358",
];

/** "+31612345678" → "+31 6•••••78": country code, first digit, last two. */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/^\+/, "");
  const country =
    COUNTRY_CODES.filter((code) => digits.startsWith(code)).sort(
      (a, b) => b.length - a.length,
    )[0] ?? digits.slice(0, 2);
  const national = digits.slice(country.length);
  if (national.length < 4) return `+${country} ${DOT.repeat(national.length)}`;
  return `+${country} ${national.slice(0, 1)}${DOT.repeat(5)}${national.slice(-2)}`;
}
