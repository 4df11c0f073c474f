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
