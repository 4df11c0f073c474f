/**
 * /data/<mart>.parquet, /data/all.zip, DuckDB-Wasm's files and the SQL page's Content-Security-Policy, on SYNTHETIC
 * marts (test/dashboard/marts-fixture.ts: invented numbers, none of them OpenRouter's or Hugging Face's).
 */
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../db/connection.ts';
import { createApp } from '../../dashboard/app.ts';
import { tempDatabase, tempDir } from '../support/tmp.ts';
import { createSyntheticMarts, ORIGIN_SHARE_HEADER } from './marts-fixture.ts';
import { serve } from './serve.ts';

let t: Awaited<ReturnType<typeof tempDatabase>>;
let server: Awaited<ReturnType<typeof serve>>;
const scratch = tempDir('adoption-downloads-');

const MARTS = ['hf_many', 'not_built', 'openrouter_weekly_origin_share', 'openrouter_weekly_top_models'];

beforeAll(async () => {
  t = await tempDatabase();
  await createSyntheticMarts(t.db);
  // A hostile text cell: a spreadsheet would run it as a formula.
  await t.db.run(
    `insert into marts.openrouter_weekly_top_models values
     ('2026-04-20', 'all', 22, '=HYPERLINK("http://evil.example","x")', '@evil', '-2+3', 'UNKNOWN', 5, 7, '2026-04-28 02:00:00')`,
  );
  await t.db.run("update meta.marts set row_count = 10 where name = 'openrouter_weekly_origin_share'");
  // More rows than one DuckDB chunk (2,048): the archive's CSV is written in pieces.
  await t.db.run(
    "create table marts.hf_many as select i::integer as i, ('=x' || i)::varchar as t from range(5000) r(i)",
  );
  await t.db.run(
    "insert into meta.marts values ('hf_many', 'hf_many: synthetic rows\ngrain: one row per i', 5000, '2026-04-29 03:00:00')",
  );
  server = await serve(
    createApp({
      db: t.db,
      config: t.config,
      martNames: () => MARTS,
      // The lineage of these synthetic marts, as transform/lineage.ts would find it in their SQL.
      martSources: (mart) => (mart.startsWith('hf_') ? ['huggingface'] : ['openrouter']),
    }),
  );
});

afterAll(async () => {
  await server?.close();
  t?.cleanup();
  scratch.cleanup();
});

