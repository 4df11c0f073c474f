import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/support/sequencer.ts';

/**
 * Two projects: `unit` (everything that runs in Node: unit, transform, replay, CLI and end-to-end tests) and
 * `browser` (`*.browser.test.ts`: the page in Chromium). `npm test` runs both after the type check;
 * `npm run test:unit` is the quick loop.
 */
export default defineConfig({
  test: {
    // DuckDB files and the replay server are per test file. Four workers on two cores: many files spend their time
    // waiting on a child process (the CLI, a killed owner, Chromium), so extra workers fill the gaps. Measured on an
    // idle 2-core machine, whole `npm test`: 3 workers 186 s (1.6 cores busy on average), 4 workers 164 s.
    pool: 'forks',
    maxWorkers: 4,
    // One worker process runs many files: the modules they share (DuckDB's client, express, the transform, playwright)
    // load once per worker instead of once per file. On 21 small unit files: 29 s of CPU with isolation, 18 s without
    // (load 6-9). Tests keep no state in shared modules: each file opens its own databases, servers and browser.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/support/global-setup.ts'],
    // One DuckDB thread per database in the workers (the four workers fill the two cores already): 20-30% less CPU
    // in every load and transform (test/support/duckdb-threads.ts).
    setupFiles: ['test/support/duckdb-threads.ts'],
    // On a fresh clone, start the files with the longest tests first (test/support/sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/**/*.browser.test.ts'] },
      },
      {
        extends: true,
        // One Chromium for the run's browser files, started only when the run has any (a fresh context per file).
        test: {
          name: 'browser',
          include: ['test/**/*.browser.test.ts'],
          globalSetup: ['test/support/chromium-server.ts'],
        },
      },
    ],
  },
});
