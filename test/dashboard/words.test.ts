/** The page's words: model names and links, dates and schedules, staleness, partial weeks, card definitions. Pure functions. */
import { describe, expect, it } from 'vitest';
import { cronInWords, formatDay, formatTimestamp } from '../../dashboard/web/format.ts';
import {
  daysInWeek,
  freshnessOf,
  freshnessVerdict,
  sourceFreshness,
  partialWeekWords,
  staleReason,
  type StatusBody,
  type StatusSource,
  type StatusJob,
} from '../../dashboard/web/freshness.ts';
import { modelName, modelPageUrl, nameFromId, upstreamUrl } from '../../dashboard/web/names.ts';
import { cellText, columnLabel, metricDefinition, metricLabel } from '../../dashboard/web/words.ts';

describe('names.ts', () => {
  it('nameFromId() reads an OpenRouter permaslug or a Hub repo id as a name', () => {
    expect(nameFromId('openrouter', 'qwen/qwen3-coder:free')).toBe('Qwen3 Coder (free)');
    expect(nameFromId('openrouter', 'anthropic/claude-sonnet-4-20250522')).toBe('Claude Sonnet 4');
    expect(nameFromId('openrouter', 'openai/gpt-5.6-luna-20260709')).toBe('GPT 5.6 Luna');
    expect(nameFromId('openrouter', 'deepseek/deepseek-r1')).toBe('Deepseek R1');
    expect(nameFromId('huggingface', 'Qwen/Qwen2.5-7B-Instruct')).toBe('Qwen2.5 7B Instruct');
    expect(modelName('openrouter', 'qwen/qwen3-coder', 'Qwen: Qwen3 Coder 480B A35B')).toBe(
      'Qwen: Qwen3 Coder 480B A35B',
    );
    expect(modelName('openrouter', 'qwen/qwen3-coder', '  ')).toBe('Qwen3 Coder');
  });

  it('upstreamUrl() links to OpenRouter without the date and variant, or to the Hub; only https, only allowlisted ids', () => {
    expect(upstreamUrl('openrouter', 'anthropic/claude-sonnet-4-20250522:thinking')).toBe(
      'https://openrouter.ai/anthropic/claude-sonnet-4',
    );
    expect(upstreamUrl('openrouter', 'deepseek/deepseek-v3.2-2026-01-05')).toBe(
      'https://openrouter.ai/deepseek/deepseek-v3.2',
    );
    expect(upstreamUrl('huggingface', 'BAAI/bge-m3')).toBe('https://huggingface.co/BAAI/bge-m3');
    // Hostile upstream ids never become links, let alone javascript: ones.
    for (const id of [
      'javascript:alert(1)',
      'javascript:alert(1)/x',
      'a/b"><script>',
      '../../etc/passwd',
      'a/b/c',
      '//evil.example/x',
      'a b/c',
      '',
    ]) {
      expect([id, upstreamUrl('openrouter', id)]).toEqual([id, null]);
      expect([id, upstreamUrl('huggingface', id)]).toEqual([id, null]);
    }
    // The page link carries the id as a query value, encoded.
    expect(modelPageUrl('openrouter', 'qwen/qwen3-coder:free')).toBe(
      'model?channel=openrouter&id=qwen%2Fqwen3-coder%3Afree',
    );
    expect(modelPageUrl('huggingface', 'javascript:alert(1)')).toBe(
      'model?channel=huggingface&id=javascript%3Aalert%281%29',
    );
  });
});

describe('format.ts: one date form, times to the minute, schedules in words', () => {
  it('formats days and timestamps alike everywhere', () => {
    expect(formatDay('2026-08-18')).toBe('2026-08-18');
    expect(formatTimestamp('2026-08-18 00:05:18.123')).toBe('2026-08-18 00:05');
    expect(formatTimestamp('2026-08-18T00:05:18.123Z')).toBe('2026-08-18 00:05');
    expect(formatTimestamp(null)).toBe('–');
  });

  it('cronInWords() says a daily or weekly schedule in words and leaves anything else as it is', () => {
    expect(cronInWords('30 3 * * *')).toBe('daily at 03:30 UTC');
    expect(cronInWords('15 4 * * 1')).toBe('every Monday at 04:15 UTC');
    expect(cronInWords('0 */6 * * *')).toBe('every 6 hours at minute 0 (UTC)');
    expect(cronInWords('5 * * * *')).toBe('hourly at minute 5');
    expect(cronInWords('0 0 1 * *')).toBe('0 0 1 * *');
    expect(cronInWords(null)).toBe('–');
  });
});

const job = (over: Partial<StatusJob>): StatusJob => ({
  job: 'openrouter',
  schedule: null,
  next_run_at: null,
  unavailable: null,
  last_success_at: null,
  last_attempt_at: null,
  last_status: null,
  last_message: null,
  latest_run: null,
  ...over,
});

const source = (name: string, title: string, latestDay: string | null): StatusSource => ({
  source: name,
  title,
  latest_day: latestDay,
  latest_as_of: latestDay && `${latestDay} 00:05:00`,
  normal_lag_days: 2,
});

