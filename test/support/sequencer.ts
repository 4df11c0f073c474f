/**
 * The order test files start in. Vitest starts the files that took longest in the previous run first, from its results
 * cache in node_modules/.vite; on a fresh clone (what .ci/run makes: `npm ci` removes node_modules) it has no such
 * cache and starts the largest files first, which puts short files with long tests (one kill campaign, one fuzz run)
 * at the end, where they alone make the tail of the run. So while any file lacks a cached result, the files listed
 * below, longest first, start before the others of their project; the rest keep vitest's order.
 */
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Files whose tests take longest for their size (seconds of CPU each), longest first. */
export const LONGEST_FIRST = [
  'test/reliability/fuzz.test.ts',
  'test/reliability/kills.test.ts',
  'test/e2e/openrouter-slice.test.ts',
  'test/cli/serve-lifecycle.test.ts',
  'test/transform/incremental.test.ts',
  'test/cli/cli.test.ts',
  'test/db/live.test.ts',
  'test/ingest/openrouter-seed.test.ts',
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
