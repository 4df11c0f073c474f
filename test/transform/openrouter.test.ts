import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.ts';
import { runTransform, TRANSFORM_DIR, TransformError, type TransformResult } from '../../transform/run.ts';
import { tempDatabase, tempDir } from '../support/tmp.ts';

const VINTAGES = path.resolve(import.meta.dirname, '../../ingest/seed-history/openrouter/rankings-daily-vintages.csv');

/** The OpenRouter and origin-registry files of transform/, copied so other sources' models cannot interfere. */
const OWN_FILES: Record<string, RegExp> = {
  seeds: /^(origins|open_weights)\.csv$/,
  staging: /^(stg_openrouter__\w+|stg_origins|stg_open_weights)\.sql$/,
  intermediate: /^int_openrouter_\w+\.sql$/,
  marts: /^openrouter_\w+\.sql$/,
  checks: /^(openrouter|origins)_\w+\.sql$/,
};

function openrouterRoot(into: string): string {
  for (const [dir, pattern] of Object.entries(OWN_FILES)) {
    fs.mkdirSync(path.join(into, dir), { recursive: true });
    for (const file of fs.readdirSync(path.join(TRANSFORM_DIR, dir))) {
      if (pattern.test(file)) fs.copyFileSync(path.join(TRANSFORM_DIR, dir, file), path.join(into, dir, file));
    }
  }
  return into;
}

type Ranking = [
  period: 'day' | 'week',
  category: string,
  date: string,
  permaslug: string,
  tokens: bigint | null,
  asOf: string,
];

async function insertRankings(db: Database, rows: Ranking[]): Promise<void> {
  for (const [period, category, date, permaslug, tokens, asOf] of rows) {
    await db.run(
      `insert into raw.openrouter_rankings (period, category, date, model_permaslug, total_tokens, as_of, fetched_at, run_id)
       values ($1, $2, $3::date, $4, $5, $6::timestamp, $6::timestamp, 1)`,
      [period, category, date, permaslug, tokens, asOf],
    );
  }
}

/** The real archived vintages (one row per distinct value; as_of = archived_at), as a collector would store them. */
async function loadVintages(db: Database): Promise<void> {
  await db.run(
    `insert into raw.openrouter_rankings (period, category, date, model_permaslug, total_tokens, as_of, fetched_at, run_id)
     select 'day', 'all', date::date, model_permaslug, total_tokens::bigint,
         strptime(archived_at, '%Y-%m-%dT%H:%M:%SZ'), strptime(archived_at, '%Y-%m-%dT%H:%M:%SZ'), 1
     from read_csv($1, header = true, all_varchar = true)`,
    [VINTAGES],
  );
}

