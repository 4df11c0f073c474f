/**
 * `export` to standard output streams: the CSV that DuckDB writes reaches stdout in bounded chunks, never as one string
 * (one string failed past a few million rows). The mart's rows here are SYNTHETIC.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { exportCommand, type Io } from '../../bin/commands.ts';
import { Database } from '../../db/connection.ts';
import { publishedPath } from '../../db/publish.ts';
import { loadConfig } from '../../lib/config.ts';
import { silentLogger } from '../../lib/log.ts';
import { tempDir } from '../support/tmp.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('export --format csv to stdout', () => {
  it('writes 300,000 rows in chunks of at most 64 KiB through io.write, nothing through io.out', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const db = await Database.open(publishedPath(dir));
    await db.run('create schema marts');
    await db.run(
      `create table marts.hf_top_models as
       select '2026-08-01'::date as day, i::integer as rank, 'synthetic/model-' || i as model_id from range(1, 300001) t(i)`,
    );
    db.close();
    const chunks: Buffer[] = [];
    const lines: string[] = [];
    const io: Io = { out: (t) => lines.push(t), log: silentLogger, write: async (chunk) => void chunks.push(chunk) };
    expect(await exportCommand(loadConfig({ ADOPTION_DATA_DIR: dir }), 'hf_top_models', { format: 'csv' }, io)).toBe(0);
    expect(lines).toEqual([]);
    expect(chunks.length).toBeGreaterThan(50);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(65536);
    const text = Buffer.concat(chunks).toString('utf8');
    const rows = text.trimEnd().split('\n');
    expect(rows).toHaveLength(300001);
    expect(rows.slice(0, 3)).toEqual([
      'day,rank,model_id',
      '2026-08-01,1,synthetic/model-1',
      '2026-08-01,2,synthetic/model-2',
    ]);
    expect(rows.at(-1)).toBe('2026-08-01,300000,synthetic/model-300000');
  });
});
