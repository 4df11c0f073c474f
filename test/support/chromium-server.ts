/**
 * Global setup of the browser project: one Chromium for the whole run, which every browser test file connects to
 * (`browserContext()` in test/support/browser.ts) for a fresh context of its own, instead of launching a Chromium per
 * file. Started without waiting for it: the workers start meanwhile, and the first file that needs it waits for the
 * file named in ADOPTION_TEST_CHROMIUM to hold its endpoint (or the launch error, which that file then throws).
 * Closed when the run ends. Only runs when the run has browser test files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_SERVER_ENV, type ChromiumServerState, resolveChromium } from './browser.ts';

export default function setup(): (() => Promise<void>) | undefined {
  if (process.env[CHROMIUM_SERVER_ENV]) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adoption-chromium-server-'));
  const file = path.join(dir, 'endpoint.json');
  process.env[CHROMIUM_SERVER_ENV] = file;
  const write = (state: ChromiumServerState) => {
    // Written whole, then renamed: a reader never sees half a file.
    fs.writeFileSync(`${file}.partial`, JSON.stringify(state));
    fs.renameSync(`${file}.partial`, file);
  };
  const server = (async () => {
    const choice = await resolveChromium();
    return chromium.launchServer({ executablePath: choice.executablePath, args: choice.args, headless: true });
  })().then(
    (launched) => {
      write({ wsEndpoint: launched.wsEndpoint() });
      return launched;
    },
    (error: Error) => {
      write({ error: error.message });
      return undefined;
    },
  );
  return async () => {
    await (await server)?.close();
    delete process.env[CHROMIUM_SERVER_ENV];
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
