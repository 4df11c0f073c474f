/**
 * The price claim (seeds/claims.csv `deepseek-40x`) on the real shipped OpenRouter record for tokens and a SYNTHETIC
 * catalogue snapshot for prices (no recording of the catalogue is shipped; the prices below are made up for the test
 * and are not OpenRouter's). The fresh-install case (no catalogue) is in test/transform/insights.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.ts';
import { runTransform } from '../../transform/run.ts';
import { loadSeedHistory } from '../support/seed-raw.ts';
import { tempDatabase } from '../support/tmp.ts';

describe('the DeepSeek 40x price claim (real record tokens, SYNTHETIC catalogue prices)', () => {
  let db: Database;
  let cleanup: () => void;

  beforeAll(async () => {
    const t = await tempDatabase();
    db = t.db;
    cleanup = t.cleanup;
    await loadSeedHistory(db, t.config);
    // SYNTHETIC catalogue snapshot (USD per token): one OpenAI model, and DeepSeek V3 0324 paid and :free (0);
    // OpenAI's completion price is 20x DeepSeek's paid one, its prompt price 7.8x, so the token mix (more or fewer :free
    // tokens) moves the weekly ratios.
    for (const [id, canonical, prompt, completion] of [
      ['openai/gpt-4o-mini', 'openai/gpt-4o-mini', '0.0000039', '0.00004'],
      ['deepseek/deepseek-chat-v3-0324', 'deepseek/deepseek-chat-v3-0324', '0.0000005', '0.000002'],
      ['deepseek/deepseek-chat-v3-0324:free', 'deepseek/deepseek-chat-v3-0324', '0', '0'],
    ] as const) {
      await db.run(
        `insert into raw.openrouter_models (day, id, canonical_slug, name, hugging_face_id, pricing_prompt, pricing_completion, fetched_at, run_id)
         values ('2026-10-20', $1, $2, $1, null, $3, $4, '2026-10-20 04:15:00', 9)`,
        [id, canonical, prompt, completion],
      );
    }
    await runTransform(db, {});
  }, 120_000);
  afterAll(() => cleanup());

  it('gets a verdict: the highest weekly OpenAI / DeepSeek price ratio of 2025, with the deciding definition and the snapshot', async () => {
    const [row] = await db.json(
      `select verdict, metric, deciding_definition, aggregate, comparison, our_value, weeks_covered, week_used,
          our_value_text, verdict_by_definition
        from marts.claim_verdicts where id = 'deepseek-40x'`,
    );
    // 'partly': the completion-price ratio (the claim's own metric) differs, the prompt-price ratio matches 40x within 5
    expect(row).toEqual({
      verdict: 'partly',
      metric: 'or_org_price_prompt_per_mtok',
      deciding_definition: 'Prompt price per million tokens per developer (catalogue snapshot)',
      aggregate: 'ratio_max',
      comparison: 'approx',
      // 102.0848... x 3.9e-6 / 1e-5: the prompt ratio is the completion ratio scaled by the prompt prices' quotient
      our_value: 39.81306592465174,
      weeks_covered: 38,
      week_used: null,
      our_value_text: 'OpenAI / DeepSeek price 39.8x (highest of 38 complete weeks, 2025-03-24 to 2025-12-22)',
      verdict_by_definition:
        'Completion price per million tokens per developer (catalogue snapshot): OpenAI / DeepSeek price 102.1x (highest of 38 complete weeks, 2025-03-24 to 2025-12-22) (differs); Prompt price per million tokens per developer (catalogue snapshot): OpenAI / DeepSeek price 39.8x (highest of 38 complete weeks, 2025-03-24 to 2025-12-22) (matches)',
    });
    const [detail] = await db.json<{ verdict_detail: string }>(
      `select verdict_detail from marts.claim_verdicts where id = 'deepseek-40x'`,
    );
    expect(detail!.verdict_detail).toContain(
      "Prices as of the OpenRouter catalogue snapshot of 2026-10-20 (fetched 2026-10-20 04:15 UTC), applied to each week's token mix.",
    );
    expect(
      detail!.verdict_detail.startsWith(
        'Partly: it matches by Prompt price per million tokens per developer (catalogue snapshot)',
      ),
    ).toBe(true);
  });

  it('the ratio is the per-developer price marts\u2019 ratio, and the pasted query reproduces it', async () => {
    const [row] = await db.json<{ query: string; our_value: number }>(
      `select query, our_value from marts.claim_verdicts where id = 'deepseek-40x'`,
    );
    const [found] = await db.json(row!.query);
    expect(found).toEqual({ our_value: 39.81306592465174, weeks_covered: '38' });
    expect(
      await db.json(`select max(prompt_price_ratio) as ratio from marts.openrouter_weekly_developer_price_ratio
        where organisation = 'OpenAI' and compare_organisation = 'DeepSeek' and is_complete_week
          and week_start >= '2025-01-01' and week_start + 6 <= date '2025-12-31'`),
    ).toEqual([{ ratio: row!.our_value }]);
  });
});