describe('freshness.ts', () => {
  it('freshnessOf() calls a source stale past its normal lag, and says why', () => {
    const status: StatusBody = {
      generated_at: '2026-08-25T06:00:00.000Z',
      jobs: [
        job({ job: 'seed:openrouter', last_success_at: '2026-08-22 06:00:00' }),
        job({ job: 'huggingface', last_success_at: '2026-08-24 03:20:00' }),
      ],
      sources: [
        source('openrouter', 'OpenRouter usage', '2026-08-21'),
        source('huggingface', 'Hugging Face downloads', '2026-08-24'),
      ],
      marts: [],
    };
    const f = freshnessOf(status);
    expect(f.get('openrouter')).toEqual({
      source: 'openrouter',
      name: 'OpenRouter usage',
      latestDay: '2026-08-21',
      latestAsOf: '2026-08-21 00:05:00',
      ageDays: 4,
      normalLagDays: 2,
      stale: true,
      why: 'only the shipped history is loaded: no collection has run yet (no network, no key, or the schedule is off)',
    });
    expect(f.get('huggingface')).toMatchObject({ ageDays: 1, stale: false, why: null });
  });

  it('freshnessOf() and freshnessVerdict() take every source /api/status lists: a third declared source, no page edit', () => {
    // SYNTHETIC: 'pypi' is no real source of this project; it stands for a third declaration in ingest/declarations.ts.
    const status: StatusBody = {
      generated_at: '2026-08-25T06:00:00.000Z',
      jobs: [job({ job: 'pypi', last_status: 'failed', last_message: 'HTTP 503 from pypistats.org' })],
      sources: [
        source('openrouter', 'OpenRouter usage', '2026-08-24'),
        source('huggingface', 'Hugging Face downloads', null),
        { ...source('pypi', 'PyPI downloads', '2026-08-15'), normal_lag_days: 3 },
      ],
      marts: [],
    };
    const f = freshnessOf(status);
    expect([...f.values()].map((s) => [s.source, s.name, s.normalLagDays, freshnessVerdict(s)])).toEqual([
      ['openrouter', 'OpenRouter usage', 2, 'current (1 days old)'],
      ['huggingface', 'Hugging Face downloads', 2, 'no data'],
      ['pypi', 'PyPI downloads', 3, '10 days old: the last collection failed: HTTP 503 from pypistats.org'],
    ]);
    // a source the server does not list: no data, stale, and it says so
    expect(sourceFreshness(f, 'crates')).toMatchObject({ latestDay: null, stale: true });
  });

  it('staleReason() names no key, a failed run with its message, a skipped run, or the last success', () => {
    expect(staleReason('openrouter', [job({ unavailable: 'OPENROUTER_API_KEY is not set' })])).toBe(
      'it is not being collected: OPENROUTER_API_KEY is not set',
    );
    expect(
      staleReason('openrouter', [
        job({ last_status: 'failed', last_message: 'fetch failed: ENOTFOUND openrouter.ai' }),
      ]),
    ).toBe('the last collection failed: fetch failed: ENOTFOUND openrouter.ai');
    expect(staleReason('openrouter', [job({ last_status: 'skipped', last_message: 'no key' })])).toBe(
      'the last collection was skipped: no key',
    );
    expect(
      staleReason('huggingface', [
        job({ job: 'huggingface', last_status: 'succeeded', last_success_at: '2026-08-01 03:20:11' }),
      ]),
    ).toBe(
      'the last successful collection was at 2026-08-01 03:20 UTC and none has run since (no network, or the schedule is off)',
    );
    expect(staleReason('huggingface', [])).toBe('no collection has run yet');
  });

  it('partialWeekWords() says what a partial week is, and "so far" only while collection runs', () => {
    expect(partialWeekWords(3, true)).toBe('partial week: 3 of 7 days so far');
    expect(partialWeekWords(3, false)).toBe('partial week: 3 of 7 days');
    expect(partialWeekWords(null, false)).toBe('partial week: fewer than 7 days');
    expect(daysInWeek('2026-10-05', '2026-10-09')).toBe(5);
    expect(daysInWeek('2026-09-28', '2026-10-09')).toBe(null);
  });
});

describe('words.ts', () => {
  it('writes each headline metric’s label and definition in words, scope and attribution included', () => {
    expect(metricLabel('hf_top30_all_uploader_downloads_30d_share', 'x')).toBe(
      'Chinese share of downloads, the Hugging Face top 30 (all models, by uploader)',
    );
    expect(metricDefinition('hf_top30_all_uploader_downloads_30d_share', 'x')).toBe(
      'The share of developers based in China in the downloads of the last 30 days of the 30 most downloaded models on the Hugging Face Hub; ' +
        'all models, embeddings and image models included; each model counts for the country of the organisation that uploaded it. ' +
        'Read on the last daily snapshot of each week.',
    );
    expect(metricLabel('or_models_in_top_20', 'x')).toBe('Chinese models in OpenRouter’s weekly top 20');
    // An id the page does not know keeps the data's own words.
    expect(metricLabel('or_new_metric', 'From the data')).toBe('From the data');
    expect(metricDefinition('or_new_metric', 'Defined in the data.')).toBe('Defined in the data.');
  });

  it('names table columns in words and shows flags as yes/no, NULL as a dash', () => {
    expect(columnLabel('is_complete_week')).toBe('Whole week?');
    expect(columnLabel('some_new_column')).toBe('Some new column');
    expect([true, false, null, 0, 'x'].map(cellText)).toEqual(['yes', 'no', '–', '0', 'x']);
  });
});
