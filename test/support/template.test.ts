/**
 * test/support/template.ts: a template is built once per set of inputs; a later run with the same inputs copies it
 * from the cache without building, and any change to an input (content or name) builds it again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inputsHash, TEMPLATE_INPUTS, templateIn, type TemplateRoots } from './template.ts';
import { tempDir } from './tmp.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function folder(): string {
  const t = tempDir('adoption-template-test-');
  cleanups.push(t.cleanup);
  return t.dir;
}

/** A repository of two input files, a cache, and a build that records each call and writes what it read. */
function fixture() {
  const repo = folder();
  fs.mkdirSync(path.join(repo, 'sql'));
  fs.writeFileSync(path.join(repo, 'sql', 'model.sql'), 'select 1');
  fs.writeFileSync(path.join(repo, 'seed.csv'), 'a\n1\n');
  const cache = folder();
  const builds: string[] = [];
  const build = async (dir: string) => {
    const text = fs.readFileSync(path.join(repo, 'sql', 'model.sql'), 'utf8');
    builds.push(text);
    fs.writeFileSync(path.join(dir, 'built.txt'), text);
  };
  /** A new run: its own run folder (as each `npm test` gets from the global setup), the inputs hashed anew. */
  const run = (name = 'demo'): Promise<string> => {
    const roots: TemplateRoots = { run: folder(), cache, inputs: inputsHash(repo, ['sql', 'seed.csv']) };
    return templateIn(roots, name, build);
  };
  return { repo, cache, builds, run };
}

describe('inputsHash()', () => {
  it('is the same for the same files and changes with any byte or name', () => {
    const { repo } = fixture();
    const first = inputsHash(repo, ['sql', 'seed.csv']);
    expect(inputsHash(repo, ['sql', 'seed.csv'])).toBe(first);
    fs.writeFileSync(path.join(repo, 'seed.csv'), 'a\n2\n');
    const changed = inputsHash(repo, ['sql', 'seed.csv']);
    expect(changed).not.toBe(first);
    fs.renameSync(path.join(repo, 'sql', 'model.sql'), path.join(repo, 'sql', 'other.sql'));
    expect(inputsHash(repo, ['sql', 'seed.csv'])).not.toBe(changed);
    // A missing input counts too: it is not the same as an empty one.
    expect(inputsHash(repo, ['sql', 'seed.csv', 'gone'])).not.toBe(inputsHash(repo, ['sql', 'seed.csv']));
    // The salt (the day, for the repository's templates) too.
    expect(inputsHash(repo, ['sql'], '2026-11-29')).not.toBe(inputsHash(repo, ['sql'], '2026-11-30'));
  });

  it('covers what the template builds read: migrations, seed history, the transform, the lock file', () => {
    const covered = (file: string) => TEMPLATE_INPUTS.some((input) => file === input || file.startsWith(`${input}/`));
    expect(
      ['db/migrations', 'ingest/seed-history', 'transform/marts', 'transform/seeds', 'package-lock.json'].filter(
        (file) => !covered(file),
      ),
    ).toEqual([]);
  });
});

describe('templateIn()', () => {
  it('builds once for the same inputs: a later run copies the cached template without building', async () => {
    const { cache, builds, run } = fixture();
    const first = await run();
    expect(fs.readFileSync(path.join(first, 'built.txt'), 'utf8')).toBe('select 1');
    const second = await run();
    expect(builds).toEqual(['select 1']);
    expect(path.dirname(second)).toBe(cache);
    expect(fs.readFileSync(path.join(second, 'built.txt'), 'utf8')).toBe('select 1');
  });

  it('builds again when an input changed, and serves the new build, never the stale one', async () => {
    const { repo, builds, run } = fixture();
    await run();
    fs.writeFileSync(path.join(repo, 'sql', 'model.sql'), 'select 2');
    const rebuilt = await run();
    expect(builds).toEqual(['select 1', 'select 2']);
    expect(fs.readFileSync(path.join(rebuilt, 'built.txt'), 'utf8')).toBe('select 2');
    // A seed the build does not read is an input all the same: a third build, to be safe.
    fs.writeFileSync(path.join(repo, 'seed.csv'), 'a\n3\n');
    await run();
    expect(builds).toEqual(['select 1', 'select 2', 'select 2']);
  });

  it('builds without a cache when there is none (ADOPTION_TEST_TEMPLATE_CACHE=off)', async () => {
    const { repo, builds } = fixture();
    const run = () =>
      templateIn({ run: folder(), cache: undefined, inputs: inputsHash(repo, ['sql']) }, 'demo', async (dir) => {
        builds.push('built');
        fs.writeFileSync(path.join(dir, 'x'), '');
      });
    await run();
    await run();
    expect(builds).toEqual(['built', 'built']);
  });
});
