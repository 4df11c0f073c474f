/**
 * Issue 9, "one owner, no dead ends": the server listens on the published marts before any start-up work, transforms
 * at start only when its inputs changed since the last publish, stops gracefully (SIGTERM semantics: scheduling
 * stops, queued jobs are dropped, a running job finishes within a bound or is left uncommitted), and takes
 * `collect`/`transform` from the CLI over an owner-only Unix socket in the data folder. In process, no sleeps:
 * jobs are held on gates the test opens. SYNTHETIC sources; no shipped seed history.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collectCommand, serveCommand, transformCommand, type Io, type RunningServer } from '../../bin/commands.ts';
import { controlSocketPath } from '../../bin/control.ts';
import { Database } from '../../db/connection.ts';
import { livePath, publishedPath } from '../../db/publish.ts';
import type { RunResult, Source } from '../../ingest/run.ts';
import { sources as defaultSources } from '../../ingest/sources.ts';
import { loadConfig, type Config } from '../../lib/config.ts';
import { silentLogger } from '../../lib/log.ts';
import { PipelineStoppedError } from '../../app/pipeline.ts';
import type { SeedLoader } from '../../ingest/sources.ts';
import { tempDir } from '../support/tmp.ts';
import { transformedDataDir } from '../support/transformed.ts';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

/** A source whose fetch signals it started, then waits for the test to open its gate; it "writes" one row. */
function gatedSource(name = 'gated'): { source: Source; started: Promise<void>; release: () => void } {
  const started = gate();
  const held = gate();
  return {
    started: started.wait,
    release: held.open,
    source: {
      name,
      description: 'SYNTHETIC test source',
      schedule: '0 0 1 1 *',
      maxAgeHours: 1_000_000,
      unavailable: () => undefined,
      fetch: async () => {
        started.open();
        await held.wait;
        return { rowsFetched: 1, write: async () => 1 };
      },
    },
  };
}

function setup(): { dir: string; config: Config; lines: string[]; io: Io } {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const lines: string[] = [];
  const config = loadConfig({
    ADOPTION_DATA_DIR: dir,
    ADOPTION_SEED_HISTORY: 'off',
    ADOPTION_SCHEDULE: 'off',
    PORT: '0',
  });
  return { dir, config, lines, io: { out: (t) => lines.push(t), log: silentLogger } };
}

async function started(config: Config, options: Parameters<typeof serveCommand>[1] = {}): Promise<RunningServer> {
  const running = await serveCommand(config, { schedule: false, ...options });
  cleanups.push(async () => {
    const result = await running.close({ graceMs: 60_000 });
    expect(result.finished).toBe(true);
  });
  return running;
}

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('start-up: listen first, transform only when inputs changed', () => {
  it('answers from the published marts while start-up work is still running, and does not transform again', async () => {
    const { config } = setup();
    await transformedDataDir(config.dataDir);
    const before = sha(publishedPath(config.dataDir));
    const seedGate = gate();
    const seedStarted = gate();
    const seed: SeedLoader = async () => {
      seedStarted.open();
      await seedGate.wait;
      return {
        runId: 0,
        source: 'seed:synthetic',
        status: 'succeeded',
        rowsFetched: 0,
        rowsWritten: 0,
        message: null,
      } satisfies RunResult;
    };
    const running = await started({ ...config, loadSeedHistory: true }, { seeds: [seed] });
    await seedStarted.wait;
    expect(running.pipeline.running).toBe('start');
    const res = await fetch(`${running.url}/data/metric_definitions.json?_limit=1`);
    expect(res.status).toBe(200);
    expect(running.pipeline.running).toBe('start');
    seedGate.open();
    expect(await running.ready).toEqual({ transformSkipped: true });
    expect(sha(publishedPath(config.dataDir))).toBe(before);
  });

  it('transforms in the background at start when a run changed data since the last publish', async () => {
    const { config } = setup();
    await transformedDataDir(config.dataDir);
    const db = await Database.open(livePath(config.dataDir));
    await db.run(
      "insert into meta.runs (source, started_at, status, rows_written) values ('synthetic', '2026-01-01', 'succeeded', 5)",
    );
    db.close();
    const before = sha(publishedPath(config.dataDir));
    const running = await started(config);
    const result = await running.ready;
    expect(result.transformSkipped).toBeUndefined();
    expect(result.transformError).toBeUndefined();
    expect(result.publishedTo).toBe(publishedPath(config.dataDir));
    expect(sha(publishedPath(config.dataDir))).not.toBe(before);
  });
});

