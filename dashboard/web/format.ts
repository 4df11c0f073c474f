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
