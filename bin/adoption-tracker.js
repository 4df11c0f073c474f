#!/usr/bin/env node
// The `adoption-tracker` command: runs the CLI compiled ahead of time into dist/ by `npm install` (its `prepare`
// script) or `npm run build`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(root, 'dist', 'cli.js');
if (!fs.existsSync(compiled)) {
  process.stderr.write(
    'adoption-tracker: not built yet (dist/cli.js is missing): run `npm install` or `npm run build`\n',
  );
  process.exit(1);
}

/** The newest modification time of the TypeScript the bundle is made of (a few hundred stats: milliseconds). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'web' && entry.name !== 'node_modules') newest = Math.max(newest, newestSource(file));
    } else if (entry.name.endsWith('.ts')) {
      newest = Math.max(newest, fs.statSync(file).mtimeMs);
    }
  }
  return newest;
}

// Sources edited (or pulled) after the last build: say so once, and run what was built.
const built = fs.statSync(compiled).mtimeMs;
const dirs = ['bin', 'lib', 'app', 'db', 'ingest', 'transform', 'dashboard'].map((d) => path.join(root, d));
if (dirs.some((d) => fs.existsSync(d) && newestSource(d) > built)) {
  process.stderr.write('adoption-tracker: warning: sources changed since dist/ was built; run `npm run build`\n');
}
await import(pathToFileURL(compiled).href);
