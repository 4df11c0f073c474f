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

async function render(): Promise<Node[]> {
  const status = await getJson<Status>('api/status');
  const failures = status.jobs.filter((j) => j.last_status === 'failed');
  const fresh = freshnessOf(status);
  const freshness = table(
    'How fresh each source’s data is',
    ['Source', 'Latest day of data', 'Collected as of (UTC)', 'Normal lag', 'Current?'],
    [...fresh.values()].map((f) => [
      f.name,
      dash(f.latestDay),
      formatTimestamp(f.latestAsOf),
      `${f.normalLagDays} days`,
      freshnessVerdict(f),
    ]),
    'freshness',
  );
  const jobs = status.jobs.length
    ? table(
        'Jobs: schedule, last and next run (times UTC)',
        ['Job', 'Status', 'Last success (UTC)', 'Last attempt (UTC)', 'Next run (UTC)', 'Schedule', 'Message'],
        status.jobs.map((j) => [
          j.job,
          statusCell(j),
          formatTimestamp(j.last_success_at),
          formatTimestamp(j.last_attempt_at),
          formatTimestamp(j.next_run_at),
          el('span', { title: j.schedule ?? '' }, cronInWords(j.schedule)),
          dash(j.unavailable ?? j.last_message ?? j.latest_run?.message),
        ]),
        'jobs',
      )
    : emptyState(
        'No job has run yet',
        'No collection or seed run is recorded, and no scheduler is attached to this server.',
        'h3',
      );
  const marts = status.marts.length
    ? table(
        'Tables (marts) and when they were built',
        ['Mart', 'Rows', 'Built at (UTC)', 'Download'],
        status.marts.map((m) => [
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
      )
    : emptyState(
        'No tables built yet',
        'The transform has not run: the tables appear after the first collection (or `adoption-tracker transform`).',
        'h3',
      );
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
    failures.length
      ? el(
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
        )
      : null,
    el(
      'section',
      { class: 'card', 'aria-labelledby': 'freshness-title' },
      el('h2', { id: 'freshness-title' }, 'Data freshness'),
      freshness,
    ),
    el('section', { class: 'card', 'aria-labelledby': 'jobs-title' }, el('h2', { id: 'jobs-title' }, 'Jobs'), jobs),
    el(
      'section',
      { class: 'card', 'aria-labelledby': 'marts-title' },
      el('h2', { id: 'marts-title' }, 'Tables'),
      marts,
    ),
  ].filter((n): n is HTMLElement => n !== null);
}

export const statusView: View = {
  path: 'status',
  nav: 'Status',
  title: 'Status: jobs and data freshness',
  lede: 'When each job last ran and runs next, what failed and why, and how fresh each source’s data is.',
  render,
};
