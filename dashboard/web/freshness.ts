/**
 * How old each source's data is, said where the numbers are: a banner when the newest day of a source is older than
 * that source's normal lag, naming the source, its last day and why (no key, the last run failed with its message,
 * only the shipped history loaded). Read from GET /api/status, whose `generated_at` is the server's clock, and whose
 * `sources` lists every source declared in ingest/declarations.ts with its normal lag: a new declared source appears
 * here and on the status view with no edit to the page.
 */
import { getJson } from './api.ts';
import { el } from './dom.ts';
import { formatDay, formatTimestamp } from './format.ts';

/** The sources a view's numbers come from (its staleness banner); any declared source's name is a key of Freshness. */
export type Channel = 'openrouter' | 'huggingface';

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

/** One declared source as /api/status lists it (dashboard/routes/status.ts). */
export interface StatusSource {
  source: string;
  title: string;
  latest_day: string | null;
  latest_as_of: string | null;
  /** The source's declared normal lag (ingest/declarations.ts normalLagDays). */
  normal_lag_days: number;
}

export interface StatusBody {
  generated_at: string;
  jobs: StatusJob[];
  sources: StatusSource[];
  marts: Array<{ name: string; row_count: number | null; built_at: string | null }>;
}

export interface SourceFreshness {
  /** The declared name, as in /api/status and the job names. */
  source: string;
  /** The declared title, for people. */
  name: string;
  /** The newest day of data, or NULL when there is none. */
  latestDay: string | null;
  /** The source's own time of its newest data, as stored, or NULL. */
  latestAsOf: string | null;
  /** Whole days from latestDay to today (UTC). */
  ageDays: number | null;
  /** Days behind that are normal for this source (its declaration). */
  normalLagDays: number;
  /** Older than the source's normal lag: collection has stopped (or never ran) and the data is not current. */
  stale: boolean;
  /** Why, in words, when stale. */
  why: string | null;
}

/** Every served source's freshness, by declared name, in declaration order. */
export type Freshness = ReadonlyMap<string, SourceFreshness>;

const DAY_MS = 86_400_000;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Why a source's data stopped: the first that applies of no key, a failed or skipped run, seed only, no run. */
export function staleReason(source: string, jobs: readonly StatusJob[]): string {
  const job = jobs.find((j) => j.job === source);
  const seed = jobs.find((j) => j.job === `seed:${source}`);
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
  return new Map(
    status.sources.map((s): [string, SourceFreshness] => {
      const ageDays = s.latest_day ? daysBetween(s.latest_day, today) : null;
      const stale = ageDays === null || ageDays > s.normal_lag_days;
      return [
        s.source,
        {
          source: s.source,
          name: s.title,
          latestDay: s.latest_day,
          latestAsOf: s.latest_as_of,
          ageDays,
          normalLagDays: s.normal_lag_days,
          stale,
          why: stale ? staleReason(s.source, status.jobs) : null,
        },
      ];
    }),
  );
}

/** One source's freshness; a source /api/status does not list has no data (and so is stale, for no known reason). */
export function sourceFreshness(freshness: Freshness, source: string): SourceFreshness {
  return (
    freshness.get(source) ?? {
      source,
      name: source,
      latestDay: null,
      latestAsOf: null,
      ageDays: null,
      normalLagDays: 0,
      stale: true,
      why: 'the server does not list this source',
    }
  );
}

export async function loadFreshness(): Promise<Freshness> {
  return freshnessOf(await getJson<StatusBody>('api/status'));
}

/** The status view's line for a source: no data, current, or how old and why. */
export function freshnessVerdict(f: SourceFreshness): string {
  if (f.latestDay === null) return 'no data';
  return f.stale ? `${f.ageDays} days old: ${f.why}` : `current (${f.ageDays} days old)`;
}

/** One line per stale source that has data (a source with no data at all says so in its own view). */
export function staleBanner(
  freshness: Freshness,
  sources: readonly string[] = [...freshness.keys()],
): HTMLElement | null {
  const stale = sources.map((s) => sourceFreshness(freshness, s)).filter((f) => f.stale && f.latestDay !== null);
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
          { 'data-stale': f.source },
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
