/**
 * Setup file of every test worker: each DuckDB database the tests open in a worker runs on one thread, unless the
 * opener names `threads` itself.
 *
 * Why: `npm test` runs four workers on two cores, so the cores are already full; DuckDB's default (a thread per core)
 * only adds hand-offs between threads on the small tables of the tests. Measured on the seeded-history build
 * (test/dashboard/seeded.ts: load and full transform): 3.5-3.8 s of CPU with the default, 2.6-2.9 s with one thread
 * (the same choice db/publish.ts makes for its commit). Results do not depend on the thread count (tests that read
 * parallel aggregates round them); processes the tests spawn (the CLI, the kill campaign's owner) keep the default.
 *
 * A departure from "db/connection.ts is the only importer of @duckdb/node-api": the product keeps its default, and the
 * test harness alone changes it, here, without a setting in the product. The worker shares this module instance with
 * db/connection.ts (vitest loads packages in node_modules through node, once per worker), so the wrapper applies to
 * every Database.open of the tests; the marker keeps it from wrapping twice when one worker runs many files.
 */
import { DuckDBInstance } from '@duckdb/node-api';

const WRAPPED = Symbol.for('adoption-tracker.test.duckdb-threads');
const instances = DuckDBInstance as unknown as {
  create: (path?: string, options?: Record<string, string>) => Promise<DuckDBInstance>;
  [WRAPPED]?: true;
};

if (!instances[WRAPPED]) {
  const create = instances.create.bind(DuckDBInstance);
  instances.create = (path, options) => create(path, { threads: '1', ...options });
  instances[WRAPPED] = true;
}
