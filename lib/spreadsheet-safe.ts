/**
 * CSV formula neutralisation (OWASP "CSV injection"): a spreadsheet runs a text cell that starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return as a formula. Such a cell gets a leading `'`, which spreadsheets show as text.
 * Only text cells go through this: numbers are never passed to it (a negative number stays a number).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
