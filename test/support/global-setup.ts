/**
 * Once before the tests: compile the CLI into dist/ (as `npm install` does), so the tests that spawn
 * bin/adoption-tracker.js run the code as it is now, never a stale build; and make the folder of this run's data
 * templates (test/support/template.ts), removed when the run ends.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error: a plain .mjs script without types
import { build } from '../../scripts/build.mjs';
import { TEMPLATES_ENV } from './template.ts';

let built: Promise<void> | undefined;

export default async function setup(): Promise<(() => void) | undefined> {
  // One folder for the whole run: the setup runs once per project, and the workers inherit the variable.
  let templates: string | undefined;
  if (!process.env[TEMPLATES_ENV]) {
    templates = fs.mkdtempSync(path.join(os.tmpdir(), 'adoption-templates-'));
    process.env[TEMPLATES_ENV] = templates;
  }
  built ??= build();
  await built;
  return templates ? () => fs.rmSync(templates, { recursive: true, force: true }) : undefined;
}
