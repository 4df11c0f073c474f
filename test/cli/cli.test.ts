import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectCommand,
  exportCommand,
  sqlCommand,
  statusCommand,
  transformCommand,
  UsageError,
  type Io,
} from '../../bin/commands.ts';
import { Database } from '../../db/connection.ts';
import { loadConfig, type Config } from '../../lib/config.ts';
import { silentLogger } from '../../lib/log.ts';
import { tempDir } from '../support/tmp.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: { dir: string; cleanup: () => void };
let config: Config;
let out: string[] = [];
let transformOutput: string[] = [];
const io: Io = { out: (t) => out.push(t), log: silentLogger };

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['bin/adoption-tracker.js', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ADOPTION_DATA_DIR: dir.dir, OPENROUTER_API_KEY: '', ...env },
  });
}

beforeAll(async () => {
  dir = tempDir();
  // No key and no network: the shipped seed history is all there is, as on a fresh `npm start`.
  config = loadConfig({ ADOPTION_DATA_DIR: dir.dir, ADOPTION_SCHEDULE: 'off' });
  expect(await transformCommand(config, io, { timings: true })).toBe(0);
  transformOutput = out;
  out = [];
}, 120_000);

afterAll(() => dir?.cleanup());

describe('adoption-tracker (spawned)', () => {
  it('--help lists every command', () => {
    const result = cli(['--help']);
    expect(result.status).toBe(0);
    for (const command of ['collect', 'transform', 'serve', 'export', 'sql', 'status']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
  });

  it('collect --help documents the window options', () => {
    const result = cli(['collect', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--from <date>');
    expect(result.stdout).toContain('--to <date>');
  });

  it('an unknown source is one line on stderr and exit code 2', () => {
    const result = cli(['collect', 'nosuch']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'adoption-tracker: unknown source "nosuch"; known: openrouter, openrouter-models, huggingface, all\n',
    );
  });

  it('a bad --from date is one line on stderr and exit code 2', () => {
    const result = cli(['collect', 'openrouter', '--from', '2026-02-30']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('adoption-tracker: --from must be a calendar date YYYY-MM-DD, got "2026-02-30"\n');
  });

  it('sql answers from the published file', () => {
    const result = cli([
      'sql',
      "select count(*)::integer as days from marts.openrouter_daily_model_tokens where model_permaslug = 'other'",
    ]);
    expect(result.status).toBe(0);
    // 2025-01-01 .. 2026-10-09 less the two days the shipped pull lacks
    expect(result.stdout).toBe('days\n----\n645\n(1 row)\n');
  });

  it('a misconfigured variable fails at start naming it', () => {
    const result = cli(['status'], { PORT: 'eighty' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('adoption-tracker: PORT must be an integer from 0 to 65535, got "eighty"\n');
  });
});

describe('commands (in process)', () => {
  it('transform --timings prints each model with its rows, build time and CPU time, then the phases', () => {
    const models = transformOutput.filter((line) => /^(staging|intermediate|marts)\./.test(line));
    expect(models.length).toBeGreaterThan(20);
    for (const line of models)
      expect(line).toMatch(/^(staging|intermediate|marts)\.[a-z0-9_]+: (\d+ rows|view), \d+(\.\d)? ms \(\d+ ms CPU\)$/);
    expect(models).toContainEqual(expect.stringMatching(/^marts\.developer_downloads: \d+ rows, /));
    // A view's rows are not counted (counting would run its query).
    expect(models).toContainEqual(expect.stringMatching(/^intermediate\.int_hf_snapshots_scoped: view, /));
    const phases = transformOutput.filter((line) => line.startsWith('seeds '));
    expect(phases).toHaveLength(1);
    expect(phases[0]).toMatch(/^seeds [\d.]+ ms, models [\d.]+ ms, checks [\d.]+ ms, transform [\d.]+ ms$/);
    expect(transformOutput.at(-1)).toBe(`published ${path.join(dir.dir, 'adoption.duckdb')}`);
  });

  it('export writes CSV of a mart to standard output', async () => {
    out = [];
    await exportCommand(config, 'openrouter_weekly_origin_share', { format: 'csv' }, io);
    const lines = out.join('\n').split('\n');
    expect(lines[0]).toBe(
      'week_start,category,origin_country,models_in_top_10,models_in_top_20,models_in_top_50,total_tokens,token_share_top50,token_share_all_low,token_share_all_high,is_complete_week,as_of',
    );
    const cn = lines.find((l) => l.startsWith('2026-05-25,all,CN,'));
    // python3 over both shipped OpenRouter files: the pull (as of 2026-10-11) restates the week's values
    expect(cn?.split(',').slice(0, 7)).toEqual(['2026-05-25', 'all', 'CN', '6', '8', '22', '14265910007791']);
  });

  it('export writes Parquet that DuckDB reads back', async () => {
    const file = path.join(dir.dir, 'out', 'share.parquet');
    out = [];
    expect(await exportCommand(config, 'openrouter_weekly_origin_share', { format: 'parquet', out: file }, io)).toBe(0);
    const db = await Database.open(':memory:');
    try {
      const [row] = await db.json<{ n: number }>(
        `select count(*)::integer as n from read_parquet('${file.replace(/'/g, "''")}') where origin_country = 'CN' and category = 'all'`,
      );
      expect(row).toEqual({ n: 93 });
    } finally {
      db.close();
    }
  });

  it('export refuses an unknown mart and parquet without --out', async () => {
    await expect(exportCommand(config, 'raw.openrouter_rankings', {}, io)).rejects.toThrow(UsageError);
    await expect(exportCommand(config, 'openrouter_weekly_top_models', { format: 'parquet' }, io)).rejects.toThrow(
      '--format parquet needs --out FILE',
    );
    await expect(exportCommand(config, 'openrouter_weekly_top_models', { format: 'xml' }, io)).rejects.toThrow(
      '--format must be one of csv, json, parquet',
    );
  });

  it('sql is read-only', async () => {
    await expect(sqlCommand(config, 'delete from marts.openrouter_weekly_top_models', {}, io)).rejects.toThrow(
      /read-only/i,
    );
  });

  it('sql --format json prints the rows', async () => {
    out = [];
    await sqlCommand(config, "select 'CN' as origin, 1::bigint as n", { format: 'json' }, io);
    expect(JSON.parse(out.join('\n'))).toEqual([{ origin: 'CN', n: '1' }]);
  });

  it('status --json says the OpenRouter key is missing and how fresh each source is', async () => {
    out = [];
    await statusCommand(config, { json: true }, io);
    const report = JSON.parse(out.join('\n'));
    expect(report.configuration.openrouter_api_key).toBe('not set');
    expect(report.jobs.find((j: { job: string }) => j.job === 'openrouter').unavailable).toMatch(
      /^OPENROUTER_API_KEY is not set/,
    );
    // The last archive time of each shipped seed file.
    expect(report.freshness).toEqual([
      {
        source: 'openrouter',
        title: 'OpenRouter usage',
        latest_day: '2026-10-09',
        latest_as_of: '2026-10-11 00:27:00',
      },
      { source: 'openrouter-models', title: 'OpenRouter catalogue', latest_day: null, latest_as_of: null },
      {
        source: 'huggingface',
        title: 'Hugging Face downloads',
        latest_day: '2026-08-22',
        latest_as_of: '2026-08-22 18:30:07.517',
      },
    ]);
  });

  it('status reads freshness from the published snapshot, and from the raw tables when a file has none', async () => {
    const freshnessOf = async () => {
      out = [];
      await statusCommand(config, { json: true }, io);
      return JSON.parse(out.join('\n')).freshness.map((f: { source: string; latest_day: string | null }) => [
        f.source,
        f.latest_day,
      ]);
    };
    const expected = [
      ['openrouter', '2026-10-09'],
      ['openrouter-models', null],
      ['huggingface', '2026-08-22'],
    ];
    const published = path.join(dir.dir, 'adoption.duckdb');
    const copy = `${published}.copy`;
    fs.copyFileSync(published, copy);
    const lake = path.join(dir.dir, 'lake');
    fs.renameSync(lake, `${lake}.away`);
    try {
      // The lake (what the published raw views read) is gone: only the snapshot can answer.
      expect(await freshnessOf()).toEqual(expected);
      const db = await Database.open(published);
      try {
        expect(await db.json('select * from meta.source_freshness order by source')).toEqual([
          { source: 'huggingface', latest_day: '2026-08-22', latest_as_of: '2026-08-22 18:30:07.517' },
          { source: 'openrouter', latest_day: '2026-10-09', latest_as_of: '2026-10-11 00:27:00' },
          { source: 'openrouter-models', latest_day: null, latest_as_of: null },
        ]);
        await db.run('drop table meta.source_freshness');
      } finally {
        db.close();
      }
      fs.renameSync(`${lake}.away`, lake);
      // A file published before the snapshot existed: the same values, read from the raw views over the lake.
      expect(await freshnessOf()).toEqual(expected);
    } finally {
      if (fs.existsSync(`${lake}.away`)) fs.renameSync(`${lake}.away`, lake);
      fs.renameSync(copy, published);
    }
  });

  it('collect without a key records a skipped run and fails nothing else', async () => {
    out = [];
    // A folder of its own without the shipped history: the point is the skipped run, not a transform of the history.
    const empty = tempDir();
    try {
      const bare = loadConfig({ ADOPTION_DATA_DIR: empty.dir, ADOPTION_SCHEDULE: 'off', ADOPTION_SEED_HISTORY: 'off' });
      expect(await collectCommand(bare, 'openrouter', {}, io)).toBe(0);
      expect(out[0]).toMatch(/^openrouter: skipped \(run \d+\): OPENROUTER_API_KEY is not set/);
      expect(out.at(-1)).toBe(`published ${path.join(empty.dir, 'adoption.duckdb')}`);
      expect(fs.existsSync(path.join(empty.dir, 'adoption.duckdb'))).toBe(true);
    } finally {
      empty.cleanup();
    }
  });
});
