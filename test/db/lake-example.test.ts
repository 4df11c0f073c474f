/**
 * docs/lake-example.sql, the README's query straight over the Parquet lake, gives the same daily Chinese share of the
 * top 100 under lineage attribution as marts.hf_origin_top_n. SYNTHETIC whole-Hub listings (replay generator).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../../db/connection.ts';
import { createHuggingFaceSource } from '../../ingest/huggingface.ts';
import { Pipeline } from '../../app/pipeline.ts';
import { startReplayServer } from '../support/replay/server.ts';
import { tempDatabase } from '../support/tmp.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('docs/lake-example.sql', () => {
  it('over the lake equals hf_origin_top_n (all, lineage, top 100, CN) day by day', { timeout: 60_000 }, async () => {
    let now = new Date('2026-08-21T12:00:00Z');
    const server = await startReplayServer({ now, huggingface: { generated: { models: 600 } } });
    cleanups.push(() => server.close());
    const t = await tempDatabase({ HF_ENDPOINT: server.hfEndpoint, HF_SCOPE: 'all', ADOPTION_SEED_HISTORY: 'off' });
    cleanups.push(t.cleanup);
    const sleep = async () => {};
    const pipeline = new Pipeline({
      db: t.db,
      config: t.config,
      sources: [
        createHuggingFaceSource(
          { topN: 100, trackedOrgs: [], lineageMaxDepth: 6, lineageMaxFetches: 10 },
          { sleep, pageSize: 600 },
        ),
      ],
      now: () => now,
      http: { sleep },
    });
    await pipeline.start({ transform: false });
    for (const day of ['2026-08-21', '2026-08-22']) {
      now = new Date(`${day}T12:00:00Z`);
      server.setNow(now);
      expect((await pipeline.collect('huggingface', {}, { transform: false })).run?.status).toBe('succeeded');
    }
    const { transform } = await pipeline.refresh();
    expect(transform).toBeDefined();
    const mart = await t.db.json(
      `select day::varchar as day, round(downloads_30d_share, 12) as share from marts.hf_origin_top_n
       where scope = 'all' and attribution = 'lineage' and top_n = 100 and origin_country = 'CN' order by day`,
    );
    expect(mart).toHaveLength(2);

    const reader = await Database.open(':memory:');
    cleanups.push(() => reader.close());
    await reader.run(`set variable lake = '${t.config.lakeDir.replace(/'/g, "''")}'`);
    // The file reads the registry relative to the repository root, where the README runs it.
    const sqlText = fs
      .readFileSync(path.join(ROOT, 'docs/lake-example.sql'), 'utf8')
      .replace(
        "'transform/seeds/origins.csv'",
        `'${path.join(ROOT, 'transform/seeds/origins.csv').replace(/'/g, "''")}'`,
      );
    const lake = await reader.json(
      `select day::varchar as day, round(cn_share_top100_lineage, 12) as share from (${sqlText.trim().replace(/;$/, '')}\n)`,
    );
    expect(lake).toEqual(mart);
  });
});
