/**
 * Number formats, defined once for everything people read: the page (dashboard/web/format.ts re-exports these), the
 * digest and the feed (dashboard/web/digest-words.ts). Data (marts, CSV, JSON) keeps plain numbers and shares as
 * fractions in [0, 1]; these functions only make text. No imports, so the server's feed loads no d3; the strings are
 * d3-format's (',', '.1%', '.0%'), which test/lib/format.test.ts checks. Negative numbers take a true minus sign
 * (U+2212), read as such by screen readers, except in the short forms ('-1.2B'), as before.
 */

const MINUS = '\u2212';

/** `text` of |value|, with a minus sign unless the text rounds to zero (d3's rule: no '−0.0%'). */
function signed(value: number, text: (abs: number) => string): string {
  const body = text(Math.abs(value));
  return value < 0 && /[1-9]/.test(body) ? MINUS + body : body;
}

/** Thousands separators in the integer part of a plain decimal text. */
function grouped(text: string): string {
  const [whole, fraction] = text.split('.');
  const withCommas = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? withCommas : `${withCommas}.${fraction}`;
}

/** A count with thousands separators: 1234567 -> '1,234,567' (12 significant digits, as d3's ','). */
export function formatCount(value: number): string {
  return signed(value, (abs) => {
    const text = String(Number(abs.toPrecision(12)));
    return text.includes('e') ? text : grouped(text);
  });
}

/** The exact count with thousands separators, for titles; a BIGINT past 2^53 arrives as a string and stays exact. */
export function formatExact(value: number | string | null): string {
  if (value === null) return 'no value';
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A share (a fraction) as a percent to one decimal: 0.1234 -> '12.3%'. */
export function formatShare(value: number): string {
  return `${signed(value, (abs) => (abs * 100).toFixed(1))}%`;
}

/** Axis labels: whole percents, 0.25 -> '25%'. */
export function formatShareAxis(value: number): string {
  return `${signed(value, (abs) => (abs * 100).toFixed(0))}%`;
}

/** A change between two shares, in percentage points: '+2.3 pts', '−0.4 pts', '0.0 pts'. */
export function formatShareChange(value: number): string {
  const points = Math.round(value * 1000) / 10;
  if (points === 0) return '0.0 pts';
  return `${points > 0 ? '+' : MINUS}${Math.abs(points).toFixed(1)} pts`;
}

/** A change in a count: '+2', '−1', '0'. */
export function formatCountChange(value: number): string {
  if (value === 0) return '0';
  return `${value > 0 ? '+' : MINUS}${formatCount(Math.abs(value))}`;
}

/** Tokens as short text: '4.12T', '950.0B', '1.2M', below a million the count ('950,000'); a BIGINT string too. */
export function formatTokens(value: number | string | null): string {
  if (value === null) return '–';
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  const abs = Math.abs(n);
  if (abs >= 1e12) return `${(n / 1e12).toFixed(2)}T`;
  if (abs >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  return formatCount(n);
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

/** A ratio of two values: 38.24 -> '38.2x'. */
export function formatRatio(value: number): string {
  return `${value.toFixed(1)}x`;
}

/** A price in US dollars per million tokens: 0.5 -> '$0.50 per million tokens'. */
export function formatPricePerMillionTokens(value: number): string {
  return `$${value.toFixed(2)} per million tokens`;
}

/** An index whose base week is 100: 123.4 -> '123 (first whole week = 100)'. */
export function formatIndex(value: number): string {
  return `${value.toFixed(0)} (first whole week = 100)`;
}

/** A value in a weekly_metrics / weekly_changes unit, for sentences: '12.3%', '4.12T tokens', '1.2B downloads'. */
export function formatInUnit(value: number | null | undefined, unit: string | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (unit === 'share') return formatShare(value);
  const short = formatTokens(value);
  return unit === 'tokens' ? `${short} tokens` : unit === 'downloads' ? `${short} downloads` : short;
}
