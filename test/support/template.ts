/**
 * Data folders built once and copied for each test that asks for one: the shipped seed history loaded and
 * transformed costs seconds of CPU, a copy of the folder tens of milliseconds.
 *
 * `fromTemplate(name, build)` gives a fresh copy of the folder that `build(dir)` fills. Every caller gets its own copy
 * to change as it likes. Where the folder comes from, first found first:
 * 1. the cache of earlier runs on this machine (`<os temp>/adoption-test-template-cache/<name>@<inputs hash>`), kept
 *    only for the same inputs: the hash covers the content and path of every file under TEMPLATE_INPUTS (the
 *    product's code, SQL, migrations and seed history, these helpers, the lock file), node's version and the UTC
 *    day, so any change to what a build reads gives another key and a build from scratch, never a stale template.
 *    Entries of other inputs not used for an hour are removed. ADOPTION_TEST_TEMPLATE_CACHE names another folder, or
 *    `off`.
 * 2. this run's templates, in the folder the global setup names in ADOPTION_TEST_TEMPLATES (removed when the run
 *    ends; outside vitest's global setup, a script importing a helper, a folder of this process): the first caller in
 *    the run builds it under a lock, the other workers wait for the folder to appear; the builder then stores it in
 *    the cache.
 *
 * A template must not hold its own absolute path (a copy would still point into the template): `build` must close
 * every database it opened, and the build fails if a file of the folder names it.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tempDir } from './tmp.ts';

export const TEMPLATES_ENV = 'ADOPTION_TEST_TEMPLATES';
export const TEMPLATE_CACHE_ENV = 'ADOPTION_TEST_TEMPLATE_CACHE';
const POLL_MS = 25;
/**
 * Cache entries of other inputs are removed once unused for this long (about 50 MB each; every edit of an input makes
 * a new one). Far longer than a run: an entry a run still copies from is never removed under it.
 */
const STALE_MS = 60 * 60 * 1000;
const REPO = path.resolve(import.meta.dirname, '../..');

/** What a template's build may read, relative to the repository: folders are taken whole. */
export const TEMPLATE_INPUTS = [
  'app',
  'bin',
  'dashboard',
  'db',
  'ingest',
  'lib',
  'transform',
  'test/support',
  'test/dashboard/seeded.ts',
  'package-lock.json',
];
/** Never inputs: built output and dependencies. */
const SKIPPED = new Set(['node_modules', 'dist', '.git']);

let processRoot: string | undefined;
const building = new Map<string, Promise<string>>();
let repositoryHash: string | undefined;

function templatesRoot(): string {
  const fromSetup = process.env[TEMPLATES_ENV];
  if (fromSetup) return fromSetup;
  if (!processRoot) {
    processRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'adoption-templates-'));
    const root = processRoot;
    process.once('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  }
  return processRoot;
}

function cacheRoot(): string | undefined {
  const named = process.env[TEMPLATE_CACHE_ENV];
  if (named === 'off') return undefined;
  return named || path.join(os.tmpdir(), 'adoption-test-template-cache');
}

/** A name usable as a folder name; the caller keys a template by everything its build depends on. */
export function templateKey(...parts: string[]): string {
  return parts.join('-').replace(/[^a-zA-Z0-9_.-]+/g, '_');
}

/**
 * sha256 over node's version, `salt`, and the path and content of every file under `inputs` (relative to `root`).
 */
export function inputsHash(root: string, inputs: readonly string[], salt = ''): string {
  const hash = crypto.createHash('sha256').update(`node ${process.version}\n${salt}\n`);
  const visit = (relative: string) => {
    const full = path.join(root, relative);
    const stat = fs.statSync(full, { throwIfNoEntry: false });
    if (!stat) {
      hash.update(`missing ${relative}\n`);
    } else if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) {
        if (!SKIPPED.has(entry)) visit(path.join(relative, entry));
      }
    } else if (stat.isFile()) {
      const content = fs.readFileSync(full);
      hash.update(`file ${relative} ${content.length}\n`).update(content);
    }
  };
  for (const input of inputs) visit(input);
  return hash.digest('hex').slice(0, 24);
}

function assertRelocatable(dir: string): void {
  const needle = Buffer.from(dir);
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (fs.readFileSync(file).includes(needle))
      throw new Error(`template file ${path.relative(dir, file)} names the template's own path ${dir}`);
  }
}

