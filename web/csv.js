// CSV for spreadsheets: RFC 4180 quoting, and text cells that a spreadsheet would run as a formula (they begin
// with = + - @, a tab or a carriage return) get a leading single quote (OWASP's rule). Numbers stay numbers,
// so a negative Δ such as -0.0123 is still a number; the same rule as the server's exports.

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell as a spreadsheet will show it, never run it. */
export function spreadsheetText(value) {
  const s = String(value);
  return FORMULA_START.test(s) ? `'${s}` : s;
}

function cell(value) {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? String(value) : spreadsheetText(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Rows (arrays of strings and numbers) as CSV text, one line per row. */
export function toCsv(rows) {
  return rows.map(row => row.map(cell).join(',')).join('\n') + '\n';
}
