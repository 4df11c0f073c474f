/** The Claims page's values for people (dashboard/web/views/claims.ts): pure functions on literal rows. */
import { describe, expect, it } from 'vitest';
import { type ClaimRow, formatClaimValue, ourValueShort, theirValue } from '../../dashboard/web/views/claims.ts';

// the deepseek-40x row as claim_verdicts gives it on a SYNTHETIC catalogue (test/transform/price-claim.test.ts)
const PRICE: ClaimRow = {
  id: 'deepseek-40x',
  claim: 'Using DeepSeek models costs up to 40 times less than OpenAI\u2019s',
  channel: 'openrouter',
  source: 'AllianceBernstein report cited by congluan.vn',
  source_kind: 'press',
  source_url: null,
  period: '2025',
  claim_value: '40x',
  note: null,
  metric: 'or_org_price_prompt_per_mtok',
  unit: 'ratio',
  subject: 'OpenAI',
  compare_subject: 'DeepSeek',
  expected_value: 40,
  compare_expected_value: null,
  tolerance: 5,
  our_value: 39.81306592465174,
  our_value_low: null,
  our_value_high: null,
  our_compare_value: null,
  our_value_text: 'OpenAI / DeepSeek price 39.8x (highest of 38 complete weeks, 2025-03-24 to 2025-12-22)',
  verdict: 'partly',
  verdict_detail: null,
  difference: -0.18693407534826,
  weeks_covered: 38,
  week_used: null,
  caveat: null,
  query: null,
  deciding_definition: 'Prompt price per million tokens per developer (catalogue snapshot)',
  verdict_by_definition: null,
  weekly_values_text: null,
  as_of: '2026-10-11 00:27:00',
};

describe('claim values for people', () => {
  it('a price ratio reads "38.2x", with the two developers compared; a price per million tokens in dollars', () => {
    expect(formatClaimValue(38.24, { unit: 'ratio', metric: 'or_org_price_completion_per_mtok' })).toBe('38.2x');
    expect(formatClaimValue(0.6, { unit: 'usd_per_mtok', metric: 'or_org_price_completion_per_mtok' })).toBe(
      '$0.60 per million tokens',
    );
    expect(ourValueShort(PRICE)).toBe('OpenAI / DeepSeek 39.8x');
    expect(theirValue(PRICE)).toBe('40x');
  });

  it('no price without a catalogue snapshot: no value, never 0x', () => {
    expect(ourValueShort({ ...PRICE, verdict: 'no data for that period', our_value: null })).toBeNull();
  });
});
