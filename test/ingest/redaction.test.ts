/**
 * Issue 9, defect 2: an upstream that echoes the key back (a 401 body quoting the Authorization header, an old key,
 * a Hub token) never puts it into meta.runs, meta.job_state (live and published), kept payloads, the log, `collect`
 * output, `status --json` or /api/status. Runs the real collector against the replay with a SYNTHETIC archive.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectCommand, statusCommand, type Io } from '../../bin/commands.ts';
import { createApp } from '../../dashboard/app.ts';
import { Database } from '../../db/connection.ts';
import { livePath, publishedPath } from '../../db/publish.ts';
import { loadConfig, type Config } from '../../lib/config.ts';
import { createLogger } from '../../lib/log.ts';
import { redactSecrets } from '../../lib/redact.ts';
import { serve } from '../dashboard/serve.ts';
import { startReplayServer, type ReplayServer } from '../support/replay/server.ts';
import { tempDir } from '../support/tmp.ts';

const ARCHIVE = path.resolve(import.meta.dirname, '../fixtures/openrouter/rankings-hostile.synthetic.csv');
const CURRENT_KEY = `sk-or-v1-${'f'.repeat(64)}`;
// SYNTHETIC secrets an upstream might echo: an earlier key and a Hub token, neither configured here.
const OLD_KEY = 'sk-or-v1-0123456789abcdef0123456789abcdef';
const HUB_TOKEN = 'hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345';
const LEAKS = /sk-or-v1-[0-9a-f]|hf_AbCd|f{16}/;

let replay: ReplayServer;
let dir: { dir: string; cleanup: () => void };
let config: Config;
const out: string[] = [];
const logged: string[] = [];

beforeAll(async () => {
  replay = await startReplayServer({
    now: new Date('2026-08-22T23:59:59Z'),
    openrouter: {
      csvFile: ARCHIVE,
      rateLimitPerMinute: 10_000,
      faults: [
        {
          path: '/datasets/rankings-daily',
          status: 401,
          times: 100,
          body: (req) =>
            JSON.stringify({
              error: {
                code: 401,
                message: `Invalid credentials. You sent Authorization: ${req.headers.authorization}; this account's previous key ${OLD_KEY} was revoked; linked token ${HUB_TOKEN}`,
              },
            }),
        },
      ],
    },
  });
  dir = tempDir();
  config = loadConfig({
    ADOPTION_DATA_DIR: dir.dir,
    ADOPTION_SEED_HISTORY: 'off',
    ADOPTION_SCHEDULE: 'off',
    OPENROUTER_BASE_URL: replay.openrouterBaseUrl,
    OPENROUTER_API_KEY: CURRENT_KEY,
  });
  const log = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _enc, done) {
        logged.push(String(chunk));
        done();
      },
    }),
  });
  const io: Io = { out: (t) => out.push(t), log };
  expect(
    await collectCommand(config, 'openrouter', { from: '2026-08-10', to: '2026-08-21' }, io, {
      http: { minBackoffMs: 1, maxBackoffMs: 2 },
    }),
  ).toBe(1);
}, 60_000);

afterAll(async () => {
  await replay?.close();
  dir?.cleanup();
});

describe('a 401 body that echoes the key', () => {
  it('fails the run with a message naming the status, every secret masked', () => {
    expect(out[0]).toMatch(/^openrouter: failed \(run \d+\): .*401/);
    expect(out[0]).toContain('Authorization: Bearer [redacted]');
    expect(out.join('\n')).not.toMatch(LEAKS);
  });

  it('stores no secret in meta.runs or meta.job_state, live or published', async () => {
    for (const file of [livePath(dir.dir), publishedPath(dir.dir)]) {
      const db = await Database.open(file, { readOnly: true });
      try {
        const [run] = await db.json<{ message: string }>("select message from meta.runs where source = 'openrouter'");
        const [state] = await db.json<{ last_message: string }>(
          "select last_message from meta.job_state where job = 'openrouter'",
        );
        expect(run!.message).toContain('[redacted]');
        expect(run!.message).not.toMatch(LEAKS);
        expect(state!.last_message).toBe(run!.message);
      } finally {
        db.close();
      }
    }
  });

  it('keeps the 401 payload with the secrets masked', () => {
    const files = fs
      .readdirSync(path.join(dir.dir, 'payloads'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const entry of files) {
      const text = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
      expect(text).not.toMatch(LEAKS);
      expect(text).toContain('Authorization: Bearer [redacted]');
    }
  });

  it('status --json, /api/status and the log show none of them', async () => {
    const status: string[] = [];
    await statusCommand(config, { json: true }, { out: (t) => status.push(t), log: createLogger({ level: 'silent' }) });
    expect(status.join('\n')).toContain('[redacted]');
    expect(status.join('\n')).not.toMatch(LEAKS);

    const db = await Database.open(publishedPath(dir.dir), { readOnly: true });
    const server = await serve(createApp({ db, config }));
    try {
      const text = await (await fetch(`${server.url}/api/status`)).text();
      expect(text).toContain('[redacted]');
      expect(text).not.toMatch(LEAKS);
    } finally {
      await server.close();
      db.close();
    }
    expect(logged.join('')).toContain('[redacted]');
    expect(logged.join('')).not.toMatch(LEAKS);
  });
});

describe('redactSecrets()', () => {
  it('masks known key shapes whoever they belong to, and configured values', () => {
    expect(
      redactSecrets(`a ${OLD_KEY} b ${HUB_TOKEN} c Bearer abc.def-123 d Authorization: bearer\tXyZ0987 e my-own-key`, [
        'my-own-key',
      ]),
    ).toBe('a [redacted] b [redacted] c Bearer [redacted] d Authorization: bearer\t[redacted] e [redacted]');
  });

  it('leaves ordinary model ids and text alone', () => {
    const text =
      'Qwen/Qwen3-8B-hf meta-llama/Llama-3.1-8B-Instruct hf_transfer hf_ModelConvertedToGGUF sk-learn sk-or-test Bearer';
    expect(redactSecrets(text)).toBe(text);
  });
});
