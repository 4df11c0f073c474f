/**
 * Debian's chromium driven by playwright-core, headless, with a fresh profile that is removed on close.
 * Never `npx playwright install`: its browser download is unreachable here, and CI installs the Debian package.
 */
import fs from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';
import { tempDir } from './tmp.ts';

export const CHROMIUM = '/usr/bin/chromium';

export class ChromiumMissingError extends Error {
  override name = 'ChromiumMissingError';
  constructor(executablePath: string) {
    super(`Chromium is not installed at ${executablePath}: install it with \`apt-get update && apt-get install -y chromium\``);
  }
}

export async function launchBrowser(
  options: { viewport?: { width: number; height: number }; executablePath?: string } = {},
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const executablePath = options.executablePath ?? CHROMIUM;
  if (!fs.existsSync(executablePath)) throw new ChromiumMissingError(executablePath);
  const profile = tempDir('adoption-chromium-');
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile.dir, {
      executablePath,
      headless: true,
      viewport: options.viewport ?? { width: 1024, height: 900 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (error) {
    profile.cleanup();
    throw error;
  }
  return {
    context,
    close: async () => {
      await context.close();
      profile.cleanup();
    },
  };
}
