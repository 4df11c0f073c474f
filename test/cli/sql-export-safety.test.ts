/**
 * Issue 9, defects 1 and 3 at the CLI: `sql` runs one read-only query on a connection that cannot write anywhere,
 * refusing the rest in one line; `export --format csv` and `sql --format csv` neutralise formula cells, `--raw` does not.
 * The published file here is SYNTHETIC (two marts with hostile text), built without a transform.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand, sqlCommand, UsageError, type Io } from '../../bin/commands.ts';
import { Database } from '../../db/connection.ts';
import { livePath, publishedPath } from '../../db/publish.ts';
import { loadConfig, type Config } from '../../lib/config.ts';
import { silentLogger } from '../../lib/log.ts';
import { tempDir } from '../support/tmp.ts';

let dir: { dir: string; cleanup: () => void };
let config: Config;
let published: string;
let live: string;
const out: string[] = [];
const io: Io = { out: (t) => out.push(t), log: silentLogger };
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

beforeAll(async () => {
  dir = tempDir();
  config = loadConfig({ ADOPTION_DATA_DIR: dir.dir, ADOPTION_SCHEDULE: 'off' });
  published = publishedPath(dir.dir);
  live = livePath(dir.dir);
  for (const file of [published, live]) {
    const db = await Database.open(file);
    await db.run('create schema marts');
    await db.run(
      `create table marts.hf_top_models as select * from (values
         ('=HYPERLINK("http://evil.example","x")', -3::bigint, 'text-generation'),
         ('org/plain', 12::bigint, '@tag')
       ) v(model_id, downloads_30d, pipeline_tag)`,
    );
    db.close();
  }
});

afterAll(() => dir?.cleanup());

async function refused(query: string, message: string): Promise<void> {
  const before = sha(published);
  const failure = sqlCommand(config, query, {}, io);
  await expect(failure).rejects.toThrow(UsageError);
  await expect(failure).rejects.toThrow(message);
  expect(sha(published)).toBe(before);
}

const readOnly = (what: string) =>
  `sql runs one read-only query on the published database: ${what} is not allowed (use export to write files)`;

describe('sql is read-only (issue 9, defect 1)', () => {
  it('refuses COPY ... TO over the published file, and the file is unchanged', async () => {
    await refused(`copy (select 'x') to '${published}' (format csv)`, readOnly('COPY'));
    await refused(`  -- a comment first\n(copy (select 'x') to '${published}')`, readOnly('COPY'));
  });

  it('refuses ATTACH of the live file read-write, EXPORT DATABASE, INSTALL, LOAD, SET, DETACH', async () => {
    await refused(`attach '${live}' as l (read_only false)`, readOnly('ATTACH'));
    await refused(`export database '${path.join(dir.dir, 'dump')}'`, readOnly('EXPORT'));
    await refused('install httpfs', readOnly('INSTALL'));
    await refused('force install httpfs', readOnly('FORCE'));
    await refused('LOAD httpfs', readOnly('LOAD'));
    await refused('set enable_external_access = true', readOnly('SET'));
    await refused('reset lock_configuration', readOnly('RESET'));
    await refused('detach adoption', readOnly('DETACH'));
    expect(fs.existsSync(path.join(dir.dir, 'dump'))).toBe(false);
    const db = await Database.open(live, { readOnly: true });
    expect(
      await db.json("select count(*)::integer as n from information_schema.tables where table_schema = 'main'"),
    ).toEqual([{ n: 0 }]);
    db.close();
  });

  it('refuses more than one statement, and writes of any kind', async () => {
    await refused('select 1; select 2', readOnly('more than one statement (2)'));
    await refused("select 1; copy (select 1) to '/tmp/x.csv'", readOnly('more than one statement (2)'));
    await refused('create table marts.x as select 1', readOnly('CREATE'));
    await refused('delete from marts.hf_top_models', readOnly('DELETE'));
    await refused("insert into marts.hf_top_models values ('a', 1, 'b')", readOnly('INSERT'));
    await refused('explain analyze select 1', readOnly('EXPLAIN ANALYZE'));
  });

  it('cannot read other files or the network: only the published database', async () => {
    await expect(sqlCommand(config, "select * from read_csv('/etc/hostname')", {}, io)).rejects.toThrow(
      'Permission Error: Cannot access file "/etc/hostname" - file system operations are disabled by configuration',
    );
    await expect(sqlCommand(config, "select * from 'https://example.com/x.parquet'", {}, io)).rejects.toThrow(
      'file system operations are disabled by configuration',
    );
  });

  it('answers one query, a trailing semicolon allowed', async () => {
    out.length = 0;
    expect(
      await sqlCommand(
        config,
        'select model_id from marts.hf_top_models order by downloads_30d desc limit 1;',
        { format: 'json' },
        io,
      ),
    ).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual([{ model_id: 'org/plain' }]);
  });
});

describe('CSV formula neutralisation at the CLI (issue 9, defect 3)', () => {
  it('export --format csv quotes formula text cells; numbers stay numbers', async () => {
    out.length = 0;
    expect(await exportCommand(config, 'hf_top_models', { format: 'csv' }, io)).toBe(0);
    expect(out.join('\n')).toBe(
      [
        'model_id,downloads_30d,pipeline_tag',
        `"'=HYPERLINK(""http://evil.example"",""x"")",-3,text-generation`,
        "org/plain,12,'@tag",
      ].join('\n'),
    );
  });

  it('export --raw gives the values untouched', async () => {
    out.length = 0;
    expect(await exportCommand(config, 'hf_top_models', { format: 'csv', raw: true }, io)).toBe(0);
    expect(out.join('\n')).toBe(
      [
        'model_id,downloads_30d,pipeline_tag',
        `"=HYPERLINK(""http://evil.example"",""x"")",-3,text-generation`,
        'org/plain,12,@tag',
      ].join('\n'),
    );
  });

  it('sql --format csv quotes formula text cells; json stays untouched', async () => {
    out.length = 0;
    await sqlCommand(
      config,
      "select model_id, downloads_30d, '-1'::varchar as t, -1 as n from marts.hf_top_models order by 2",
      { format: 'csv' },
      io,
    );
    expect(out.join('\n')).toBe(
      [
        'model_id,downloads_30d,t,n',
        `"'=HYPERLINK(""http://evil.example"",""x"")",-3,'-1,-1`,
        "org/plain,12,'-1,-1",
      ].join('\n'),
    );
  });
});
