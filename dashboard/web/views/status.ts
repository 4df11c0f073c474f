/** The status view: each job's last and next run, failures with their messages, data freshness, the marts. */
import { getJson } from '../api.ts';
import { el, emptyState } from '../dom.ts';
import { cronInWords, formatTimestamp } from '../format.ts';
import { freshnessOf, freshnessVerdict, type StatusBody, type StatusJob } from '../freshness.ts';
import type { View } from './types.ts';

type JobStatus = StatusJob;
type Status = StatusBody;

const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '–' : String(v));

function table(
  caption: string,
  columns: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<Node | string>>,
  cls = '',
): HTMLElement {
  return el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      { class: `status-table ${cls}`.trim() },
      el('caption', {}, caption),
      el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { scope: 'col' }, c)))),
      el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c) => el('td', {}, c))))),
    ),
  );
}

function statusCell(job: JobStatus): HTMLElement {
  const status = job.unavailable ? 'unavailable' : (job.last_status ?? 'never run');
  return el('span', { class: `status-badge status-${status.replace(/\s+/g, '-')}` }, status);
}

/** One row per source /api/status lists (every declared source), in declaration order. */
function freshnessTable(status: Status): HTMLElement {
  return table(
    'How fresh each source’s data is',
    ['Source', 'Latest day of data', 'Collected as of (UTC)', 'Normal lag', 'Current?'],
    [...freshnessOf(status).values()].map((f) => [
      f.name,
      dash(f.latestDay),
      formatTimestamp(f.latestAsOf),
      `${f.normalLagDays} days`,
      freshnessVerdict(f),
    ]),
    'freshness',
  );
}

function jobsTable(jobs: readonly JobStatus[]): HTMLElement {
  if (!jobs.length)
    return emptyState(
      'No job has run yet',
      'No collection or seed run is recorded, and no scheduler is attached to this server.',
      'h3',
    );
  return table(
    'Jobs: schedule, last and next run (times UTC)',
    ['Job', 'Status', 'Last success (UTC)', 'Last attempt (UTC)', 'Next run (UTC)', 'Schedule', 'Message'],
    jobs.map((j) => [
      j.job,
      statusCell(j),
      formatTimestamp(j.last_success_at),
      formatTimestamp(j.last_attempt_at),
      formatTimestamp(j.next_run_at),
      el('span', { title: j.schedule ?? '' }, cronInWords(j.schedule)),
      dash(j.unavailable ?? j.last_message ?? j.latest_run?.message),
    ]),
    'jobs',
  );
}

function martsTable(marts: Status['marts']): HTMLElement {
  if (!marts.length)
    return emptyState(
      'No tables built yet',
      'The transform has not run: the tables appear after the first collection (or `adoption-tracker transform`).',
      'h3',
    );
  return table(
    'Tables (marts) and when they were built',
    ['Mart', 'Rows', 'Built at (UTC)', 'Download'],
    marts.map((m) => [
      m.name,
      dash(m.row_count),
      formatTimestamp(m.built_at),
      el(
        'span',
        {},
        el('a', { href: `data/${m.name}.csv?_meta=1` }, 'CSV'),
        ' · ',
        el('a', { href: `data/${m.name}.json` }, 'JSON'),
      ),
    ]),
    'marts',
  );
}

/** The failing jobs with their messages, as an alert; NULL when none fails. */
function failuresAlert(jobs: readonly JobStatus[]): HTMLElement | null {
  const failures = jobs.filter((j) => j.last_status === 'failed');
  if (!failures.length) return null;
  return el(
    'section',
    { class: 'card failures', role: 'alert', 'aria-labelledby': 'failures-title' },
    el('h2', { id: 'failures-title' }, `${failures.length} failing job${failures.length > 1 ? 's' : ''}`),
    el(
      'ul',
      {},
      ...failures.map((j) =>
        el(
          'li',
          {},
          el('strong', {}, j.job),
          `: ${j.last_message ?? 'no message'} (attempted ${formatTimestamp(j.last_attempt_at)} UTC)`,
        ),
      ),
    ),
  );
}

function section(id: string, heading: string, body: HTMLElement): HTMLElement {
  return el('section', { class: 'card', 'aria-labelledby': id }, el('h2', { id }, heading), body);
}

async function render(): Promise<Node[]> {
  const status = await getJson<Status>('api/status');
  return [
    el(
      'p',
      { class: 'note' },
      'As of ',
      el('time', { 'data-generated-at': status.generated_at }, `${formatTimestamp(status.generated_at)} UTC`),
      '. The same as JSON: ',
      el('a', { href: 'api/status' }, 'api/status'),
      '.',
    ),
    failuresAlert(status.jobs),
    section('freshness-title', 'Data freshness', freshnessTable(status)),
    section('jobs-title', 'Jobs', jobsTable(status.jobs)),
    section('marts-title', 'Tables', martsTable(status.marts)),
  ].filter((n): n is HTMLElement => n !== null);
}

export const statusView: View = {
  path: 'status',
  nav: 'Status',
  title: 'Status: jobs and data freshness',
  lede: 'When each job last ran and runs next, what failed and why, and how fresh each source’s data is.',
  render,
};
