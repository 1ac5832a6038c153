// A cell a spreadsheet would run as a formula (=, +, -, @, tab, return) is kept as text.
const FORMULA = /^[=+\-@\t\r]/;

/**
 * Rows as CSV (RFC 4180) for spreadsheets: every cell quoted, quotes doubled, a leading
 * byte-order mark so Excel reads UTF-8, and no cell that a spreadsheet would evaluate.
 */
export function toCsv(rows: readonly (readonly string[])[]): string {
  const cell = (value: string) =>
    `"${(FORMULA.test(value) ? `'${value}` : value).replaceAll('"', '""')}"`;
  return `\ufeff${rows.map((row) => row.map(cell).join(",")).join("\r\n")}\r\n`;
}
