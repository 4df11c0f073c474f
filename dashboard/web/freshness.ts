/**
 * How old each source's data is, said where the numbers are: a banner when the newest day of a source is older than
 * that source's normal lag, naming the source, its last day and why (no key, the last run failed with its message,
 * only the shipped history loaded). Read from GET /api/status, whose `generated_at` is the server's clock.
 */
import { getJson } from './api.ts';
import { el } from './dom.ts';
import { formatDay, formatTimestamp } from './format.ts';

export type Channel = 'openrouter' | 'huggingface';

const NAMES: Record<Channel, string> = { openrouter: 'OpenRouter', huggingface: 'Hugging Face' };

export interface StatusJob {
  job: string;
  schedule: string | null;
  next_run_at: string | null;
  unavailable: string | null;
  last_success_at: string | null;
  last_attempt_at: string | null;
  last_status: string | null;
  last_message: string | null;
  latest_run: {
    status: string;
    started_at: string;
    finished_at: string | null;
    rows_written: number | null;
    message: string | null;
  } | null;
}

export interface StatusBody {
  generated_at: string;
  jobs: StatusJob[];
  freshness: {
    /** normal_lag_days: the source's declared normal lag (ingest/declarations.ts), read here and on the status view. */
    openrouter: { latest_as_of: string | null; latest_day: string | null; normal_lag_days: number };
    huggingface: { latest_snapshot_at: string | null; latest_day: string | null; normal_lag_days: number };
  };
  marts: Array<{ name: string; row_count: number | null; built_at: string | null }>;
}

export interface SourceFreshness {
  channel: Channel;
  name: string;
  /** The newest day of data, or NULL when there is none. */
  latestDay: string | null;
  /** Whole days from latestDay to today (UTC). */
  ageDays: number | null;
  /** Days behind that are normal for this source (its declaration). */
  normalLagDays: number;
  /** Older than the source's normal lag: collection has stopped (or never ran) and the data is not current. */
  stale: boolean;
  /** Why, in words, when stale. */
  why: string | null;
}

export type Freshness = Record<Channel, SourceFreshness>;

const DAY_MS = 86_400_000;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Why a source's data stopped: the first that applies of no key, a failed or skipped run, seed only, no run. */
export function staleReason(channel: Channel, jobs: readonly StatusJob[]): string {
  const job = jobs.find((j) => j.job === channel);
  const seed = jobs.find((j) => j.job === `seed:${channel}`);
  if (job?.unavailable) return `it is not being collected: ${job.unavailable}`;
  if (job?.last_status === 'failed')
    return `the last collection failed: ${job.last_message ?? job.latest_run?.message ?? 'no message'}`;
  if (job?.last_status === 'skipped')
    return `the last collection was skipped: ${job.last_message ?? 'no reason given'}`;
  if (job?.last_success_at)
    return `the last successful collection was at ${formatTimestamp(job.last_success_at)} UTC and none has run since (no network, or the schedule is off)`;
  if (seed?.last_success_at || seed?.latest_run?.status === 'succeeded') {
    return 'only the shipped history is loaded: no collection has run yet (no network, no key, or the schedule is off)';
  }
  return 'no collection has run yet';
}

export function freshnessOf(status: StatusBody): Freshness {
  const today = status.generated_at.slice(0, 10);
  const one = (channel: Channel, latestDay: string | null): SourceFreshness => {
    const ageDays = latestDay ? daysBetween(latestDay, today) : null;
    const normalLagDays = status.freshness[channel].normal_lag_days;
    const stale = ageDays === null || ageDays > normalLagDays;
    return {
      channel,
      name: NAMES[channel],
      latestDay,
      ageDays,
      normalLagDays,
      stale,
      why: stale ? staleReason(channel, status.jobs) : null,
    };
  };
  return {
    openrouter: one('openrouter', status.freshness.openrouter.latest_day),
    huggingface: one('huggingface', status.freshness.huggingface.latest_day),
  };
}

export async function loadFreshness(): Promise<Freshness> {
  return freshnessOf(await getJson<StatusBody>('api/status'));
}

/** One line per stale source that has data (a source with no data at all says so in its own view). */
export function staleBanner(
  freshness: Freshness,
  channels: readonly Channel[] = ['openrouter', 'huggingface'],
): HTMLElement | null {
  const stale = channels.map((c) => freshness[c]).filter((f) => f.stale && f.latestDay !== null);
  if (stale.length === 0) return null;
  return el(
    'section',
    { class: 'stale-banner', role: 'status', 'aria-label': 'How old the data is' },
    el('h2', {}, 'This is not current data'),
    el(
      'ul',
      {},
      ...stale.map((f) =>
        el(
          'li',
          { 'data-stale': f.channel },
          el('strong', {}, f.name),
          ` data ends on ${formatDay(f.latestDay!)}, ${f.ageDays} days ago (normally at most ${f.normalLagDays} days behind): ${f.why}.`,
        ),
      ),
    ),
    el(
      'p',
      {},
      'Weeks below are as of that day; “latest” means the latest in the data. ',
      el('a', { href: 'status' }, 'Status'),
      ' has each job’s runs.',
    ),
  );
}

/**
 * A partial week by what it is: "partial week: 3 of 7 days", and "so far" only while its source is being collected.
 * `days` NULL when the number of days is not known.
 */
export function partialWeekWords(days: number | null, live: boolean): string {
  const count = days === null ? 'fewer than 7 days' : `${days} of 7 days`;
  return `partial week: ${count}${live ? ' so far' : ''}`;
}

/** Days of data in the week starting `week`, given the source's newest day (OpenRouter: one row a day). */
export function daysInWeek(week: string, latestDay: string | null): number | null {
  if (!latestDay) return null;
  const n = daysBetween(week, latestDay) + 1;
  return n >= 1 && n <= 7 ? n : null;
}