async function get(url: string): Promise<{ status: number; headers: Headers; bytes: Uint8Array }> {
  const res = await fetch(server.url + url);
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** Reads a Parquet file with @duckdb/node-api (through db/connection.ts), as a user would. */
async function readParquet(bytes: Uint8Array, sql: string): Promise<Record<string, unknown>[]> {
  const file = path.join(scratch.dir, `read-${Math.random().toString(36).slice(2)}.parquet`);
  fs.writeFileSync(file, bytes);
  const db = await Database.open(':memory:');
  try {
    return await db.json(sql.replace('$file', `'${file}'`));
  } finally {
    db.close();
  }
}

describe('GET /data/<mart>.parquet', () => {
  it('serves the mart as Parquet that DuckDB reads with every row and type', async () => {
    const res = await get('/data/openrouter_weekly_origin_share.parquet');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="openrouter_weekly_origin_share.parquet"',
    );
    expect(decodeURIComponent(res.headers.get('x-source') ?? '')).toBe(
      'Source: OpenRouter (openrouter.ai/rankings); licence CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)',
    );
    expect(await readParquet(res.bytes, 'select count(*)::integer as n from read_parquet($file)')).toEqual([{ n: 10 }]);
    expect(
      await readParquet(
        res.bytes,
        "select week_start, models_in_top_20, total_tokens, token_share_top50, is_complete_week, as_of from read_parquet($file) where origin_country = 'CN' and category = 'all' order by week_start",
      ),
    ).toEqual([
      {
        week_start: '2026-04-06',
        models_in_top_20: 6,
        total_tokens: '1200000000000',
        token_share_top50: 0.3,
        is_complete_week: true,
        as_of: '2026-04-14 02:00:00',
      },
      {
        week_start: '2026-04-13',
        models_in_top_20: 7,
        total_tokens: '1400000000000',
        token_share_top50: 0.32,
        is_complete_week: true,
        as_of: '2026-04-21 02:00:00',
      },
      {
        week_start: '2026-04-20',
        models_in_top_20: 8,
        total_tokens: '1600000000000',
        token_share_top50: 0.35,
        is_complete_week: true,
        as_of: '2026-04-28 02:00:00',
      },
      {
        week_start: '2026-04-27',
        models_in_top_20: 9,
        total_tokens: '300000000000',
        token_share_top50: 0.38,
        is_complete_week: false,
        as_of: '2026-04-29 02:00:00',
      },
    ]);
    const types = await readParquet(
      res.bytes,
      'select column_name, column_type from (describe select * from read_parquet($file))',
    );
    expect(types.map((r) => `${r.column_name} ${r.column_type}`)).toEqual([
      'week_start DATE',
      'category VARCHAR',
      'origin_country VARCHAR',
      'models_in_top_10 INTEGER',
      'models_in_top_20 INTEGER',
      'models_in_top_50 INTEGER',
      'total_tokens BIGINT',
      'token_share_top50 DOUBLE',
      'token_share_all_low DOUBLE',
      'token_share_all_high DOUBLE',
      'is_complete_week BOOLEAN',
      'as_of TIMESTAMP',
    ]);
  });

  it('builds the file once per build of the marts, and again after a new build', async () => {
    const first = await get('/data/openrouter_weekly_top_models.parquet');
    const build = first.headers.get('x-build');
    expect(build).toMatch(/^20260429T030000-[0-9a-f]{12}$/);
    const file = path.join(t.config.dataDir, 'exports', build!, 'openrouter_weekly_top_models.parquet');
    const written = fs.statSync(file);
    // Concurrent and later requests are served the same file, not a new one.
    const again = await Promise.all([1, 2, 3].map(() => get('/data/openrouter_weekly_top_models.parquet')));
    expect(again.map((r) => r.headers.get('x-build'))).toEqual([build, build, build]);
    expect(again.every((r) => Buffer.compare(Buffer.from(r.bytes), Buffer.from(first.bytes)) === 0)).toBe(true);
    expect(fs.statSync(file).mtimeMs).toBe(written.mtimeMs);
    expect(fs.statSync(file).ino).toBe(written.ino);

    // A transform rewrites the marts and meta.marts in one transaction; this stands in for one.
    await t.db.run("delete from marts.openrouter_weekly_top_models where category = 'programming'");
    await t.db.run(
      "update meta.marts set built_at = '2026-04-30 03:00:00', row_count = 8 where name = 'openrouter_weekly_top_models'",
    );
    const next = await get('/data/openrouter_weekly_top_models.parquet');
    const nextBuild = next.headers.get('x-build');
    expect(nextBuild).toMatch(/^20260430T030000-[0-9a-f]{12}$/);
    expect(await readParquet(next.bytes, 'select count(*)::integer as n from read_parquet($file)')).toEqual([{ n: 8 }]);
    expect(await readParquet(first.bytes, 'select count(*)::integer as n from read_parquet($file)')).toEqual([
      { n: 9 },
    ]);
    // The older build's folder is gone once nothing is being written.
    expect(fs.readdirSync(path.join(t.config.dataDir, 'exports'))).toEqual([nextBuild]);
  });

  it('answers 404 in the one error shape for an unknown mart, a mart not built yet and a path trick', async () => {
    for (const [url, error] of [
      ['/data/nope.parquet', 'unknown mart: "nope.parquet"; see /api/marts'],
      ['/data/not_built.parquet', 'mart not_built has not been built yet: run `adoption-tracker transform`'],
      ['/data/..%2Fadoption.parquet', 'unknown mart: "../adoption.parquet"; see /api/marts'],
    ] as const) {
      const res = await get(url);
      expect(res.status).toBe(404);
      expect(JSON.parse(strFromU8(res.bytes))).toEqual({ ok: false, error, status: 404 });
    }
  });
});

