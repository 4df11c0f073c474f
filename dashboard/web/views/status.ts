/** The status view: each job's last and next run, failures with their messages, data freshness, the marts. */
import { getJson } from '../api.ts';
import { el, emptyState } from '../dom.ts';
import type { View } from './types.ts';

interface JobStatus {
  job: string;
  schedule: string | null;
  next_run_at: string | null;
  unavailable: string | null;
  last_success_at: string | null;
  last_attempt_at: string | null;
  last_status: string | null;
  last_message: string | null;
  latest_run: { status: string; started_at: string; finished_at: string | null; rows_written: number | null; message: string | null } | null;
}

interface Status {
  generated_at: string;
  jobs: JobStatus[];
  /** One row per declared source (ingest/declarations.ts), in declaration order. */
  freshness: Array<{ source: string; title: string; latest_day: string | null; latest_as_of: string | null }>;
  marts: Array<{ name: string; row_count: number | null; built_at: string | null }>;
}

const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '–' : String(v));

function table(caption: string, columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<Node | string>>, cls = ''): HTMLElement {
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
  const freshness = table(
    'How fresh each source’s data is',
    ['Source', 'Latest day of data', 'Collected as of (UTC)'],
    status.freshness.map((f) => [f.title, dash(f.latest_day), dash(f.latest_as_of)]),
    'freshness',
  );
  const jobs = status.jobs.length
    ? table(
        'Jobs: schedule (cron, UTC), last and next run',
        ['Job', 'Status', 'Last success (UTC)', 'Last attempt (UTC)', 'Next run (UTC)', 'Schedule', 'Message'],
        status.jobs.map((j) => [
          j.job,
          statusCell(j),
          dash(j.last_success_at),
          dash(j.last_attempt_at),
          dash(j.next_run_at),
          dash(j.schedule),
          dash(j.unavailable ?? j.last_message ?? j.latest_run?.message),
        ]),
        'jobs',
      )
    : emptyState('No job has run yet', 'No collection or seed run is recorded, and no scheduler is attached to this server.', 'h3');
  const marts = status.marts.length
    ? table(
        'Tables (marts) and when they were built',
        ['Mart', 'Rows', 'Built at (UTC)', 'Download'],
        status.marts.map((m) => [
          m.name,
          dash(m.row_count),
          dash(m.built_at),
          el('span', {}, el('a', { href: `data/${m.name}.csv?_meta=1` }, 'CSV'), ' · ', el('a', { href: `data/${m.name}.json` }, 'JSON')),
        ]),
        'marts',
      )
    : emptyState('No tables built yet', 'The transform has not run: the tables appear after the first collection (or `adoption-tracker transform`).', 'h3');
  return [
    el('p', { class: 'note' }, 'As of ', el('time', { 'data-generated-at': status.generated_at }, status.generated_at), '. The same as JSON: ', el('a', { href: 'api/status' }, 'api/status'), '.'),
    failures.length
      ? el(
          'section',
          { class: 'card failures', role: 'alert', 'aria-labelledby': 'failures-title' },
          el('h2', { id: 'failures-title' }, `${failures.length} failing job${failures.length > 1 ? 's' : ''}`),
          el('ul', {}, ...failures.map((j) => el('li', {}, el('strong', {}, j.job), `: ${j.last_message ?? 'no message'} (attempted ${dash(j.last_attempt_at)})`))),
        )
      : null,
    el('section', { class: 'card', 'aria-labelledby': 'freshness-title' }, el('h2', { id: 'freshness-title' }, 'Data freshness'), freshness),
    el('section', { class: 'card', 'aria-labelledby': 'jobs-title' }, el('h2', { id: 'jobs-title' }, 'Jobs'), jobs),
    el('section', { class: 'card', 'aria-labelledby': 'marts-title' }, el('h2', { id: 'marts-title' }, 'Tables'), marts),
  ].filter((n): n is HTMLElement => n !== null);
}

export const statusView: View = {
  path: 'status',
  nav: 'Status',
  title: 'Status: jobs and data freshness',
  lede: 'When each job last ran and runs next, what failed and why, and how fresh each source’s data is.',
  render,
};
