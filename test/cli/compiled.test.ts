/**
 * The compiled CLI (dist/, built by the tests' global setup as by `npm install`): what each entry loads up front, and
 * the one-line message when it was never built.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/tmp.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST = path.join(ROOT, 'dist');

/**
 * Packages a module of dist/ imports statically, following its static imports of other chunks; with `requires`, also
 * the packages its bundled CommonJS code `require`s (DuckDB's client is bundled, its native binding required).
 */
function staticPackages(entry: string, seen = new Set<string>(), requires = false): Set<string> {
  const packages = new Set<string>();
  if (seen.has(entry)) return packages;
  seen.add(entry);
  const text = fs.readFileSync(entry, 'utf8');
  for (const [, spec] of text.matchAll(/^import\s+(?:[^'";]*?\s+from\s+)?["']([^"']+)["'];?$/gm)) {
    if (spec!.startsWith('.')) {
      for (const p of staticPackages(path.resolve(path.dirname(entry), spec!), seen, requires)) packages.add(p);
    } else if (!spec!.startsWith('node:')) {
      packages.add(spec!.startsWith('@') ? spec!.split('/').slice(0, 2).join('/') : spec!.split('/')[0]!);
    }
  }
  if (requires) for (const [, spec] of text.matchAll(/require\("(@duckdb\/[^"]+)"\)/g)) packages.add(spec!);
  return packages;
}

function chunk(prefix: string): string {
  const name = fs.readdirSync(path.join(DIST, 'chunks')).find((f) => f.startsWith(`${prefix}-`) && f.endsWith('.js'));
  if (!name) throw new Error(`no chunk ${prefix}-*.js in dist/chunks`);
  return path.join(DIST, 'chunks', name);
}

describe('the compiled CLI', () => {
  it('loads only commander up front: --help touches no database, SDK, server or bundler', () => {
    expect([...staticPackages(path.join(DIST, 'cli.js'))]).toEqual(['commander']);
  });

  it('sql, export and status load DuckDB but neither the collectors’ SDKs nor the server', () => {
    const packages = staticPackages(chunk('commands'), new Set(), true);
    // DuckDB's JavaScript client is bundled (no per-start parse of its CommonJS files); its native binding is loaded.
    expect(packages).toContain('@duckdb/node-bindings');
    expect(packages).not.toContain('@duckdb/node-api');
    for (const heavy of ['@openrouter/sdk', '@huggingface/hub', 'express', 'helmet', 'esbuild', 'node-cron', 'd3']) {
      expect(packages, heavy).not.toContain(heavy);
    }
  });

  it('warns in one line, and still runs, when a source is newer than dist/', () => {
    const root = tempDir();
    try {
      fs.mkdirSync(path.join(root.dir, 'bin'));
      fs.mkdirSync(path.join(root.dir, 'dist'));
      fs.mkdirSync(path.join(root.dir, 'lib'));
      fs.copyFileSync(path.join(ROOT, 'bin', 'adoption-tracker.js'), path.join(root.dir, 'bin', 'adoption-tracker.js'));
      fs.writeFileSync(path.join(root.dir, 'dist', 'cli.js'), "console.log('the built CLI ran');\n");
      fs.writeFileSync(path.join(root.dir, 'lib', 'time.ts'), 'export {};\n');
      const run = () =>
        spawnSync(process.execPath, [path.join(root.dir, 'bin', 'adoption-tracker.js')], { encoding: 'utf8' });
      fs.utimesSync(
        path.join(root.dir, 'lib', 'time.ts'),
        new Date('2026-01-01T00:00:00Z'),
        new Date('2026-01-01T00:00:00Z'),
      );
      fs.utimesSync(
        path.join(root.dir, 'dist', 'cli.js'),
        new Date('2026-01-02T00:00:00Z'),
        new Date('2026-01-02T00:00:00Z'),
      );
      expect([run().stdout, run().stderr]).toEqual(['the built CLI ran\n', '']);
      fs.utimesSync(
        path.join(root.dir, 'lib', 'time.ts'),
        new Date('2026-01-03T00:00:00Z'),
        new Date('2026-01-03T00:00:00Z'),
      );
      const stale = run();
      expect([stale.status, stale.stdout, stale.stderr]).toEqual([
        0,
        'the built CLI ran\n',
        'adoption-tracker: warning: sources changed since dist/ was built; run `npm run build`\n',
      ]);
    } finally {
      root.cleanup();
    }
  });

  it('fails in one line naming the fix when dist/ was never built', () => {
    const root = tempDir();
    try {
      fs.mkdirSync(path.join(root.dir, 'bin'));
      fs.copyFileSync(path.join(ROOT, 'bin', 'adoption-tracker.js'), path.join(root.dir, 'bin', 'adoption-tracker.js'));
      const result = spawnSync(process.execPath, [path.join(root.dir, 'bin', 'adoption-tracker.js'), '--help'], {
        encoding: 'utf8',
      });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        'adoption-tracker: not built yet (dist/cli.js is missing): run `npm install` or `npm run build`\n',
      );
    } finally {
      root.cleanup();
    }
  });
});