describe('GET /api/marts', () => {
  it('gives each mart’s Parquet URL beside its CSV and JSON', async () => {
    const res = await fetch(`${server.url}/api/marts`);
    const { marts } = (await res.json()) as {
      marts: Array<{ name: string; csv: string; json: string; parquet: string }>;
    };
    expect(marts.map((m) => [m.name, m.csv, m.json, m.parquet])[2]).toEqual([
      'openrouter_weekly_origin_share',
      '/data/openrouter_weekly_origin_share.csv',
      '/data/openrouter_weekly_origin_share.json',
      '/data/openrouter_weekly_origin_share.parquet',
    ]);
  });
});

describe('GET /data/all.zip', () => {
  let entries: Record<string, Uint8Array>;
  const root = 'adoption-tracker-data/';

  beforeAll(async () => {
    const res = await get('/data/all.zip');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="adoption-tracker-data.zip"');
    entries = unzipSync(res.bytes);
  });

  it('holds every built mart as CSV and Parquet, the dictionary and the sources', () => {
    expect(Object.keys(entries).sort()).toEqual([
      `${root}README.md`,
      `${root}SOURCES.md`,
      `${root}csv/hf_many.csv`,
      `${root}csv/openrouter_weekly_origin_share.csv`,
      `${root}csv/openrouter_weekly_top_models.csv`,
      `${root}dictionary.csv`,
      `${root}parquet/hf_many.parquet`,
      `${root}parquet/openrouter_weekly_origin_share.parquet`,
      `${root}parquet/openrouter_weekly_top_models.parquet`,
    ]);
  });

  it('generates the data dictionary from the marts’ headers, columns and types', () => {
    const readme = strFromU8(entries[`${root}README.md`]!);
    expect(readme).toContain(
      'Every table (mart) of adoption-tracker, built 2026-04-30 03:00:00 UTC; the latest data in it is as of 2026-04-29 02:00:00 UTC.',
    );
    expect(readme).toContain(
      '| [openrouter_weekly_origin_share](#openrouter_weekly_origin_share) | 10 | 2026-04-29 02:00:00 |',
    );
    // The header as stored in meta.marts, its labelled lines as items.
    const section = readme.slice(
      readme.indexOf('## openrouter_weekly_origin_share'),
      readme.indexOf('## openrouter_weekly_top_models'),
    );
    expect(section).toBe(
      [
        '## openrouter_weekly_origin_share',
        '',
        'openrouter_weekly_origin_share: synthetic test header',
        '- **grain**: one row per week_start x category x origin_country',
        '- **units**: shares are fractions in [0, 1]',
        '- **definition**: token_share_top50 = origin tokens / named tokens (über-synthetic, 100% made up)',
        '',
        'Files: `csv/openrouter_weekly_origin_share.csv`, `parquet/openrouter_weekly_origin_share.parquet`; 10 rows; as of 2026-04-29 02:00:00 UTC.',
        '',
        '| # | column | type |',
        '|---|---|---|',
        '| 1 | `week_start` | DATE |',
        '| 2 | `category` | VARCHAR |',
        '| 3 | `origin_country` | VARCHAR |',
        '| 4 | `models_in_top_10` | INTEGER |',
        '| 5 | `models_in_top_20` | INTEGER |',
        '| 6 | `models_in_top_50` | INTEGER |',
        '| 7 | `total_tokens` | BIGINT |',
        '| 8 | `token_share_top50` | DOUBLE |',
        '| 9 | `token_share_all_low` | DOUBLE |',
        '| 10 | `token_share_all_high` | DOUBLE |',
        '| 11 | `is_complete_week` | BOOLEAN |',
        '| 12 | `as_of` | TIMESTAMP |',
        '',
        '',
      ].join('\n'),
    );
    expect(ORIGIN_SHARE_HEADER.split('\n')[0]).toBe('openrouter_weekly_origin_share: synthetic test header');
    const dictionary = strFromU8(entries[`${root}dictionary.csv`]!).split('\n');
    expect(dictionary.slice(0, 5)).toEqual([
      'mart,position,column,type',
      'hf_many,1,i,INTEGER',
      'hf_many,2,t,VARCHAR',
      'openrouter_weekly_origin_share,1,week_start,DATE',
      'openrouter_weekly_origin_share,2,category,VARCHAR',
    ]);
    expect(dictionary).toHaveLength(1 + 2 + 12 + 10 + 1);
  });

  it('names each source with its licence and citation', () => {
    const sources = strFromU8(entries[`${root}SOURCES.md`]!);
    expect(sources).toContain('## OpenRouter');
    expect(sources).toContain('licensed **CC BY 4.0** (https://creativecommons.org/licenses/by/4.0/)');
    expect(sources).toContain('"Source: OpenRouter (openrouter.ai/rankings), as of {as_of}"');
    expect(sources).toContain('Tables: `openrouter_weekly_origin_share`, `openrouter_weekly_top_models`.');
    expect(sources).toContain('## Hugging Face Hub');
    expect(sources).toContain('Cite as "Source: Hugging Face Hub (huggingface.co), as of {as_of}".');
    expect(sources).toContain('Tables: `hf_many`.');
    // No mart uses ATOM's lists: its notice is left out.
    expect(sources).not.toContain('ATOM');
  });

  it('writes a mart larger than one chunk whole, the header once', () => {
    const csv = strFromU8(entries[`${root}csv/hf_many.csv`]!).split('\n');
    expect(csv).toHaveLength(1 + 5000 + 1);
    expect(csv.filter((line) => line === 'i,t')).toHaveLength(1);
    expect([csv[1], csv[2049], csv[5000], csv[5001]]).toEqual(["0,'=x0", "2048,'=x2048", "4999,'=x4999", '']);
  });

  it('neutralises text cells a spreadsheet would run, and keeps NULL empty', () => {
    const csv = strFromU8(entries[`${root}csv/openrouter_weekly_top_models.csv`]!).split('\n');
    expect(csv[0]).toBe(
      'week_start,category,rank,model_permaslug,author,organisation,origin_country,total_tokens,days_in_week,as_of',
    );
    expect(csv).toContain(
      `2026-04-20,all,22,"'=HYPERLINK(""http://evil.example"",""x"")",'@evil,'-2+3,UNKNOWN,5,7,2026-04-28 02:00:00`,
    );
    expect(csv).toContain('2026-04-20,all,4,stealth/mystery-model,stealth,,UNKNOWN,12345678,7,2026-04-28 02:00:00');
  });

  it('carries Parquet files with the exact text (no neutralisation there)', async () => {
    const rows = await readParquet(
      entries[`${root}parquet/openrouter_weekly_top_models.parquet`]!,
      'select model_permaslug, author from read_parquet($file) where rank = 22',
    );
    expect(rows).toEqual([{ model_permaslug: '=HYPERLINK("http://evil.example","x")', author: '@evil' }]);
  });
});