// Synthetic input (invented numbers, for the shape of the logic only).
// Week of 2026-06-01: 7 days of data; qwen/qwen3-a is restated on 06-02 (50 -> 60); tencent/hy is tombstoned;
// newco is an author the registry does not list. Week of 2026-06-08: one day, and a tie (deepseek/ds = qwen/qwen3-a).
// Category 'programming': a weekly estimate with no `other` row.
const SYNTHETIC: Ranking[] = [
  ['day', 'all', '2026-06-01', 'qwen/qwen3-a', 100n, '2026-06-02 00:00:00'],
  ['day', 'all', '2026-06-01', 'qwen/qwen3-a:free', 30n, '2026-06-02 00:00:00'],
  ['day', 'all', '2026-06-01', 'openai/gpt-x', 80n, '2026-06-02 00:00:00'],
  ['day', 'all', '2026-06-01', 'newco/model-1', 20n, '2026-06-02 00:00:00'],
  ['day', 'all', '2026-06-01', 'other', 70n, '2026-06-02 00:00:00'],
  ['day', 'all', '2026-06-02', 'qwen/qwen3-a', 50n, '2026-06-03 00:00:00'],
  ['day', 'all', '2026-06-02', 'qwen/qwen3-a', 60n, '2026-06-04 00:00:00'],
  ['day', 'all', '2026-06-02', 'openai/gpt-x', 90n, '2026-06-03 00:00:00'],
  ['day', 'all', '2026-06-02', 'tencent/hy', 40n, '2026-06-03 00:00:00'],
  ['day', 'all', '2026-06-02', 'tencent/hy', null, '2026-06-04 00:00:00'],
  ['day', 'all', '2026-06-02', 'other', 30n, '2026-06-03 00:00:00'],
  ['day', 'all', '2026-06-03', 'other', 10n, '2026-06-04 00:00:00'],
  ['day', 'all', '2026-06-04', 'other', 10n, '2026-06-05 00:00:00'],
  ['day', 'all', '2026-06-05', 'other', 10n, '2026-06-06 00:00:00'],
  ['day', 'all', '2026-06-06', 'other', 10n, '2026-06-07 00:00:00'],
  ['day', 'all', '2026-06-07', 'other', 10n, '2026-06-08 00:00:00'],
  ['day', 'all', '2026-06-08', 'openai/gpt-x', 200n, '2026-06-09 00:00:00'],
  ['day', 'all', '2026-06-08', 'qwen/qwen3-a', 100n, '2026-06-09 00:00:00'],
  ['day', 'all', '2026-06-08', 'deepseek/ds', 100n, '2026-06-09 00:00:00'],
  ['day', 'all', '2026-06-08', 'other', 100n, '2026-06-09 00:00:00'],
  ['week', 'programming', '2026-06-01', 'anthropic/claude', 500n, '2026-06-08 12:00:00'],
  ['week', 'programming', '2026-06-01', 'qwen/qwen3-a', 300n, '2026-06-08 12:00:00'],
];

