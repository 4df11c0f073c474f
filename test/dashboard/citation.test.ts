import { describe, expect, it } from 'vitest';
import { citationFor, citationOf } from '../../dashboard/citation.ts';
import { HUGGING_FACE_CITATION, OPENROUTER_CITATION } from '../../ingest/declarations.ts';
import { martSources, rawTablesByModel } from '../../transform/lineage.ts';
import { loadModels, martNames } from '../../transform/run.ts';

const HF_ONLY = {
  text: 'Source: Hugging Face Hub (huggingface.co), as of 2026-08-22',
  licence: null,
  licence_url: null,
};
const OPENROUTER_ONLY = {
  text: 'Source: OpenRouter (openrouter.ai/rankings), as of 2026-08-22',
  licence: 'CC BY 4.0',
  licence_url: 'https://creativecommons.org/licenses/by/4.0/',
};
const BOTH = {
  text: 'Sources: OpenRouter (openrouter.ai/rankings) (CC BY 4.0) and Hugging Face Hub (huggingface.co), as of 2026-08-22',
  licence: 'CC BY 4.0',
  licence_url: 'https://creativecommons.org/licenses/by/4.0/',
};

describe('citationFor() on the shipped marts (lineage from their SQL)', () => {
  it('cites Hugging Face alone, without OpenRouter’s licence, on developer_downloads (a Hugging Face-only mart)', () => {
    expect(citationFor('developer_downloads', '2026-08-22')).toEqual(HF_ONLY);
  });

  it.each([
    ['hf_daily_origin_downloads', HF_ONLY],
    ['hf_origin_top_n', HF_ONLY],
    ['hf_weekly_origin_share', HF_ONLY],
    ['openrouter_daily_model_tokens', OPENROUTER_ONLY],
    ['openrouter_weekly_origin_share', OPENROUTER_ONLY],
    ['openrouter_weekly_top_models', OPENROUTER_ONLY],
    ['weekly_metrics', BOTH],
    ['weekly_changes', BOTH],
  ])('%s', (mart, expected) => {
    expect(citationFor(mart, '2026-08-22')).toEqual(expected);
  });

  it('every shipped mart has a known lineage, and a mart named for one source cites only it', () => {
    const sources = martSources();
    for (const mart of martNames()) {
      const cited = sources.get(mart);
      expect(cited, mart).toBeDefined();
      // A mart of the project's own reference data (seeds only, e.g. origin_registry) cites no upstream source.
      if (cited?.length === 0)
        expect(citationFor(mart, null).text, mart).toBe('Source: adoption-tracker reference data');
      if (mart.startsWith('hf_')) expect(cited, mart).toEqual(['huggingface']);
      if (mart.startsWith('openrouter_'))
        expect(
          cited?.every((s) => s.startsWith('openrouter')),
          mart,
        ).toBe(true);
    }
  });

  it('a mart with no known lineage cites every declared source (never fewer than its data needs)', () => {
    expect(citationFor('no_such_mart', null, () => undefined)).toEqual({
      text: 'Sources: OpenRouter (openrouter.ai/rankings) (CC BY 4.0) and Hugging Face Hub (huggingface.co)',
      licence: 'CC BY 4.0',
      licence_url: 'https://creativecommons.org/licenses/by/4.0/',
    });
  });
});

describe('citationOf()', () => {
  it('names one source once even when two declared sources share it', () => {
    expect(citationOf([OPENROUTER_CITATION], null).text).toBe('Source: OpenRouter (openrouter.ai/rankings)');
    expect(citationOf([HUGGING_FACE_CITATION], '2026-01-01 00:00:00')).toEqual({
      text: 'Source: Hugging Face Hub (huggingface.co), as of 2026-01-01 00:00:00',
      licence: null,
      licence_url: null,
    });
  });
});

describe('rawTablesByModel()', () => {
  it('follows references through the layers to the raw tables', () => {
    const models = loadModels();
    const tables = rawTablesByModel(models);
    expect(tables.get('marts.developer_downloads')).toContain('raw.hf_model_snapshots');
    expect([...(tables.get('marts.developer_downloads') ?? [])].filter((t) => !t.startsWith('raw.hf_'))).toEqual([]);
    expect(tables.get('marts.openrouter_daily_model_tokens')).toEqual(new Set(['raw.openrouter_rankings']));
  });
});
