/** The first characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell made safe for a CSV file opened in Excel or WPS: text starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return is prefixed with a single quote, so it shows as text and never runs as a formula
 * (`=HYPERLINK(…)`, `+SUM(1,2)`, `-2+3`). Numbers are left alone: a negative rank change stays a number.
 * Quoting and doubling of quotes is the CSV writer's job.
 */
export function neutraliseCsvCell<T>(cell: T): T | string {
  return typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell;
}
