/**
 * Model families and weights status (int_openrouter_model_families and the marts built on it) on SYNTHETIC input:
 * invented token counts on literal permaslug shapes of the real record, and a SYNTHETIC catalogue snapshot (no
 * recording of the catalogue exists; the hugging_face_id and the renamed id below are made up for the test).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.ts';
import { runTransform, TRANSFORM_DIR, type TransformResult } from '../../transform/run.ts';
import { tempDatabase, tempDir } from '../support/tmp.ts';

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

// One day (2026-06-01, a Monday), as of 2026-06-02; invented token counts.
const DAY: Array<[string, number]> = [
  ['deepseek/deepseek-v4-flash-20260423', 100],
  ['deepseek/deepseek-v4-flash-20260423:free', 40],
  ['deepseek/deepseek-v4-flash-20260731', 30],
  ['deepseek/deepseek-chat-v3-0324', 50],
  ['anthropic/claude-3.5-sonnet-20240620:beta', 60],
  ['openai/gpt-oss-120b', 45],
  ['newco/model-1', 20],
  ['other', 70],
];

describe('model families and weights status (synthetic rankings and catalogue)', () => {
  let db: Database;
  let result: TransformResult;
  const cleanups: Array<() => void> = [];

  beforeAll(async () => {
    const t = await tempDatabase();
    const root = tempDir();
    cleanups.push(t.cleanup, root.cleanup);
    db = t.db;
    for (const [slug, tokens] of DAY) {
      await db.run(
        `insert into raw.openrouter_rankings (period, category, date, model_permaslug, total_tokens, as_of, fetched_at, run_id)
         values ('day', 'all', '2026-06-01', $1, $2, '2026-06-02 00:00:00', '2026-06-02 00:00:00', 1)`,
        [slug, tokens],
      );
    }
    // SYNTHETIC catalogue snapshot: ids, canonical slugs and the hugging_face_id are made up for the test.
    // SYNTHETIC prices (USD per token, as the API's strings); the ':free' entry is priced 0 as OpenRouter lists them.
    for (const [id, canonical, hub, prompt, completion] of [
      [
        'deepseek/deepseek-v4-flash',
        'deepseek/deepseek-v4-flash-20260423',
        'deepseek-ai/DeepSeek-V4-Flash-SYNTHETIC',
        '0.000001',
        '0.000002',
      ],
      ['deepseek/deepseek-v4-flash:free', 'deepseek/deepseek-v4-flash-20260423', null, '0', '0'],
      ['anthropic/claude-3.5-sonnet', 'anthropic/claude-3.5-sonnet-20240620', null, '0.000003', '0.000015'],
      ['anthropic/claude-3.5-sonnet:beta', 'anthropic/claude-3.5-sonnet-20240620', null, '0.000003', '0.000015'],
      ['newco/model-one', 'newco/model-1', null, '0.000001', '-1'],
    ] as const) {
      await db.run(
        `insert into raw.openrouter_models (day, id, canonical_slug, name, hugging_face_id, pricing_prompt, pricing_completion, fetched_at, run_id)
         values ('2026-06-05', $1, $2, $1, $3, $4, $5, '2026-06-05 04:15:00', 2)`,
        [id, canonical, hub, prompt, completion],
      );
    }
    result = await runTransform(db, { root: openrouterRoot(root.dir) });
  });
  afterAll(() => cleanups.forEach((c) => c()));

  it('groups permaslugs into families: variant tag, then 8-digit date suffix dropped; other version marks kept', async () => {
    expect(
      await db.json(`select model_permaslug, family_slug, variant_tag, date_suffix, permaslugs_in_family, catalogue_id,
          catalogue_agrees, weights, hub_repo
        from marts.openrouter_model_families order by model_permaslug`),
    ).toEqual([
      {
        model_permaslug: 'anthropic/claude-3.5-sonnet-20240620:beta',
        family_slug: 'anthropic/claude-3.5-sonnet',
        variant_tag: 'beta',
        date_suffix: '20240620',
        permaslugs_in_family: 1,
        catalogue_id: 'anthropic/claude-3.5-sonnet',
        catalogue_agrees: true,
        weights: 'closed',
        hub_repo: null,
      },
      {
        model_permaslug: 'deepseek/deepseek-chat-v3-0324',
        family_slug: 'deepseek/deepseek-chat-v3-0324',
        variant_tag: null,
        date_suffix: null,
        permaslugs_in_family: 1,
        catalogue_id: null,
        catalogue_agrees: null,
        weights: 'open',
        hub_repo: 'deepseek-ai/DeepSeek-V3-0324',
      },
      {
        model_permaslug: 'deepseek/deepseek-v4-flash-20260423',
        family_slug: 'deepseek/deepseek-v4-flash',
        variant_tag: null,
        date_suffix: '20260423',
        permaslugs_in_family: 3,
        catalogue_id: 'deepseek/deepseek-v4-flash',
        catalogue_agrees: true,
        weights: 'open',
        hub_repo: 'deepseek-ai/DeepSeek-V4-Flash-SYNTHETIC',
      },
      {
        model_permaslug: 'deepseek/deepseek-v4-flash-20260423:free',
        family_slug: 'deepseek/deepseek-v4-flash',
        variant_tag: 'free',
        date_suffix: '20260423',
        permaslugs_in_family: 3,
        catalogue_id: 'deepseek/deepseek-v4-flash',
        catalogue_agrees: true,
        weights: 'open',
        hub_repo: 'deepseek-ai/DeepSeek-V4-Flash-SYNTHETIC',
      },
      // not in the catalogue itself: open because its family is
      {
        model_permaslug: 'deepseek/deepseek-v4-flash-20260731',
        family_slug: 'deepseek/deepseek-v4-flash',
        variant_tag: null,
        date_suffix: '20260731',
        permaslugs_in_family: 3,
        catalogue_id: null,
        catalogue_agrees: null,
        weights: 'open',
        hub_repo: 'deepseek-ai/DeepSeek-V4-Flash-SYNTHETIC',
      },
      {
        model_permaslug: 'newco/model-1',
        family_slug: 'newco/model-1',
        variant_tag: null,
        date_suffix: null,
        permaslugs_in_family: 1,
        catalogue_id: 'newco/model-one',
        catalogue_agrees: false,
        weights: 'unknown',
        hub_repo: null,
      },
      {
        model_permaslug: 'openai/gpt-oss-120b',
        family_slug: 'openai/gpt-oss-120b',
        variant_tag: null,
        date_suffix: null,
        permaslugs_in_family: 1,
        catalogue_id: null,
        catalogue_agrees: null,
        weights: 'open',
        hub_repo: 'openai/gpt-oss-120b',
      },
    ]);
    expect(
      await db.json(`select model_permaslug, weights_evidence from marts.openrouter_model_families
        where model_permaslug in ('deepseek/deepseek-v4-flash-20260731', 'newco/model-1', 'anthropic/claude-3.5-sonnet-20240620:beta')
        order by model_permaslug`),
    ).toEqual([
      {
        model_permaslug: 'anthropic/claude-3.5-sonnet-20240620:beta',
        weights_evidence:
          'seeds/open_weights.csv: Anthropic serves Claude only through its API and partners; it has published no Claude weights',
      },
      {
        model_permaslug: 'deepseek/deepseek-v4-flash-20260731',
        weights_evidence:
          'OpenRouter catalogue (snapshot 2026-06-05): hugging_face_id deepseek-ai/DeepSeek-V4-Flash-SYNTHETIC',
      },
      {
        model_permaslug: 'newco/model-1',
        weights_evidence: 'no catalogue hugging_face_id and no row in seeds/open_weights.csv: not guessed',
      },
    ]);
  });

  it('warns where the catalogue groups a model differently, and fails no check', () => {
    expect(result.checks.filter((c) => c.failures > 0).map((c) => [c.name, c.severity, c.failures])).toEqual([
      ['openrouter_family_catalogue_disagreements', 'warn', 1],
      // newco is not in the origin registry
      ['openrouter_unmapped_authors', 'warn', 1],
    ]);
  });

  it('ranks families by their permaslugs\u2019 summed tokens, beside the permaslug ranks', async () => {
    expect(
      await db.json(`select rank, family_slug, permaslugs, best_permaslug_rank, origin_country, total_tokens::integer as total_tokens
        from marts.openrouter_weekly_top_families where week_start = '2026-06-01' order by rank`),
    ).toEqual([
      {
        rank: 1,
        family_slug: 'deepseek/deepseek-v4-flash',
        permaslugs: 3,
        best_permaslug_rank: 1,
        origin_country: 'CN',
        total_tokens: 170,
      },
      {
        rank: 2,
        family_slug: 'anthropic/claude-3.5-sonnet',
        permaslugs: 1,
        best_permaslug_rank: 2,
        origin_country: 'US',
        total_tokens: 60,
      },
      {
        rank: 3,
        family_slug: 'deepseek/deepseek-chat-v3-0324',
        permaslugs: 1,
        best_permaslug_rank: 3,
        origin_country: 'CN',
        total_tokens: 50,
      },
      {
        rank: 4,
        family_slug: 'openai/gpt-oss-120b',
        permaslugs: 1,
        best_permaslug_rank: 4,
        origin_country: 'US',
        total_tokens: 45,
      },
      {
        rank: 5,
        family_slug: 'newco/model-1',
        permaslugs: 1,
        best_permaslug_rank: 7,
        origin_country: 'UNKNOWN',
        total_tokens: 20,
      },
    ]);
  });

  it('counts families and permaslugs per origin, and the open-weights share as a range (unknown status and other)', async () => {
    expect(
      await db.json(`select origin_country, models_in_top_10, families_in_top_10, family_share_of_top_20,
          open_tokens::integer as open, closed_tokens::integer as closed, unknown_weights_tokens::integer as unknown,
          open_token_share_all_low as low, open_token_share_all_high as high, open_token_share_top50 as top50
        from marts.openrouter_weekly_origin_family_share where week_start = '2026-06-01' order by origin_country`),
    ).toEqual([
      // all tokens 415 (345 named + 70 other); fewer than 20 families ranked: no share of a top 20
      {
        origin_country: 'CN',
        models_in_top_10: 4,
        families_in_top_10: 2,
        family_share_of_top_20: null,
        open: 220,
        closed: 0,
        unknown: 0,
        low: 220 / 415,
        high: 290 / 415,
        top50: 220 / 345,
      },
      {
        origin_country: 'UNKNOWN',
        models_in_top_10: 1,
        families_in_top_10: 1,
        family_share_of_top_20: null,
        open: 0,
        closed: 0,
        unknown: 20,
        low: 0,
        high: 90 / 415,
        top50: 0,
      },
      {
        origin_country: 'US',
        models_in_top_10: 2,
        families_in_top_10: 2,
        family_share_of_top_20: null,
        open: 45,
        closed: 60,
        unknown: 0,
        low: 45 / 415,
        high: 115 / 415,
        top50: 45 / 345,
      },
    ]);
  });

  it('prices each developer\u2019s and origin\u2019s tokens at the catalogue snapshot, token-weighted; unpriced models left out, never 0', async () => {
    // DeepSeek: 100 tokens at 1e-6 / 2e-6 and 40 :free tokens at 0 are priced; 30 + 50 tokens have no catalogue entry.
    // newco's completion price is the API's -1 ("variable"): unknown, so newco has no priced model at all.
    expect(
      await db.json(`select level, subject, origin_country, models, models_priced, tokens_total::integer as tokens_total,
          tokens_priced::integer as tokens_priced, priced_token_share, price_prompt_per_mtok, price_completion_per_mtok, price_snapshot_day
        from marts.openrouter_weekly_developer_price where week_start = '2026-06-01' order by level, subject`),
    ).toEqual([
      {
        level: 'organisation',
        subject: 'Anthropic',
        origin_country: 'US',
        models: 1,
        models_priced: 1,
        tokens_total: 60,
        tokens_priced: 60,
        priced_token_share: 1,
        price_prompt_per_mtok: 3,
        price_completion_per_mtok: 15,
        price_snapshot_day: '2026-06-05',
      },
      {
        level: 'organisation',
        subject: 'DeepSeek',
        origin_country: 'CN',
        models: 4,
        models_priced: 2,
        tokens_total: 220,
        tokens_priced: 140,
        priced_token_share: 140 / 220,
        price_prompt_per_mtok: ((100 * 1e-6) / 140) * 1e6,
        price_completion_per_mtok: ((100 * 2e-6) / 140) * 1e6,
        price_snapshot_day: '2026-06-05',
      },
      {
        level: 'origin',
        subject: 'CN',
        origin_country: 'CN',
        models: 4,
        models_priced: 2,
        tokens_total: 220,
        tokens_priced: 140,
        priced_token_share: 140 / 220,
        price_prompt_per_mtok: ((100 * 1e-6) / 140) * 1e6,
        price_completion_per_mtok: ((100 * 2e-6) / 140) * 1e6,
        price_snapshot_day: '2026-06-05',
      },
      {
        level: 'origin',
        subject: 'US',
        origin_country: 'US',
        models: 2,
        models_priced: 1,
        tokens_total: 105,
        tokens_priced: 60,
        priced_token_share: 60 / 105,
        price_prompt_per_mtok: 3,
        price_completion_per_mtok: 15,
        price_snapshot_day: '2026-06-05',
      },
    ]);
    expect(
      await db.json(`select organisation, compare_organisation, prompt_price_ratio, completion_price_ratio
        from marts.openrouter_weekly_developer_price_ratio where week_start = '2026-06-01' order by organisation`),
    ).toEqual([
      {
        organisation: 'Anthropic',
        compare_organisation: 'DeepSeek',
        prompt_price_ratio: 3 / (((100 * 1e-6) / 140) * 1e6),
        completion_price_ratio: 15 / (((100 * 2e-6) / 140) * 1e6),
      },
      {
        organisation: 'DeepSeek',
        compare_organisation: 'Anthropic',
        prompt_price_ratio: (((100 * 1e-6) / 140) * 1e6) / 3,
        completion_price_ratio: (((100 * 2e-6) / 140) * 1e6) / 15,
      },
    ]);
  });
});