describe('the SQL page’s files and policy', () => {
  it('serves DuckDB-Wasm and parquet-wasm from node_modules, and only the files the page needs', async () => {
    const wasm = await get('/vendor/duckdb-wasm/duckdb-eh.wasm');
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect([...wasm.bytes.slice(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
    const worker = await get('/vendor/duckdb-wasm/duckdb-browser-eh.worker.js');
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval'");
    const parquet = await get('/vendor/parquet-wasm/parquet_wasm_bg.wasm');
    expect(parquet.status).toBe(200);
    expect(parquet.headers.get('content-type')).toBe('application/wasm');
    for (const other of [
      'duckdb-wasm/duckdb-node.cjs',
      'duckdb-wasm/duckdb-coi.wasm',
      'duckdb-wasm/..%2Fpackage.json',
      'parquet-wasm/parquet_wasm.js',
      'express/index.js',
    ]) {
      expect((await get(`/vendor/${other}`)).status).toBe(404);
    }
  });

  it('allows WebAssembly and a same-origin worker on /sql only; inline script stays forbidden everywhere', async () => {
    const sql = (await get('/sql')).headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      sql.split(';').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
    );
    expect(directives['script-src']).toBe("'self' 'wasm-unsafe-eval'");
    expect(directives['worker-src']).toBe("'self'");
    expect(directives['script-src-attr']).toBe("'none'");
    expect(directives['default-src']).toBe("'self'");
    for (const page of ['/', '/openrouter', '/data/openrouter_weekly_origin_share.json']) {
      const csp = (await get(page)).headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toContain('wasm-unsafe-eval');
    }
  });
});
