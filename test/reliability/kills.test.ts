/**
 * Issue 9: a seeded campaign of at least 20 SIGKILLs aimed at collect, transform and publish of a real owner
 * process (test/reliability/kills.ts). After each: the live database opens, no row of a half-finished run is visible,
 * publish temp files are removed, the published copy is complete; at the end the next run converges to exactly the
 * clean result, with no row lost or duplicated. SYNTHETIC dataset (test/reliability/kill-dataset.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { transformSubset } from '../support/transform-subset.ts';
import { tempDir } from '../support/tmp.ts';
import { runKillCampaign } from './kills.ts';

const dirs = [tempDir('adoption-kills-'), tempDir('adoption-clean-'), tempDir('adoption-kill-transform-')];
afterAll(() => {
  for (const d of dirs) d.cleanup();
});

const OPENROUTER_MARTS = [
  'openrouter_daily_model_tokens',
  'openrouter_weekly_origin_share',
  'openrouter_weekly_top_models',
];

describe('SIGKILL at random points of collect, transform and publish', () => {
  it('20 kills (seed 9): every one survived, and the next run converges to the clean result', async () => {
    // The owner transforms the OpenRouter marts only (the checked mart and the weekly ones over it): the same
    // runTransform, one transaction, a fifth of the models of the whole tree.
    const transformDir = transformSubset(dirs[2]!.dir, OPENROUTER_MARTS);
    const report = await runKillCampaign({
      seed: 9,
      kills: 20,
      dataDir: dirs[0]!.dir,
      cleanDir: dirs[1]!.dir,
      transformDir,
    });
    expect(report.violations).toEqual([]);
    expect(report.kills).toBe(20);
    // Every phase was hit at least once (the seed decides how often).
    expect(Object.values(report.killsByPhase).every((n) => n > 0)).toBe(true);
    expect({ rowsLost: report.rowsLost, rowsDuplicated: report.rowsDuplicated, converged: report.converged }).toEqual({
      rowsLost: 0,
      rowsDuplicated: 0,
      converged: true,
    });
  }, 240_000);
});
