/**
 * The `reliability` figures of issue 9, one line: faults injected and survived (the fault matrix's OpenRouter
 * faults, replayed against the real collector), kills survived (the seeded SIGKILL campaign), fuzzed requests and
 * their 5xx count, rows lost or duplicated (after the kills, against the clean run). Losses must all be 0.
 *
 * `runReliability()` is for the bench runner (bench/run.ts); run alone with `npm run bench:reliability`.
 * BENCH_KILLS and BENCH_FUZZ_REQUESTS shrink or grow the campaign (defaults 20 and 10,000).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createOpenRouterRankingsSource } from '../ingest/openrouter.ts';
import { runSource } from '../ingest/run.ts';
import type { OpenRouterFault } from '../test/support/replay/openrouter.ts';
import { startReplayServer } from '../test/support/replay/server.ts';
import { tempDatabase } from '../test/support/tmp.ts';
import { fuzzApp } from '../test/reliability/fuzz.ts';
import { runKillCampaign } from '../test/reliability/kills.ts';

const ARCHIVE = path.resolve(import.meta.dirname, '../test/fixtures/openrouter/rankings-small.synthetic.csv');
const NOW = new Date('2026-08-22T23:59:59Z');
const WINDOW = { from: '2026-08-10', to: '2026-08-21' };
const RANKINGS = '/datasets/rankings-daily';
const HTTP = { minBackoffMs: 1, maxBackoffMs: 5, timeoutMs: 400, sleep: async () => undefined };

interface FaultCase {
  name: string;
  fault: OpenRouterFault;
  /** Transient: the run succeeds with the clean data. Permanent: the run fails and the previous data stays. */
  transient: boolean;
}

const dataOf = (body: unknown) => (body as { data: Array<Record<string, unknown>> }).data;

const CASES: FaultCase[] = [
  { name: '500 burst', fault: { path: RANKINGS, status: 500, times: 3 }, transient: true },
  { name: '502 burst', fault: { path: RANKINGS, status: 502, times: 3 }, transient: true },
  { name: '503 burst', fault: { path: RANKINGS, status: 503, times: 3 }, transient: true },
  { name: '429 Retry-After', fault: { path: RANKINGS, status: 429, times: 2, retryAfterSeconds: 3 }, transient: true },
  { name: 'slow past timeout', fault: { path: RANKINGS, status: 200, times: 1, hang: true }, transient: true },
  { name: 'reset mid-body', fault: { path: RANKINGS, status: 200, times: 2, resetAfterBytes: 500 }, transient: true },
  { name: '429 storm', fault: { path: RANKINGS, status: 429, times: 100, retryAfterSeconds: 1 }, transient: false },
  { name: '401 revoked key', fault: { path: RANKINGS, status: 401, times: 100 }, transient: false },
  {
    name: 'truncated JSON',
    fault: { path: RANKINGS, status: 200, times: 100, body: '{"data": [{"date": "2026-08' },
    transient: false,
  },
  {
    name: 'wrong envelope',
    fault: { path: RANKINGS, status: 200, times: 100, mutate: (b) => ({ rows: dataOf(b) }) },
    transient: false,
  },
  {
    name: 'number as string',
    fault: { path: RANKINGS, status: 200, times: 100, mutate: (b) => ((dataOf(b)[0]!.total_tokens = 5), b) },
    transient: false,
  },
  {
    name: 'day served twice',
    fault: {
      path: RANKINGS,
      status: 200,
      times: 100,
      mutate: (b) => (dataOf(b).push({ ...dataOf(b)[0]!, total_tokens: '1' }), b),
    },
    transient: false,
  },
];

async function snapshotRows(t: Awaited<ReturnType<typeof tempDatabase>>): Promise<string> {
  return JSON.stringify(
    await t.db.json(
      "select strftime(date, '%Y-%m-%d') as d, model_permaslug, total_tokens::varchar as n from raw.openrouter_rankings order by 1, 2",
    ),
  );
}

