/**
 * CSV text for a chart's download: `# ` comment lines (citation, definition, the view's URL), a header row, then
 * exactly the rows the chart draws. NULL is an empty field, never 0; fields with a comma, quote or line break are
 * quoted (RFC 4180). Text cells a spreadsheet would run as a formula get a leading ' (numbers are never text here).
 */
import { neutraliseCell } from '../../lib/spreadsheet-safe.ts';

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvTable {
  columns: readonly string[];
  /** Objects keyed by column name; other keys are ignored. */
  rows: readonly object[];
  /** Lines written first, each prefixed with '# '. */
  comments?: readonly string[];
}

function field(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'boolean'
      ? value
        ? 'true'
        : 'false'
      : typeof value === 'string'
        ? neutraliseCell(value)
        : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv({ columns, rows, comments = [] }: CsvTable): string {
  const lines = comments
    .flatMap((c) => c.split(/\r?\n/))
    .filter((c) => c.trim())
    .map((c) => `# ${c}`);
  lines.push(columns.map(field).join(','));
  for (const row of rows) lines.push(columns.map((c) => field((row as Record<string, CsvValue>)[c])).join(','));
  return `${lines.join('\n')}\n`;
}
