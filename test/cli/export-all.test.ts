/**
 * `adoption-tracker export --all --out FILE.zip` on a published database of SYNTHETIC marts
 * (test/dashboard/marts-fixture.ts: invented numbers, none of them OpenRouter's or Hugging Face's).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand, UsageError, type Io } from '../../bin/commands.ts';
import { Database } from '../../db/connection.ts';
import { publishedPath } from '../../db/publish.ts';
import { loadConfig, type Config } from '../../lib/config.ts';
import { silentLogger } from '../../lib/log.ts';
import { createSyntheticMarts } from '../dashboard/marts-fixture.ts';
import { tempDir } from '../support/tmp.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: { dir: string; cleanup: () => void };
let config: Config;
const out: string[] = [];
const io: Io = { out: (t) => out.push(t), log: silentLogger };

beforeAll(async () => {
  dir = tempDir();
  config = loadConfig({ ADOPTION_DATA_DIR: dir.dir, ADOPTION_SCHEDULE: 'off' });
  // The published file as db/publish.ts leaves it, holding only the synthetic marts (a test needs no transform).
  const db = await Database.open(publishedPath(dir.dir));
  await db.run('create schema meta');
  await createSyntheticMarts(db);
  await db.run("update meta.marts set row_count = 10 where name = 'openrouter_weekly_origin_share'");
  await db.run("update marts.openrouter_weekly_top_models set organisation = '+SUM(A1:A9)' where rank = 21");
  db.close();
});

afterAll(() => dir?.cleanup());

describe('export --all', () => {
  it('writes every built mart as CSV and Parquet with the dictionary and sources into one zip', async () => {
    const file = path.join(dir.dir, 'out', 'all.zip');
    expect(await exportCommand(config, undefined, { all: true, out: file }, io)).toBe(0);
    expect(out.at(-1)).toBe(`wrote ${file}`);
    const entries = unzipSync(fs.readFileSync(file));
    // Marts of the allowlist that this file has not built are left out, not empty.
    expect(
      Object.keys(entries)
        .filter((n) => n.endsWith('.csv') || n.endsWith('.parquet'))
        .sort(),
    ).toEqual([
      'adoption-tracker-data/csv/openrouter_weekly_origin_share.csv',
      'adoption-tracker-data/csv/openrouter_weekly_top_models.csv',
      'adoption-tracker-data/dictionary.csv',
      'adoption-tracker-data/parquet/openrouter_weekly_origin_share.parquet',
      'adoption-tracker-data/parquet/openrouter_weekly_top_models.parquet',
    ]);
    const csv = strFromU8(entries['adoption-tracker-data/csv/openrouter_weekly_top_models.csv']!);
    expect(csv.split('\n')).toContain(
      "2026-04-20,all,21,mistralai/mistral-small,mistralai,'+SUM(A1:A9),FR,1000000,7,2026-04-28 02:00:00",
    );
    expect(csv.split('\n')).toHaveLength(1 + 8 + 1);
    const readme = strFromU8(entries['adoption-tracker-data/README.md']!);
    expect(readme).toContain(
      '| [openrouter_weekly_top_models](#openrouter_weekly_top_models) | 8 | 2026-04-29 02:00:00 |',
    );
    expect(readme).toContain('- **grain**: one row per week x category x model');
    expect(strFromU8(entries['adoption-tracker-data/SOURCES.md']!)).toContain('licensed **CC BY 4.0**');
    // No temp file is left beside the archive.
    expect(fs.readdirSync(path.dirname(file))).toEqual(['all.zip']);
  });

  it('refuses a mart name, --format or a missing --out with --all, in one line each', async () => {
    await expect(
      exportCommand(config, 'openrouter_weekly_top_models', { all: true, out: 'x.zip' }, io),
    ).rejects.toThrow(new UsageError('--all exports every mart: drop "openrouter_weekly_top_models", or drop --all'));
    await expect(exportCommand(config, undefined, { all: true, out: 'x.zip', format: 'csv' }, io)).rejects.toThrow(
      new UsageError('--all writes every mart as both CSV and Parquet: drop --format'),
    );
    await expect(exportCommand(config, undefined, { all: true }, io)).rejects.toThrow(
      new UsageError('--all needs --out FILE.zip'),
    );
    await expect(exportCommand(config, undefined, {}, io)).rejects.toThrow(
      new UsageError('name a mart, or give --all for every mart in one zip archive'),
    );
  });

  it('runs from the command line (one spawn: the usage errors above take the same path as every UsageError)', () => {
    const file = path.join(dir.dir, 'cli.zip');
    const env = { ...process.env, ADOPTION_DATA_DIR: dir.dir, OPENROUTER_API_KEY: '' };
    const ok = spawnSync(process.execPath, ['bin/adoption-tracker.js', 'export', '--all', '--out', file], {
      cwd: ROOT,
      encoding: 'utf8',
      env,
    });
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toBe(`wrote ${file}\n`);
    expect(ok.status).toBe(0);
    expect(Object.keys(unzipSync(fs.readFileSync(file)))).toHaveLength(7);
    // A guard, not a race: the spawned CLI loads through tsx, which takes tens of seconds on a loaded machine.
  }, 120_000);
});
