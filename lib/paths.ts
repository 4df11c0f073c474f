/**
 * The package root, found from wherever this module runs: the TypeScript sources (`lib/`) or the compiled bundle
 * (`dist/`). SQL files, migrations, seeds and the page's sources are read from it at run time, so the compiled CLI
 * and the sources read the same files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'transform'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`adoption-tracker: cannot find the package root above ${start}`);
  }
}

export const PACKAGE_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** A path inside the package, e.g. `fromRoot('transform', 'marts')`. */
export function fromRoot(...parts: string[]): string {
  return path.join(PACKAGE_ROOT, ...parts);
}