async function faultMatrix(): Promise<{ injected: number; survived: number; failures: string[] }> {
  const source = createOpenRouterRankingsSource({ categories: [] });
  const collect = async (faults: OpenRouterFault[], t?: Awaited<ReturnType<typeof tempDatabase>>) => {
    const replay = await startReplayServer({
      now: NOW,
      openrouter: { csvFile: ARCHIVE, rateLimitPerMinute: 100_000, faults },
    });
    const db =
      t ?? (await tempDatabase({ OPENROUTER_BASE_URL: replay.openrouterBaseUrl, OPENROUTER_API_KEY: 'bench-key' }));
    try {
      const run = await runSource(source, {
        db: db.db,
        config: { ...db.config, openrouterBaseUrl: replay.openrouterBaseUrl },
        window: WINDOW,
        now: () => NOW,
        http: HTTP,
      });
      return { run, t: db };
    } finally {
      await replay.close();
    }
  };
  const clean = await collect([]);
  const cleanRows = await snapshotRows(clean.t);
  clean.t.cleanup();
  let survived = 0;
  const failures: string[] = [];
  for (const c of CASES) {
    const fault = { ...c.fault };
    let ok: boolean;
    if (c.transient) {
      const { run, t } = await collect([fault]);
      ok = run.status === 'succeeded' && (await snapshotRows(t)) === cleanRows;
      t.cleanup();
    } else {
      const first = await collect([]);
      const { run } = await collect([fault], first.t);
      ok = run.status === 'failed' && !run.message?.includes('\n') && (await snapshotRows(first.t)) === cleanRows;
      first.t.cleanup();
    }
    if (ok) survived += 1;
    else failures.push(c.name);
  }
  return { injected: CASES.length, survived, failures };
}

export interface ReliabilityFigures {
  faultsInjected: number;
  faultsSurvived: number;
  kills: number;
  killsSurvived: number;
  fuzzedRequests: number;
  fuzz5xx: number;
  rowsLost: number;
  rowsDuplicated: number;
  notes: string[];
}

export async function runReliability(
  options: { kills?: number; fuzzRequests?: number } = {},
): Promise<ReliabilityFigures> {
  const faults = await faultMatrix();
  const killDir = fs.mkdtempSync(path.join(os.tmpdir(), 'adoption-bench-kills-'));
  const cleanDir = fs.mkdtempSync(path.join(os.tmpdir(), 'adoption-bench-clean-'));
  let kills: Awaited<ReturnType<typeof runKillCampaign>>;
  try {
    kills = await runKillCampaign({ seed: 9, kills: options.kills ?? 20, dataDir: killDir, cleanDir });
  } finally {
    fs.rmSync(killDir, { recursive: true, force: true });
    fs.rmSync(cleanDir, { recursive: true, force: true });
  }
  const fuzz = await fuzzApp({ seed: 9, requests: options.fuzzRequests ?? 10_000, concurrency: 4 });
  return {
    faultsInjected: faults.injected,
    faultsSurvived: faults.survived,
    kills: kills.kills,
    killsSurvived: kills.violations.length === 0 && kills.converged ? kills.kills : 0,
    fuzzedRequests: fuzz.requests,
    fuzz5xx: fuzz.status5xx,
    rowsLost: kills.rowsLost,
    rowsDuplicated: kills.rowsDuplicated,
    notes: [...faults.failures.map((f) => `fault not survived: ${f}`), ...kills.violations, ...fuzz.examples],
  };
}

export function reliabilityLine(f: ReliabilityFigures): string {
  return (
    `reliability      faults ${f.faultsSurvived}/${f.faultsInjected} survived, kills ${f.killsSurvived}/${f.kills} survived, ` +
    `fuzz ${f.fuzzedRequests} requests ${f.fuzz5xx} 5xx, rows lost ${f.rowsLost}, duplicated ${f.rowsDuplicated}`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await runReliability({
    kills: process.env.BENCH_KILLS ? Number(process.env.BENCH_KILLS) : undefined,
    fuzzRequests: process.env.BENCH_FUZZ_REQUESTS ? Number(process.env.BENCH_FUZZ_REQUESTS) : undefined,
  });
  console.log(reliabilityLine(figures));
  for (const note of figures.notes) console.log(`  ${note}`);
}
