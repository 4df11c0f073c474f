/**
 * Issue #3's "done when": `collect huggingface` then `transform` against a replay of one recorded day gives that
 * day's top-30 origin counts and shares in marts.hf_origin_top_n.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCommand, type Io } from '../../bin/commands.ts';
import { createHuggingFaceSource } from '../../ingest/huggingface.ts';
import { resolveTrackedOrgs, tracking } from '../../ingest/tracking.ts';
import { Database } from '../../db/connection.ts';
import { publishedPath } from '../../db/publish.ts';
import { loadConfig, type Config } from '../../lib/config.ts';
import { silentLogger } from '../../lib/log.ts';
import { startReplayServer, type ReplayServer } from '../support/replay/server.ts';
import { tempDir } from '../support/tmp.ts';

// The recorded snapshot of 2026-06-15 was taken at 21:53:33Z; the run's clock is a little later that day.
const RUN_AT = new Date('2026-06-15T23:00:00Z');
let replay: ReplayServer;
let dir: { dir: string; cleanup: () => void };
let config: Config;
const lines: string[] = [];
const io: Io = { out: (t) => lines.push(t), log: silentLogger };

beforeAll(async () => {
  replay = await startReplayServer({ now: RUN_AT });
  dir = tempDir();
  config = loadConfig({
    ADOPTION_DATA_DIR: dir.dir,
    HF_ENDPOINT: replay.hfEndpoint,
    OPENROUTER_BASE_URL: replay.openrouterBaseUrl,
    ADOPTION_SEED_HISTORY: 'off',
    ADOPTION_SCHEDULE: 'off',
  });
});

afterAll(async () => {
  await replay?.close();
  dir?.cleanup();
});

describe('Hugging Face slice end to end', () => {
  it('collect huggingface then transform gives the recorded day top-30 origin counts and shares', async () => {
    // The registry's first 80 tracked organisations, not all: with every one (144 since the ATOM organisations were
    // added) the run passes the Hub throttle's 120 calls per 100 s and would wait out a window. The top 30 asserted
    // below comes from the global listing, whoever is tracked.
    const source = createHuggingFaceSource({
      ...tracking.huggingface,
      trackedOrgs: resolveTrackedOrgs(tracking.huggingface).slice(0, 80),
    });
    const code = await collectCommand(config, 'huggingface', {}, io, { now: () => RUN_AT, sources: [source] });
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^huggingface: succeeded/);
    const db = await Database.open(publishedPath(config.dataDir), { readOnly: true });
    try {
      const rows = await db.json<{
        origin_country: string;
        models: number;
        downloads_30d: string;
        downloads_30d_share: number;
      }>(`
        select origin_country, models, downloads_30d::varchar as downloads_30d, downloads_30d_share
        from marts.hf_origin_top_n
        where day = date '2026-06-15' and top_n = 30 and scope = 'all' and attribution = 'uploader'
        order by origin_country`);
      // Computed from ingest/seed-history/huggingface/top30-daily.csv (snapshot 2026-06-15T21:53:33.574Z).
      expect(rows.map(({ downloads_30d_share, ...rest }) => rest)).toEqual([
        { origin_country: 'CN', models: 9, downloads_30d: '137079869' },
        { origin_country: 'DE', models: 1, downloads_30d: '12197039' },
        { origin_country: 'INTL', models: 4, downloads_30d: '278023845' },
        { origin_country: 'UNKNOWN', models: 2, downloads_30d: '20930272' },
        { origin_country: 'US', models: 14, downloads_30d: '200547790' },
      ]);
      const shares = Object.fromEntries(rows.map((r) => [r.origin_country, r.downloads_30d_share]));
      expect(shares.CN).toBeCloseTo(0.2112890646714474, 12);
      expect(shares.US).toBeCloseTo(0.30911581168074975, 12);
      expect(shares.UNKNOWN).toBeCloseTo(0.03226102874521265, 12);
      const [snapshot] = await db.json<{ models: number; synthetic: number }>(`
        select count(*)::integer as models, count(*) filter (where is_synthetic)::integer as synthetic
        from raw.hf_model_snapshots where day = date '2026-06-15' and top_rank <= 30`);
      expect(snapshot).toEqual({ models: 30, synthetic: 0 });
    } finally {
      db.close();
    }
  });
});