describe('graceful stop (what SIGTERM/SIGINT run)', () => {
  it('drops queued jobs, lets the running job finish, publishes nothing partial, closes', async () => {
    const { config } = setup();
    await transformedDataDir(config.dataDir);
    const gated = gatedSource();
    const running = await serveCommand(config, { schedule: false, sources: [gated.source] });
    await running.ready;
    const first = running.pipeline.collect('gated');
    const queued = running.pipeline.collect('gated');
    await gated.started;
    const closing = running.close({ graceMs: 60_000 });
    gated.release();
    expect((await first).run?.status).toBe('succeeded');
    // Queued behind it when the stop came: never started.
    await expect(queued).rejects.toThrow(PipelineStoppedError);
    expect(await closing).toEqual({ finished: true });
    const db = await Database.open(livePath(config.dataDir), { readOnly: true });
    try {
      expect(await db.json("select status from meta.runs where source = 'gated'")).toEqual([{ status: 'succeeded' }]);
    } finally {
      db.close();
    }
    expect(fs.existsSync(controlSocketPath(config.dataDir))).toBe(false);
    expect(fs.readdirSync(config.dataDir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('a job that does not finish within the bound is reported and left uncommitted', async () => {
    const { config } = setup();
    await transformedDataDir(config.dataDir);
    const gated = gatedSource();
    const running = await serveCommand(config, { schedule: false, sources: [gated.source] });
    await running.ready;
    const job = running.pipeline.collect('gated');
    await gated.started;
    expect(await running.close({ graceMs: 0 })).toEqual({ finished: false, running: 'collect gated' });
    // The process would exit here; in this test the job is let go so the file can close.
    gated.release();
    await job;
    running.pipeline.db.close();
  });
});

describe('the control socket', () => {
  it('is an owner-only Unix socket in the data folder', async () => {
    const { config } = setup();
    await transformedDataDir(config.dataDir); // the start finds its marts published: no transform
    const running = await started(config);
    await running.ready;
    expect(running.controlSocket).toBe(path.join(config.dataDir, 'control.sock'));
    const stat = fs.statSync(running.controlSocket!);
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it('collect and transform from the CLI hand the job to the running server and print its progress', async () => {
    const { config, lines, io } = setup();
    await transformedDataDir(config.dataDir); // the start finds its marts published: no transform
    const running = await started(config);
    await running.ready;
    expect(await collectCommand(config, 'openrouter', {}, io)).toBe(0);
    expect(lines[0]).toBe(`handing collect to the running server (${controlSocketPath(config.dataDir)})`);
    expect(lines[1]).toMatch(/^openrouter: skipped \(run \d+\): OPENROUTER_API_KEY is not set/);
    expect(lines.at(-1)).toBe(`published ${publishedPath(config.dataDir)}`);
    lines.length = 0;
    expect(await transformCommand(config, io)).toBe(0);
    expect(lines[0]).toBe(`handing transform to the running server (${controlSocketPath(config.dataDir)})`);
    expect(lines).toContain(
      'marts.metric_definitions: ' + lines.find((l) => l.startsWith('marts.metric_definitions: '))!.split(': ')[1],
    );
    expect(lines.at(-1)).toBe(`published ${publishedPath(config.dataDir)}`);
  });

  it("says when the job waits behind the server's running job", async () => {
    const { config, lines } = setup();
    await transformedDataDir(config.dataDir); // the start finds its marts published: no transform
    const gated = gatedSource();
    const running = await started(config, { sources: [gated.source, ...defaultSources] });
    await running.ready;
    const job = running.pipeline.collect('gated');
    await gated.started;
    const waiting = gate();
    const io: Io = {
      out: (t) => {
        lines.push(t);
        if (t.startsWith('waiting for')) waiting.open();
      },
      log: silentLogger,
    };
    const transform = transformCommand(config, io);
    await waiting.wait;
    expect(lines).toEqual([
      `handing transform to the running server (${controlSocketPath(config.dataDir)})`,
      "waiting for the server's running job (collect gated) to finish",
    ]);
    gated.release();
    await job;
    expect(await transform).toBe(0);
  });

  it('without a server (or with a socket a dead process left) the command runs itself', async () => {
    const { config, lines, io } = setup();
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(controlSocketPath(config.dataDir), '');
    expect(await transformCommand(config, io)).toBe(0);
    expect(lines[0]).not.toMatch(/^handing/);
    expect(lines.at(-1)).toBe(`published ${publishedPath(config.dataDir)}`);
  });
});