describe('OpenRouter transforms on synthetic input', () => {
  let db: Database;
  let cleanups: Array<() => void> = [];
  let result: TransformResult;

  beforeAll(async () => {
    const t = await tempDatabase();
    const root = tempDir();
    cleanups = [t.cleanup, root.cleanup];
    db = t.db;
    await insertRankings(db, SYNTHETIC);
    result = await runTransform(db, { root: openrouterRoot(root.dir) });
  });
  afterAll(() => cleanups.forEach((c) => c()));

  it('marts.openrouter_weekly_top_models ranks weekly sums of latest values, without tombstones or `other`', async () => {
    const rows = await db.json('select * from marts.openrouter_weekly_top_models order by week_start, category, rank');
    const week1 = { days_in_week: 7, as_of: '2026-06-08 00:00:00' };
    const week2 = { days_in_week: 1, as_of: '2026-06-09 00:00:00' };
    const programming = { days_in_week: null, as_of: '2026-06-08 12:00:00' };
    expect(rows).toEqual([
      {
        week_start: '2026-06-01',
        category: 'all',
        rank: 1,
        model_permaslug: 'openai/gpt-x',
        author: 'openai',
        organisation: 'OpenAI',
        origin_country: 'US',
        total_tokens: '170',
        ...week1,
      },
      {
        week_start: '2026-06-01',
        category: 'all',
        rank: 2,
        model_permaslug: 'qwen/qwen3-a',
        author: 'qwen',
        organisation: 'Alibaba',
        origin_country: 'CN',
        total_tokens: '160',
        ...week1,
      },
      {
        week_start: '2026-06-01',
        category: 'all',
        rank: 3,
        model_permaslug: 'qwen/qwen3-a:free',
        author: 'qwen',
        organisation: 'Alibaba',
        origin_country: 'CN',
        total_tokens: '30',
        ...week1,
      },
      {
        week_start: '2026-06-01',
        category: 'all',
        rank: 4,
        model_permaslug: 'newco/model-1',
        author: 'newco',
        organisation: null,
        origin_country: 'UNKNOWN',
        total_tokens: '20',
        ...week1,
      },
      {
        week_start: '2026-06-01',
        category: 'programming',
        rank: 1,
        model_permaslug: 'anthropic/claude',
        author: 'anthropic',
        organisation: 'Anthropic',
        origin_country: 'US',
        total_tokens: '500',
        ...programming,
      },
      {
        week_start: '2026-06-01',
        category: 'programming',
        rank: 2,
        model_permaslug: 'qwen/qwen3-a',
        author: 'qwen',
        organisation: 'Alibaba',
        origin_country: 'CN',
        total_tokens: '300',
        ...programming,
      },
      {
        week_start: '2026-06-08',
        category: 'all',
        rank: 1,
        model_permaslug: 'openai/gpt-x',
        author: 'openai',
        organisation: 'OpenAI',
        origin_country: 'US',
        total_tokens: '200',
        ...week2,
      },
      {
        week_start: '2026-06-08',
        category: 'all',
        rank: 2,
        model_permaslug: 'deepseek/ds',
        author: 'deepseek',
        organisation: 'DeepSeek',
        origin_country: 'CN',
        total_tokens: '100',
        ...week2,
      },
      {
        week_start: '2026-06-08',
        category: 'all',
        rank: 3,
        model_permaslug: 'qwen/qwen3-a',
        author: 'qwen',
        organisation: 'Alibaba',
        origin_country: 'CN',
        total_tokens: '100',
        ...week2,
      },
    ]);
  });

  it('marts.openrouter_weekly_origin_share gives counts, tokens and bounded shares per origin, UNKNOWN included', async () => {
    const rows = await db.json(
      'select * from marts.openrouter_weekly_origin_share order by week_start, category, origin_country',
    );
    // Week 1: named 170 + 190 + 20 = 380; other 70 + 30 + 5 x 10 = 150; all 530.
    const week1 = { is_complete_week: true, as_of: '2026-06-08 00:00:00' };
    const week2 = { is_complete_week: false, as_of: '2026-06-09 00:00:00' };
    const programming = {
      token_share_all_low: null,
      token_share_all_high: null,
      is_complete_week: true,
      as_of: '2026-06-08 12:00:00',
    };
    expect(rows).toEqual([
      {
        week_start: '2026-06-01',
        category: 'all',
        origin_country: 'CN',
        models_in_top_10: 2,
        models_in_top_20: 2,
        models_in_top_50: 2,
        total_tokens: '190',
        token_share_top50: 190 / 380,
        token_share_all_low: 190 / 530,
        token_share_all_high: 340 / 530,
        ...week1,
      },
      {
        week_start: '2026-06-01',
        category: 'all',
        origin_country: 'UNKNOWN',
        models_in_top_10: 1,
        models_in_top_20: 1,
        models_in_top_50: 1,
        total_tokens: '20',
        token_share_top50: 20 / 380,
        token_share_all_low: 20 / 530,
        token_share_all_high: 170 / 530,
        ...week1,
      },
      {
        week_start: '2026-06-01',
        category: 'all',
        origin_country: 'US',
        models_in_top_10: 1,
        models_in_top_20: 1,
        models_in_top_50: 1,
        total_tokens: '170',
        token_share_top50: 170 / 380,
        token_share_all_low: 170 / 530,
        token_share_all_high: 320 / 530,
        ...week1,
      },
      {
        week_start: '2026-06-01',
        category: 'programming',
        origin_country: 'CN',
        models_in_top_10: 1,
        models_in_top_20: 1,
        models_in_top_50: 1,
        total_tokens: '300',
        token_share_top50: 300 / 800,
        ...programming,
      },
      {
        week_start: '2026-06-01',
        category: 'programming',
        origin_country: 'US',
        models_in_top_10: 1,
        models_in_top_20: 1,
        models_in_top_50: 1,
        total_tokens: '500',
        token_share_top50: 500 / 800,
        ...programming,
      },
      {
        week_start: '2026-06-08',
        category: 'all',
        origin_country: 'CN',
        models_in_top_10: 2,
        models_in_top_20: 2,
        models_in_top_50: 2,
        total_tokens: '200',
        token_share_top50: 200 / 400,
        token_share_all_low: 200 / 500,
        token_share_all_high: 300 / 500,
        ...week2,
      },
      {
        week_start: '2026-06-08',
        category: 'all',
        origin_country: 'US',
        models_in_top_10: 1,
        models_in_top_20: 1,
        models_in_top_50: 1,
        total_tokens: '200',
        token_share_top50: 200 / 400,
        token_share_all_low: 200 / 500,
        token_share_all_high: 300 / 500,
        ...week2,
      },
    ]);
  });

  it('marts.openrouter_daily_model_tokens keeps `other` flagged, counts revisions, and drops a tombstoned model', async () => {
    const rows = await db.json("select * from marts.openrouter_daily_model_tokens where day = '2026-06-02'");
    expect(rows).toEqual([
      {
        day: '2026-06-02',
        category: 'all',
        model_permaslug: 'openai/gpt-x',
        is_other: false,
        author: 'openai',
        organisation: 'OpenAI',
        origin_country: 'US',
        total_tokens: '90',
        revisions: 1,
        first_as_of: '2026-06-03 00:00:00',
        as_of: '2026-06-03 00:00:00',
      },
      {
        day: '2026-06-02',
        category: 'all',
        model_permaslug: 'qwen/qwen3-a',
        is_other: false,
        author: 'qwen',
        organisation: 'Alibaba',
        origin_country: 'CN',
        total_tokens: '60',
        revisions: 2,
        first_as_of: '2026-06-03 00:00:00',
        as_of: '2026-06-04 00:00:00',
      },
      {
        day: '2026-06-02',
        category: 'all',
        model_permaslug: 'other',
        is_other: true,
        author: null,
        organisation: null,
        origin_country: 'UNKNOWN',
        total_tokens: '30',
        revisions: 1,
        first_as_of: '2026-06-03 00:00:00',
        as_of: '2026-06-03 00:00:00',
      },
    ]);
  });

  it('the value in force at a time comes from int_openrouter_rankings_versioned, tombstones included', async () => {
    const inForce = (at: string) =>
      db.json(
        `select model_permaslug, total_tokens from intermediate.int_openrouter_rankings_versioned
         where period = 'day' and category = 'all' and period_start = '2026-06-02'
             and valid_from <= $1::timestamp and (valid_to is null or valid_to > $1::timestamp)
             and total_tokens is not null
         order by model_permaslug`,
        [at],
      );
    expect(await inForce('2026-06-02 23:59:59')).toEqual([]);
    expect(await inForce('2026-06-03 12:00:00')).toEqual([
      { model_permaslug: 'openai/gpt-x', total_tokens: '90' },
      { model_permaslug: 'other', total_tokens: '30' },
      { model_permaslug: 'qwen/qwen3-a', total_tokens: '50' },
      { model_permaslug: 'tencent/hy', total_tokens: '40' },
    ]);
    expect(await inForce('2026-06-04 00:00:00')).toEqual([
      { model_permaslug: 'openai/gpt-x', total_tokens: '90' },
      { model_permaslug: 'other', total_tokens: '30' },
      { model_permaslug: 'qwen/qwen3-a', total_tokens: '60' },
    ]);
  });

  it('checks pass, and the unmapped author is a warning that names its first week and best rank', () => {
    expect(result.checks.filter((c) => c.failures > 0)).toEqual([
      {
        name: 'openrouter_unmapped_authors',
        severity: 'warn',
        failures: 1,
        sample: [{ author: 'newco', first_week_start: '2026-06-01', best_rank: 4 }],
      },
    ]);
  });
});

