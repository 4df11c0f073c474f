/**
 * Issue #2's "done when", end to end in one process plus a second reader process:
 * replay server -> `collect openrouter --from 2026-05-23 --to 2026-08-21` -> transform -> both marts filled;
 * re-running changes no row; the published file answers a separate process while the server runs and publishes again.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCommand, serveCommand, type Io } from '../../bin/commands.ts';
import { Database } from '../../db/connection.ts';
import { publishedPath } from '../../db/publish.ts';
import { loadConfig, type Config } from '../../lib/config.ts';
import { silentLogger } from '../../lib/log.ts';
import { startReplayServer, type ReplayServer } from '../support/replay/server.ts';
import { tempDir } from '../support/tmp.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let replay: ReplayServer;
let dir: { dir: string; cleanup: () => void };
let config: Config;
const lines: string[] = [];
const io: Io = { out: (t) => lines.push(t), log: silentLogger };

async function published<T extends Record<string, unknown>>(sql: string): Promise<T[]> {
  const db = await Database.open(publishedPath(config.dataDir), { readOnly: true });
  try {
    return await db.json<T>(sql);
  } finally {
    db.close();
  }
}

const MART_FINGERPRINT = `
  select
      (select count(*)::integer from marts.openrouter_weekly_top_models) as top_rows,
      (select count(*)::integer from marts.openrouter_weekly_origin_share) as share_rows,
      (select md5(string_agg(week_start || category || rank || model_permaslug || total_tokens, ',' order by week_start, category, rank))
         from marts.openrouter_weekly_top_models) as top_hash,
      (select md5(string_agg(week_start || origin_country || total_tokens || coalesce(token_share_all_low::varchar, 'null'), ',' order by week_start, category, origin_country))
         from marts.openrouter_weekly_origin_share) as share_hash`;

beforeAll(async () => {
  replay = await startReplayServer({ now: new Date('2026-08-22T23:59:59Z') });
  dir = tempDir();
  config = loadConfig({
    ADOPTION_DATA_DIR: dir.dir,
    OPENROUTER_BASE_URL: replay.openrouterBaseUrl,
    OPENROUTER_API_KEY: 'replay-key',
    HF_ENDPOINT: replay.hfEndpoint,
    // The seed history would pre-fill the same days: this test proves the collector alone fills the marts.
    ADOPTION_SEED_HISTORY: 'off',
    ADOPTION_SCHEDULE: 'off',
  });
});

afterAll(async () => {
  await replay?.close();
  dir?.cleanup();
});

describe('OpenRouter slice end to end', () => {
  it('collect openrouter over the replay fills both weekly marts', async () => {
    const code = await collectCommand(config, 'openrouter', { from: '2026-05-23', to: '2026-08-21' }, io);
    expect(code).toBe(0);
    expect(lines.some((l) => /^openrouter: succeeded/.test(l))).toBe(true);
    const [counts] = await published<{ days: number; weeks: number; models: number }>(`
      select count(distinct day)::integer as days,
             (select count(distinct week_start)::integer from marts.openrouter_weekly_origin_share where category = 'all') as weeks,
             count(*)::integer as models
      from marts.openrouter_daily_model_tokens where category = 'all'`);
    // 2026-05-23 (a Saturday) to 2026-08-21 (a Friday): 91 days in 14 weeks, 51 rows a day including `other`.
    expect(counts).toEqual({ days: 91, weeks: 14, models: 4641 });
    const week = await published<Record<string, unknown>>(`
      select origin_country, models_in_top_10, models_in_top_20, models_in_top_50, total_tokens::varchar as total_tokens
      from marts.openrouter_weekly_origin_share
      where category = 'all' and week_start = date '2026-05-25' and origin_country = 'CN'`);
    expect(week).toEqual([
      {
        origin_country: 'CN',
        models_in_top_10: 6,
        models_in_top_20: 8,
        models_in_top_50: 22,
        total_tokens: '14270937541826',
      },
    ]);
  });

  it('re-running the same window writes no row and changes no mart row', async () => {
    const before = await published(MART_FINGERPRINT);
    lines.length = 0;
    const code = await collectCommand(config, 'openrouter', { from: '2026-05-23', to: '2026-08-21' }, io);
    expect(code).toBe(0);
    expect(lines.find((l) => l.startsWith('openrouter:'))).toMatch(/written 0|, 0 written/);
    expect(await published(MART_FINGERPRINT)).toEqual(before);
  });

  it('a separate process queries the published file while the server runs and publishes again', async () => {
    const server = await serveCommand({ ...config, port: 0 }, { schedule: false }, io);
    try {
      const reader = spawn(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          // A user's own script: plain node and the DuckDB client, none of our code.
          `
          import { DuckDBInstance } from '@duckdb/node-api';
          const file = ${JSON.stringify(publishedPath(config.dataDir))};
          const results = [];
          for (let i = 0; i < 5; i++) {
            const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
            const connection = await instance.connect();
            const reader = await connection.runAndReadAll("select count(*)::integer as n from marts.openrouter_weekly_origin_share where category = 'all'");
            results.push(reader.getRowObjectsJson()[0].n);
            connection.closeSync();
            instance.closeSync();
            await new Promise((r) => setTimeout(r, 50));
          }
          console.log(JSON.stringify(results));
        `,
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      // Listen for the exit now: the reader may well finish before the publishes below do.
      const readerExit = new Promise<number | null>((resolve) => reader.on('close', resolve));
      let stdout = '';
      let stderr = '';
      reader.stdout.on('data', (d) => (stdout += d));
      reader.stderr.on('data', (d) => (stderr += d));
      // The live file stays the server's: `transform` from the CLI elsewhere hands the job to it (control socket).
      // Started now, so the server publishes twice while the reader reads: this refresh, then the CLI's transform,
      // queued behind it (one transform fewer than two refreshes and a CLI transform after them).
      const cli = spawn(process.execPath, ['bin/adoption-tracker.js', 'transform'], {
        cwd: ROOT,
        env: { ...process.env, ADOPTION_DATA_DIR: config.dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const cliExit = new Promise<number | null>((resolve) => cli.on('close', resolve));
      let cliOut = '';
      let cliErr = '';
      cli.stdout.on('data', (d) => (cliOut += d));
      cli.stderr.on('data', (d) => (cliErr += d));
      await server.pipeline.refresh();
      const code = await readerExit;
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const counts = JSON.parse(stdout) as number[];
      expect(counts).toHaveLength(5);
      expect(new Set(counts).size).toBe(1);
      const cliCode = await cliExit;
      expect(cliErr).toBe('');
      expect(cliCode).toBe(0);
      const printed = cliOut.trim().split('\n');
      expect(printed[0]).toBe(`handing transform to the running server (${path.join(config.dataDir, 'control.sock')})`);
      expect(printed.at(-1)).toBe(`published ${publishedPath(config.dataDir)}`);
    } finally {
      await server.close();
    }
  }, 120_000);
});
