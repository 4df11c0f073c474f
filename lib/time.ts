/**
 * "Today" and window boundaries live here and nowhere else. Every function takes the clock as a value.
 * Days are UTC calendar days as YYYY-MM-DD strings; weeks start Monday 00:00 UTC.
 */

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function parseIsoDay(value: string, what = 'date'): string {
  if (!isIsoDay(value))
    throw new RangeError(`${what} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

export function toIsoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return toIsoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Monday of the UTC week holding `day`. */
export function weekStart(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const offset = (d.getUTCDay() + 6) % 7;
  return addDays(day, -offset);
}

/** The last complete UTC day before `now`. */
export function lastCompleteDay(now: Date): string {
  return addDays(toIsoDay(now), -1);
}

/** Split [from, to] into consecutive windows of at most `maxDays` days, inclusive at both ends. */
export function splitWindows(from: string, to: string, maxDays: number): Array<{ start: string; end: string }> {
  if (from > to) return [];
  const windows: Array<{ start: string; end: string }> = [];
  let start = from;
  while (start <= to) {
    const candidate = addDays(start, maxDays - 1);
    const end = candidate < to ? candidate : to;
    windows.push({ start, end });
    start = addDays(end, 1);
  }
  return windows;
}