describe('OpenRouter transforms on the real seed history (rankings-daily-vintages.csv)', () => {
  let db: Database;
  let cleanups: Array<() => void> = [];
  let result: TransformResult;

  beforeAll(async () => {
    const t = await tempDatabase();
    const root = tempDir();
    cleanups = [t.cleanup, root.cleanup];
    db = t.db;
    await loadVintages(db);
    result = await runTransform(db, { root: openrouterRoot(root.dir) });
  });
  afterAll(() => cleanups.forEach((c) => c()));

  it('passes every check, and every author in the data is in the origin registry', () => {
    expect(result.checks.map((c) => [c.name, c.severity, c.failures])).toEqual([
      ['openrouter_daily_model_tokens_grain', 'error', 0],
      ['openrouter_family_catalogue_disagreements', 'warn', 0],
      ['openrouter_model_families_grain', 'error', 0],
      ['openrouter_unmapped_authors', 'warn', 0],
      ['openrouter_weekly_developer_price_grain', 'error', 0],
      ['openrouter_weekly_origin_family_share_bounds', 'error', 0],
      ['openrouter_weekly_origin_share_bounds', 'error', 0],
      ['openrouter_weekly_origin_share_grain', 'error', 0],
      ['openrouter_weekly_origin_share_sums', 'error', 0],
      ['openrouter_weekly_top_families_grain', 'error', 0],
      ['openrouter_weekly_top_models_grain', 'error', 0],
      ['origins_grain', 'error', 0],
      ['origins_values', 'error', 0],
    ]);
    expect(result.models.find((m) => m.name === 'openrouter_daily_model_tokens')?.rows).toBe(91 * 51);
  });

  it('week of 2026-05-25 (complete): CN models in the top 10/20/50, CN tokens and shares', async () => {
    const rows = await db.json(
      "select * from marts.openrouter_weekly_origin_share where week_start = '2026-05-25' and category = 'all' and origin_country = 'CN'",
    );
    // Computed from the latest values with a python3 one-off (named 29165412930402, other 2655758007469).
    expect(rows).toEqual([
      {
        week_start: '2026-05-25',
        category: 'all',
        origin_country: 'CN',
        models_in_top_10: 6,
        models_in_top_20: 8,
        models_in_top_50: 22,
        total_tokens: '14270937541826',
        token_share_top50: 0.48931032027151544,
        token_share_all_low: 0.44847304864076754,
        token_share_all_high: 0.5319318884381532,
        is_complete_week: true,
        as_of: '2026-06-22 05:00:37',
      },
    ]);
  });

  it('week of 2026-05-25: the top five models and their ranks', async () => {
    const rows = await db.json(
      `select rank, model_permaslug, origin_country, total_tokens, days_in_week from marts.openrouter_weekly_top_models
       where week_start = '2026-05-25' and category = 'all' and rank <= 5 order by rank`,
    );
    expect(rows).toEqual([
      {
        rank: 1,
        model_permaslug: 'deepseek/deepseek-v4-flash-20260423',
        origin_country: 'CN',
        total_tokens: '3109238373597',
        days_in_week: 7,
      },
      {
        rank: 2,
        model_permaslug: 'tencent/hy3-preview-20260421',
        origin_country: 'CN',
        total_tokens: '3027776208495',
        days_in_week: 7,
      },
      {
        rank: 3,
        model_permaslug: 'anthropic/claude-4.7-opus-20260416',
        origin_country: 'US',
        total_tokens: '2324650124341',
        days_in_week: 7,
      },
      {
        rank: 4,
        model_permaslug: 'anthropic/claude-4.6-sonnet-20260217',
        origin_country: 'US',
        total_tokens: '1924586175827',
        days_in_week: 7,
      },
      {
        rank: 5,
        model_permaslug: 'openrouter/owl-alpha',
        origin_country: 'UNKNOWN',
        total_tokens: '1663748548920',
        days_in_week: 7,
      },
    ]);
  });

  it('value in force at as_of: a restated day x model gives its first value until the restatement, then the second', async () => {
    // 2026-06-24 deepseek/deepseek-v4-flash-20260423: 733721328933 archived 2026-06-25T00:03:24Z,
    // restated to 733760872409 at 2026-06-25T12:36:44Z.
    const at = async (t: string) =>
      db.json(
        `select total_tokens from intermediate.int_openrouter_rankings_versioned
         where period = 'day' and category = 'all' and period_start = '2026-06-24'
             and model_permaslug = 'deepseek/deepseek-v4-flash-20260423'
             and valid_from <= $1::timestamp and (valid_to is null or valid_to > $1::timestamp)
             and total_tokens is not null`,
        [t],
      );
    expect(await at('2026-06-25 00:03:23')).toEqual([]);
    expect(await at('2026-06-25 00:03:24')).toEqual([{ total_tokens: '733721328933' }]);
    expect(await at('2026-06-25 12:36:43')).toEqual([{ total_tokens: '733721328933' }]);
    expect(await at('2026-06-25 12:36:44')).toEqual([{ total_tokens: '733760872409' }]);
    expect(await at('2026-08-22 23:59:59')).toEqual([{ total_tokens: '733760872409' }]);
    // The whole day as of 2026-06-25 06:00: 51 rows (50 models + other) summing to the first vintage's total.
    expect(
      await db.json(
        `select count(*)::integer as rows, sum(total_tokens)::bigint as tokens
         from intermediate.int_openrouter_rankings_versioned
         where period = 'day' and category = 'all' and period_start = '2026-06-24'
             and valid_from <= '2026-06-25 06:00:00' and (valid_to is null or valid_to > '2026-06-25 06:00:00')
             and total_tokens is not null`,
      ),
    ).toEqual([{ rows: 51, tokens: '7247967850793' }]);
    expect(
      await db.json(
        `select total_tokens, revisions, first_as_of, as_of from marts.openrouter_daily_model_tokens
         where day = '2026-06-24' and model_permaslug = 'deepseek/deepseek-v4-flash-20260423'`,
      ),
    ).toEqual([
      { total_tokens: '733760872409', revisions: 2, first_as_of: '2026-06-25 00:03:24', as_of: '2026-06-25 12:36:44' },
    ]);
  });
});

