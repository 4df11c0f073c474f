/** Number formats for the page. Shares are fractions in the data; percent formatting happens only here. */
import { format } from 'd3';

const withCommas = format(',');
const share = format('.1%');
const wholePercent = format('.0%');

/** Tokens as '950.0B' style short text; a BIGINT past 2^53 arrives as a string and is shortened the same way. */
export function formatTokens(value: number | string | null): string {
  if (value === null) return '–';
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  const abs = Math.abs(n);
  if (abs >= 1e12) return `${(n / 1e12).toFixed(2)}T`;
  if (abs >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  return withCommas(n);
}

/** The exact count with thousands separators, for titles. */
export function formatExact(value: number | string | null): string {
  if (value === null) return 'no value';
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatShare(value: number): string {
  return share(value);
}

export function formatCount(value: number): string {
  return withCommas(value);
}

/** Axis labels: whole percents. */
export function formatShareAxis(value: number): string {
  return wholePercent(value);
}

/** A change in a count: '+2', '−1', '0' (a true minus sign, read as such by screen readers). */
export function formatCountChange(value: number): string {
  if (value === 0) return '0';
  return `${value > 0 ? '+' : '−'}${withCommas(Math.abs(value))}`;
}

/** A change between two shares, in percentage points: '+2.3 pts'. */
export function formatShareChange(value: number): string {
  const points = Math.round(value * 1000) / 10;
  if (points === 0) return '0.0 pts';
  return `${points > 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} pts`;
}

/** Downloads and tokens share the short form ('1.2B'); the exact figure goes in tooltips and CSV. */
export const formatDownloads = formatTokens;

/** Whole-number axis labels for large counts: '0', '50M', '1.5T'. */
export function formatLargeAxis(value: number): string {
  const abs = Math.abs(value);
  const trim = (n: number) => String(Math.round(n * 10) / 10);
  if (abs >= 1e12) return `${trim(value / 1e12)}T`;
  if (abs >= 1e9) return `${trim(value / 1e9)}B`;
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e3) return `${trim(value / 1e3)}k`;
  return String(value);
}

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