async function waitFor(ready: string, failed: string): Promise<string> {
  for (;;) {
    if (fs.existsSync(ready)) return ready;
    if (fs.existsSync(failed)) throw new Error(fs.readFileSync(failed, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Where a template is looked for and built: the run's folder, the cache (none: no cache), the inputs' hash. */
export interface TemplateRoots {
  run: string;
  cache: string | undefined;
  inputs: string;
}

/**
 * The hash of the repository's TEMPLATE_INPUTS, once per process: they do not change during a run. Salted with the
 * UTC day: a build that runs on the real clock (test/support/transformed.ts) stamps that day's times into its data.
 */
function repositoryInputs(): string {
  repositoryHash ??= inputsHash(REPO, TEMPLATE_INPUTS, new Date().toISOString().slice(0, 10));
  return repositoryHash;
}

/** Copies a built template into the cache (whole, then renamed) and removes other entries of it gone stale. */
function store(cache: string, name: string, key: string, ready: string): void {
  try {
    fs.mkdirSync(cache, { recursive: true });
    const partial = path.join(cache, `${key}.partial-${process.pid}`);
    fs.cpSync(ready, partial, { recursive: true });
    try {
      fs.renameSync(partial, path.join(cache, key));
    } catch {
      // Another run stored the same inputs first: theirs is as good.
      fs.rmSync(partial, { recursive: true, force: true });
    }
    const now = Date.now();
    for (const entry of fs.readdirSync(cache)) {
      if (!entry.startsWith(`${name}@`) || entry === key) continue;
      const stat = fs.statSync(path.join(cache, entry), { throwIfNoEntry: false });
      if (stat && now - stat.mtimeMs > STALE_MS) fs.rmSync(path.join(cache, entry), { recursive: true, force: true });
    }
  } catch {
    // The cache only saves time: a run whose cache cannot be written builds again next time.
  }
}

/**
 * The folder of template `name`: from the cache if it holds these inputs, else this run's, built by this caller if
 * no one built it yet in this run (and then stored in the cache).
 */
export function templateIn(roots: TemplateRoots, name: string, build: (dir: string) => Promise<void>): Promise<string> {
  const memo = `${roots.run}\n${roots.cache}\n${roots.inputs}\n${name}`;
  let pending = building.get(memo);
  if (!pending) {
    pending = (async () => {
      const key = `${name}@${roots.inputs}`;
      if (roots.cache) {
        const cached = path.join(roots.cache, key);
        try {
          const now = new Date();
          // Marks it used, so no run removes it as stale.
          fs.utimesSync(cached, now, now);
          return cached;
        } catch {
          // Not cached: built below.
        }
      }
      const ready = path.join(roots.run, name);
      const failed = path.join(roots.run, `${name}.failed`);
      try {
        // mkdir is atomic: the one worker that creates the lock builds, the others wait for `ready`.
        fs.mkdirSync(path.join(roots.run, `${name}.lock`));
      } catch {
        return waitFor(ready, failed);
      }
      const partial = path.join(roots.run, `${name}.partial-${process.pid}`);
      try {
        fs.mkdirSync(partial);
        await build(partial);
        assertRelocatable(partial);
        fs.renameSync(partial, ready);
      } catch (error) {
        fs.writeFileSync(failed, `building the test template ${name} failed: ${(error as Error).stack ?? error}`);
        throw error;
      }
      if (roots.cache) store(roots.cache, name, key, ready);
      return ready;
    })();
    building.set(memo, pending);
  }
  return pending;
}

function template(name: string, build: (dir: string) => Promise<void>): Promise<string> {
  return templateIn({ run: templatesRoot(), cache: cacheRoot(), inputs: repositoryInputs() }, name, build);
}

/** Copies the template `name` into `dir` (made if missing; what it holds with the same names is replaced). */
export async function copyTemplate(name: string, build: (dir: string) => Promise<void>, dir: string): Promise<void> {
  fs.cpSync(await template(name, build), dir, { recursive: true });
}

/** A fresh copy of the template `name` in a temp folder, removed by `cleanup`. */
export async function fromTemplate(
  name: string,
  build: (dir: string) => Promise<void>,
): Promise<{ dir: string; cleanup: () => void }> {
  const copy = tempDir();
  try {
    await copyTemplate(name, build, copy.dir);
  } catch (error) {
    copy.cleanup();
    throw error;
  }
  return copy;
}