describe('origin registry checks', () => {
  it('a registry row with an invalid country fails the transform by name and the previous marts keep serving', async () => {
    const t = await tempDatabase();
    const root = tempDir();
    try {
      await insertRankings(t.db, SYNTHETIC);
      openrouterRoot(root.dir);
      await runTransform(t.db, { root: root.dir });
      fs.appendFileSync(path.join(root.dir, 'seeds', 'origins.csv'), 'openrouter,newco,Newco,Newco,China,,test row\n');
      await expect(runTransform(t.db, { root: root.dir })).rejects.toThrow(
        new TransformError(
          'checks failed: origins_values (1 rows, e.g. {"platform":"openrouter","author":"newco","country":"CHINA"})',
        ),
      );
      expect(
        await t.db.json("select origin_country from marts.openrouter_weekly_top_models where author = 'newco'"),
      ).toEqual([{ origin_country: 'UNKNOWN' }]);
    } finally {
      t.cleanup();
      root.cleanup();
    }
  });

  it('a duplicate openrouter author (differing only in case) fails origins_grain', async () => {
    const t = await tempDatabase();
    const root = tempDir();
    try {
      openrouterRoot(root.dir);
      fs.appendFileSync(path.join(root.dir, 'seeds', 'origins.csv'), 'openrouter,Qwen,Alibaba,Alibaba,CN,,test row\n');
      await expect(runTransform(t.db, { root: root.dir })).rejects.toThrow(
        'checks failed: origins_grain (1 rows, e.g. {"platform":"openrouter","author":"qwen","rows":"2"})',
      );
    } finally {
      t.cleanup();
      root.cleanup();
    }
  });
});
