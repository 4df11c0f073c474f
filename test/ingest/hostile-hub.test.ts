/**
 * Issue 9, hostile repo ids through the real Hugging Face collector (replay with a SYNTHETIC fixture of hostile ids),
 * the transform and the CSV a person downloads: formula cells neutralised, JSON untouched.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../dashboard/app.ts';
import { createHuggingFaceSource } from '../../ingest/huggingface.ts';
import { runSource } from '../../ingest/run.ts';
import { runTransform } from '../../transform/run.ts';
import { serve } from '../dashboard/serve.ts';
import { startReplayServer, type ReplayServer } from '../support/replay/server.ts';
import { tempDatabase } from '../support/tmp.ts';

const HOSTILE = path.resolve(import.meta.dirname, '../fixtures/huggingface/hostile-models.synthetic.json');
const NOW = new Date('2026-08-22T12:00:00Z');
let replay: ReplayServer;
let t: Awaited<ReturnType<typeof tempDatabase>>;
let site: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  replay = await startReplayServer({ now: NOW, huggingface: { syntheticFile: HOSTILE } });
  t = await tempDatabase({ HF_ENDPOINT: replay.hfEndpoint });
  const source = createHuggingFaceSource(
    { trackedOrgs: [], topN: 32, lineageMaxDepth: 6, lineageMaxFetches: 2000 },
    { sleep: async () => undefined },
  );
  const run = await runSource(source, {
    db: t.db,
    config: t.config,
    now: () => NOW,
    http: { minBackoffMs: 1, maxBackoffMs: 2 },
  });
  expect(run.status).toBe('succeeded');
  await runTransform(t.db, { now: () => NOW });
  site = await serve(createApp({ db: t.db, config: t.config }));
}, 120_000);

afterAll(async () => {
  await site?.close();
  t?.cleanup();
  await replay?.close();
});

describe('hostile Hub repo ids', () => {
  it('/data/hf_top_models.csv neutralises them; numbers stay numbers', async () => {
    const csv = await (await fetch(`${site.url}/data/hf_top_models.csv?day=2026-08-22&_sort=rank`)).text();
    const lines = csv.trimEnd().split('\n');
    expect(lines).toHaveLength(33);
    expect(lines[31]).toMatch(/^2026-08-22,31,'@evil\/formula-synthetic,/);
    expect(lines[32]).toMatch(/^2026-08-22,32,"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)\/synthetic",/);
    expect(csv).not.toMatch(/(^|,)"?[=@]/m);
  });

  it('/data/hf_top_models.json keeps them as collected', async () => {
    const body = (await (
      await fetch(`${site.url}/data/hf_top_models.json?day=2026-08-22&_sort=rank&_offset=30`)
    ).json()) as {
      rows: Array<{ model_id: string }>;
    };
    expect(body.rows.map((r) => r.model_id)).toEqual([
      '@evil/formula-synthetic',
      '=HYPERLINK("http://evil.example","x")/synthetic',
    ]);
  });
});
