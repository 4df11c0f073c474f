/**
 * Data folders built once per test run and copied for each test that asks for one: the shipped seed history loaded
 * and transformed costs seconds of CPU, a copy of the folder tens of milliseconds.
 *
 * `fromTemplate(name, build)` gives a fresh copy of the folder that `build(dir)` fills. The first caller in the run
 * builds it (under a lock: the other workers wait for the folder to appear), every caller gets its own copy to
 * change as it likes. Templates live in the folder the global setup names in ADOPTION_TEST_TEMPLATES and are removed
 * when the run ends; outside vitest's global setup (a script importing a helper) they go to a folder of this process.
 *
 * A template must not hold its own absolute path (a copy would still point into the template): `build` must close
 * every database it opened, and the build fails if a file of the folder names it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tempDir } from './tmp.ts';

export const TEMPLATES_ENV = 'ADOPTION_TEST_TEMPLATES';
const POLL_MS = 25;

let processRoot: string | undefined;
const building = new Map<string, Promise<string>>();

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

/** A name usable as a folder name; the caller keys a template by everything its build depends on. */
export function templateKey(...parts: string[]): string {
  return parts.join('-').replace(/[^a-zA-Z0-9_.-]+/g, '_');
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

/** The template folder of `name`, built by this caller if no one built it yet in this run. */
function template(name: string, build: (dir: string) => Promise<void>): Promise<string> {
  let pending = building.get(name);
  if (!pending) {
    pending = (async () => {
      const root = templatesRoot();
      const ready = path.join(root, name);
      const failed = path.join(root, `${name}.failed`);
      try {
        // mkdir is atomic: the one worker that creates the lock builds, the others wait for `ready`.
        fs.mkdirSync(path.join(root, `${name}.lock`));
      } catch {
        return waitFor(ready, failed);
      }
      const partial = path.join(root, `${name}.partial-${process.pid}`);
      try {
        fs.mkdirSync(partial);
        await build(partial);
        assertRelocatable(partial);
        fs.renameSync(partial, ready);
        return ready;
      } catch (error) {
        fs.writeFileSync(failed, `building the test template ${name} failed: ${(error as Error).stack ?? error}`);
        throw error;
      }
    })();
    building.set(name, pending);
  }
  return pending;
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
