/**
 * Text formats for the page. Number formats are defined once, in lib/format.ts (the feed uses them too), and
 * re-exported here; dates, times and schedules are the page's own.
 */
export {
  formatCount,
  formatCountChange,
  formatDownloads,
  formatExact,
  formatIndex,
  formatLargeAxis,
  formatPricePerMillionTokens,
  formatRatio,
  formatShare,
  formatShareAxis,
  formatShareChange,
  formatTokens,
} from '../../lib/format.ts';

/**
 * Dates and times have one form on every view, the same as in the URLs and the CSV files: days 'YYYY-MM-DD' (UTC),
 * timestamps to the minute 'YYYY-MM-DD HH:MM' (UTC; the caller adds "UTC" where it is not said around it).
 */
export function formatDay(day: string): string {
  return day.slice(0, 10);
}

/** '2026-08-18 00:05:18.123', '2026-08-18T00:05:18.123Z' -> '2026-08-18 00:05'. */
export function formatTimestamp(value: string | null | undefined): string {
  if (!value) return '–';
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(value);
  return m ? `${m[1]} ${m[2]}` : value;
}

const CRON_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A five-field cron expression in words ('30 3 * * *' -> 'daily at 03:30 UTC'); anything else as it is. */
export function cronInWords(expression: string | null): string {
  if (!expression) return '–';
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return expression;
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  if (!/^\d+$/.test(minute) || month !== '*' || dom !== '*') return expression;
  const at = (h: string) => `${h.padStart(2, '0')}:${minute.padStart(2, '0')}`;
  if (/^\d+$/.test(hour)) {
    if (dow === '*') return `daily at ${at(hour)} UTC`;
    if (/^[0-6]$/.test(dow)) return `every ${CRON_DAYS[Number(dow)]} at ${at(hour)} UTC`;
  }
  const every = /^\*\/(\d+)$/.exec(hour);
  if (every && dow === '*') return `every ${every[1]} hours at minute ${Number(minute)} (UTC)`;
  if (hour === '*' && dow === '*') return `hourly at minute ${Number(minute)}`;
  return expression;
}
