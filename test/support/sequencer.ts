/**
 * The order test files start in. Vitest starts the files that took longest in the previous run first, from its results
 * cache in node_modules/.vite; on a fresh clone (what .ci/run makes: `npm ci` removes node_modules) it has no such
 * cache and starts the largest files first, which puts short files with long tests (one kill campaign, one fuzz run)
 * at the end, where they alone make the tail of the run. So while any file lacks a cached result, the files listed
 * below, longest first, start before the others of their project; the rest keep vitest's order.
 */
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files whose tests take longest for their size (seconds each, four workers on an idle 2-core machine), longest
 * first; the short files left over fill the end of the run.
 */
export const LONGEST_FIRST = [
  // browser project
  'test/dashboard/second-edition-screenshots.browser.test.ts',
  'test/dashboard/views-more.browser.test.ts',
  'test/dashboard/views-openrouter.browser.test.ts',
  'test/dashboard/second-edition.browser.test.ts',
  'test/dashboard/hostile.browser.test.ts',
  'test/dashboard/sql.browser.test.ts',
  'test/dashboard/page.browser.test.ts',
  // unit project
  'test/reliability/fuzz.test.ts',
  'test/reliability/kills.test.ts',
  'test/e2e/openrouter-slice.test.ts',
  'test/cli/serve-lifecycle.test.ts',
  'test/transform/incremental.test.ts',
  'test/ingest/openrouter-seed.test.ts',
  'test/transform/insights.test.ts',
  'test/cli/cli.test.ts',
  'test/db/live.test.ts',
  'test/ingest/hub-crawl.test.ts',
  'test/ingest/openrouter.test.ts',
  'test/ingest/faults.test.ts',
  'test/transform/huggingface.test.ts',
  'test/ingest/huggingface.test.ts',
  'test/ingest/schedule.test.ts',
  'test/e2e/huggingface-slice.test.ts',
  'test/db/lake.test.ts',
  'test/ingest/crash.test.ts',
  'test/db/lake-example.test.ts',
  'test/reliability/shutdown.test.ts',
];

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const relative = (spec: TestSpecification) =>
      path.relative(this.ctx.config.root, spec.moduleId).split(path.sep).join('/');
    const cached = (spec: TestSpecification) =>
      this.ctx.cache.getFileTestResults(`${spec.project.name}:${relative(spec)}`) !== undefined;
    if (sorted.every(cached)) return sorted;
    const projects = [...new Set(sorted.map((spec) => spec.project.name))];
    const rank = (spec: TestSpecification) => {
      const at = LONGEST_FIRST.indexOf(relative(spec));
      return at < 0 ? LONGEST_FIRST.length : at;
    };
    return sorted
      .map((spec, at) => ({ spec, at }))
      .sort(
        (a, b) =>
          projects.indexOf(a.spec.project.name) - projects.indexOf(b.spec.project.name) ||
          rank(a.spec) - rank(b.spec) ||
          a.at - b.at,
      )
      .map(({ spec }) => spec);
  }
}
