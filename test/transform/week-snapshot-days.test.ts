/**
 * The "week's last snapshot day" rule lives in one model, intermediate.int_hf_week_snapshot_days, which the weekly
 * Hugging Face marts join. Moving the rule there must not change a row: the fingerprints below were taken from the
 * marts built on the REAL shipped seed history by the SQL before the move (each mart's rows as text, in its own order,
 * hashed with md5), so any changed, missing or extra row fails them.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.ts';
import { runTransform } from '../../transform/run.ts';
import { loadSeedHistory } from '../support/seed-raw.ts';
import { tempDatabase } from '../support/tmp.ts';

const BUILT_AT = () => new Date('2026-08-23T07:00:00Z');

/** Numbers to 12 significant digits: DuckDB's parallel sums may add in a different order from run to run. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number(value.toPrecision(12));
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

/** How many rows, and the md5 of every row as JSON (numbers rounded), sorted: any changed, missing or extra row shows. */
async function fingerprint(db: Database, mart: string): Promise<{ rows: number; md5: string }> {
  const lines = (await db.json(`select * from marts.${mart}`)).map((row) => JSON.stringify(rounded(row))).sort();
  return { rows: lines.length, md5: crypto.createHash('md5').update(lines.join('\n')).digest('hex') };
}

describe('weekly Hugging Face marts on the seed history: the same rows as before the rule moved to one model', () => {
  let db: Database;
  let cleanup = () => {};

  beforeAll(async () => {
    const t = await tempDatabase();
    ({ db, cleanup } = t);
    await loadSeedHistory(db, t.config);
    await runTransform(db, { now: BUILT_AT });
  });
  afterAll(() => cleanup());

  it('the four marts: row counts and md5 of their rows as before', async () => {
    const marts = ['developer_downloads', 'hf_weekly_origin_share', 'weekly_metrics', 'weekly_changes'];
    const out: Record<string, unknown> = {};
    for (const mart of marts) out[mart] = await fingerprint(db, mart);
    expect(out).toEqual({
      developer_downloads: { rows: 960, md5: '828cf2aa70d2b1062e6ae5026588abfb' },
      hf_weekly_origin_share: { rows: 456, md5: 'ca81f052bb38e0ea61f00502b397978e' },
      weekly_metrics: { rows: 7458, md5: '2b21405fb632214489c1e66167faba6b' },
      weekly_changes: { rows: 1571, md5: 'cf1907d0db13c163c86c6b2b8d718137' },
    });
  });
});
