/**
 * CSV formula neutralisation (OWASP "CSV injection"): a spreadsheet runs a text cell that starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return as a formula. Every CSV a person downloads passes its text cells through this;
 * numbers never do (a negative number stays a number). `export --raw` skips it for programs.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
