/**
 * CSV formula neutralisation (OWASP "CSV injection"): a spreadsheet runs a text cell that starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return as a formula. Such a cell gets a leading `'`, which spreadsheets show as text.
 * Every CSV a person downloads passes its text cells through this; numbers are never passed to it (a negative number
 * stays a number). `export --raw` skips it for programs.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
