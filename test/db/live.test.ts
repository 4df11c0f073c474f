/**
 * Issue 9, defects 4 and 6: a missing live database next to a published copy or kept payloads is an error with a way
 * out, never a silent re-seed; a damaged live file is named and nothing is overwritten; `restore` brings the live
 * database back from the published copy; temp files of an interrupted publish are removed by the next owner.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { restoreCommand, transformCommand, type Io } from '../../bin/commands.ts';
import { Database } from '../../db/connection.ts';
import { LiveDatabaseError } from '../../db/live.ts';
import { livePath, publish, publishedPath } from '../../db/publish.ts';
import { loadConfig, type Config } from '../../lib/config.ts';
import { silentLogger } from '../../lib/log.ts';
import { tempDir } from '../support/tmp.ts';
import { transformedDataDir } from '../support/transformed.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function setup(): { dir: string; config: Config; out: string[]; io: Io } {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const out: string[] = [];
  // No seed history: the run history below is SYNTHETIC, one row, so the test does not depend on the shipped seed.
  const config = loadConfig({ ADOPTION_DATA_DIR: dir, ADOPTION_SEED_HISTORY: 'off', ADOPTION_SCHEDULE: 'off' });
  return { dir, config, out, io: { out: (t) => out.push(t), log: silentLogger } };
}

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * A first transform and publish (a copy of the run's transformed empty data folder: test/support/transformed.ts),
 * then one synthetic run in the history, published.
 */
async function published(config: Config): Promise<void> {
  await transformedDataDir(config.dataDir);
  const db = await Database.open(livePath(config.dataDir));
  await db.run(
    "insert into meta.runs (source, started_at, status, message) values ('synthetic', '2026-01-01', 'succeeded', 'kept')",
  );
  await publish(db, publishedPath(config.dataDir));
  db.close();
}

async function runsIn(file: string): Promise<unknown[]> {
  const db = await Database.open(file, { readOnly: true });
  try {
    return await db.json("select source, message from meta.runs where source = 'synthetic'");
  } finally {
    db.close();
  }
}

describe('a missing live database', () => {
  it('is an error naming `restore` when a published copy exists; nothing is re-created or republished', async () => {
    const { config, io } = setup();
    await published(config);
    const live = livePath(config.dataDir);
    const before = sha(publishedPath(config.dataDir));
    fs.rmSync(live);
    const failure = transformCommand(config, io);
    await expect(failure).rejects.toThrow(LiveDatabaseError);
    await expect(failure).rejects.toThrow(
      `The live database ${live} is missing but ${publishedPath(config.dataDir)} holds a published copy: run \`adoption-tracker restore\` to restore the live database from it (nothing was re-created).`,
    );
    expect(fs.existsSync(live)).toBe(false);
    expect(sha(publishedPath(config.dataDir))).toBe(before);
  });

  it('`restore` brings back the run history from the published copy, and the next transform works', async () => {
    const { config, io, out } = setup();
    await published(config);
    fs.rmSync(livePath(config.dataDir));
    out.length = 0;
    expect(await restoreCommand(config, io)).toBe(0);
    expect(out).toEqual([`restored ${livePath(config.dataDir)} from ${publishedPath(config.dataDir)}`]);
    expect(await runsIn(livePath(config.dataDir))).toEqual([{ source: 'synthetic', message: 'kept' }]);
    expect(await transformCommand(config, io)).toBe(0);
    expect(await runsIn(publishedPath(config.dataDir))).toEqual([{ source: 'synthetic', message: 'kept' }]);
  });

  it('is an error when only kept payloads are there (no copy to restore from)', async () => {
    const { dir, config, io } = setup();
    fs.mkdirSync(path.join(dir, 'payloads', 'huggingface', '2026-01-01'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'payloads', 'huggingface', '2026-01-01', 'x.json'), '[]');
    await expect(transformCommand(config, io)).rejects.toThrow(
      `The live database ${livePath(dir)} is missing but ${path.join(dir, 'payloads')} holds kept payloads and there is no published copy to restore from: move ${path.join(dir, 'payloads')} aside to start a new database there (nothing was re-created).`,
    );
    expect(fs.existsSync(livePath(dir))).toBe(false);
  });

  it('an empty data folder still starts a new database (first start)', async () => {
    const { config, io } = setup();
    expect(await transformCommand(config, io)).toBe(0);
    expect(fs.existsSync(publishedPath(config.dataDir))).toBe(true);
  });
});

describe('a corrupted live database at start', () => {
  it('is named in one line, the published copy untouched; `restore` keeps the damaged file aside', async () => {
    const { config, io, out } = setup();
    await published(config);
    const live = livePath(config.dataDir);
    const before = sha(publishedPath(config.dataDir));
    fs.writeFileSync(live, Buffer.alloc(8192, 7));
    await expect(transformCommand(config, io)).rejects.toThrow(
      `The live database ${live} cannot be opened (IO Error: The file "${live}" exists, but it is not a valid DuckDB database file!); the published copy ${publishedPath(config.dataDir)} is untouched: run \`adoption-tracker restore\` to replace the live file with it (the damaged file is kept).`,
    );
    expect(sha(publishedPath(config.dataDir))).toBe(before);
    out.length = 0;
    expect(await restoreCommand(config, io)).toBe(0);
    const aside = fs.readdirSync(path.dirname(live)).filter((f) => f.includes('.damaged-'));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(path.dirname(live), aside[0]!))).toEqual(Buffer.alloc(8192, 7));
    expect(await runsIn(live)).toEqual([{ source: 'synthetic', message: 'kept' }]);
  });

  it('`restore` refuses to replace a live database that opens fine', async () => {
    const { config, io } = setup();
    await published(config);
    await expect(restoreCommand(config, io)).rejects.toThrow(
      `The live database ${livePath(config.dataDir)} opens fine: restore replaces only a missing or damaged one.`,
    );
  });
});

describe('temp files of an interrupted publish', () => {
  it('are removed when the next owner opens the live database; other files stay', async () => {
    const { dir, config, io } = setup();
    await published(config);
    const leftovers = [
      'adoption.duckdb.4242.tmp.duckdb',
      'adoption.duckdb.4242.tmp.duckdb.wal',
      'adoption.duckdb.77.tmp.duckdb',
    ];
    for (const name of leftovers) fs.writeFileSync(path.join(dir, name), 'half a database');
    fs.writeFileSync(path.join(dir, 'adoption.duckdb.notes'), 'mine');
    expect(await transformCommand(config, io)).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['adoption.duckdb', 'adoption.duckdb.notes', 'live']);
  });
});
