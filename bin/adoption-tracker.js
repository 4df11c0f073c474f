#!/usr/bin/env node
// The `adoption-tracker` command: runs the CLI compiled ahead of time into dist/ by `npm install` (its `prepare`
// script) or `npm run build`.
import fs from 'node:fs';

const compiled = new URL('../dist/cli.js', import.meta.url);
if (!fs.existsSync(compiled)) {
  process.stderr.write('adoption-tracker: not built yet (dist/cli.js is missing): run `npm install` or `npm run build`\n');
  process.exit(1);
}
await import(compiled.href);
