/**
 * The ATOM Project's lists (transform/seeds/atom_*.csv, Apache-2.0) as a second opinion on the origin registry and
 * as the `atom` Hugging Face scope, on the real shipped files: the registry and ATOM's 118 organisation regions, and
 * the real Hub top 30 of 2026-08-16 (ingest/seed-history/huggingface/top30-daily.csv).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.ts';
import { seedHuggingFaceHistory } from '../../ingest/seed-huggingface.ts';
import { runTransform, type TransformResult } from '../../transform/run.ts';
import { tempDatabase } from '../support/tmp.ts';

describe('ATOM: registry comparison and the atom scope', () => {
  let db: Database;
  let result: TransformResult;
  let cleanup: () => void;

  beforeAll(async () => {
    const t = await tempDatabase();
    db = t.db;
    cleanup = t.cleanup;
    await seedHuggingFaceHistory(db, { config: t.config, now: () => new Date('2026-08-23T06:00:00Z') });
    result = await runTransform(db);
  });
  afterAll(() => cleanup?.());

  it('lists every organisation where the registry and ATOM disagree, and none that ATOM lists and the registry lacks', async () => {
    expect(
      await db.json(
        `select status, count(*)::integer as n from marts.origin_registry_atom_comparison group by status order by status`,
      ),
    ).toEqual([
      { status: 'agrees', n: 110 },
      { status: 'disagrees', n: 2 },
      { status: 'not comparable', n: 3 },
      { status: 'ours unknown', n: 3 },
    ]);
    expect(
      await db.json(`select hf_org, atom_region, our_country, our_region, status from marts.origin_registry_atom_comparison
        where status <> 'agrees' order by status, hf_org`),
    ).toEqual([
      // AI21 Labs is Tel Aviv-based (IL, 'other' in ATOM's buckets); ATOM files it under us
      { hf_org: 'ai21labs', atom_region: 'us', our_country: 'IL', our_region: 'other', status: 'disagrees' },
      // IBM's Docling: ours by developer organisation (US), ATOM by the team's Zurich base
      { hf_org: 'docling-project', atom_region: 'eu', our_country: 'US', our_region: 'us', status: 'disagrees' },
      { hf_org: 'EleutherAI', atom_region: 'unknown', our_country: 'INTL', our_region: null, status: 'not comparable' },
      { hf_org: 'bigcode', atom_region: 'unknown', our_country: 'INTL', our_region: null, status: 'not comparable' },
      { hf_org: 'llava-hf', atom_region: 'us', our_country: 'REDIST', our_region: null, status: 'not comparable' },
      { hf_org: 'AI-MO', atom_region: 'eu', our_country: 'UNKNOWN', our_region: 'unknown', status: 'ours unknown' },
      { hf_org: 'JetBrains', atom_region: 'eu', our_country: 'UNKNOWN', our_region: 'unknown', status: 'ours unknown' },
      { hf_org: 'vidore', atom_region: 'eu', our_country: 'UNKNOWN', our_region: 'unknown', status: 'ours unknown' },
    ]);
    expect(result.checks.find((c) => c.name === 'origin_registry_atom_disagreements')).toMatchObject({
      severity: 'warn',
      failures: 5,
    });
  });

  it('the atom scope holds only the tracked models ATOM lists: five Qwen models of the top 30 on 2026-08-16', async () => {
    // python3: the repo ids of top30-daily.csv on 2026-08-16 that atom_models.csv or atom_extra_models.csv list
    expect(
      await db.json(`select model_id from intermediate.int_hf_snapshots_scoped
        where list_contains(scopes, 'atom') and day = '2026-08-16' order by model_id`),
    ).toEqual([
      { model_id: 'Qwen/Qwen2.5-7B-Instruct' },
      { model_id: 'Qwen/Qwen3-0.6B' },
      { model_id: 'Qwen/Qwen3-8B' },
      { model_id: 'Qwen/Qwen3.5-9B' },
      { model_id: 'Qwen/Qwen3.6-35B-A3B-FP8' },
    ]);
    expect(
      await db.json(`select origin_country, models, downloads_30d, downloads_30d_share from marts.hf_weekly_origin_share
        where scope = 'atom' and attribution = 'uploader' and week_start = '2026-08-10'`),
    ).toEqual([{ origin_country: 'CN', models: 5, downloads_30d: '83451195', downloads_30d_share: 1 }]);
    const [definition] = await db.json<{ header: string }>(
      `select header from meta.marts where name = 'hf_daily_origin_downloads'`,
    );
    expect(definition?.header).toContain("'atom' = the tracked models named in the ATOM Project's curated lists");
  });
});
