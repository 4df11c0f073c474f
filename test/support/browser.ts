/**
 * A Chromium driven by playwright-core, headless, with a fresh profile that is removed on close. Which Chromium:
 * `CHROMIUM_PATH` if set, else Debian's /usr/bin/chromium, else the one shipped inside the `@sparticuz/chromium`
 * npm package (unpacked to the temp folder on first use), so the browser tests pass on a machine where nothing was
 * installed by hand. Never `npx playwright install`: its browser download is unreachable here.
 *
 * The browser test files open their pages with `browserContext()`: a fresh context (its own cookies, storage and
 * cache) in the one Chromium the browser project's global setup starts for the run (test/support/chromium-server.ts),
 * instead of a Chromium of their own per file (a launch is about 1 s of CPU). Outside that setup (a script importing
 * the helpers) it launches one.
 */
import fs from 'node:fs';
import { chromium, type BrowserContext, type Download, type Page } from 'playwright-core';
import { tempDir } from './tmp.ts';

/** Names the file where the run's shared Chromium writes its endpoint (test/support/chromium-server.ts). */
export const CHROMIUM_SERVER_ENV = 'ADOPTION_TEST_CHROMIUM';
const POLL_MS = 25;

export const CHROMIUM = '/usr/bin/chromium';

/** The flags every launch gets; a packaged Chromium adds its own. */
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChromiumChoice {
  executablePath: string;
  args: string[];
  /** Where it came from, for error messages and the test of the order. */
  from: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

export interface ChromiumEnvironment {
  env?: NodeJS.ProcessEnv;
  exists?: (file: string) => boolean;
  /** The packaged Chromium: its unpacked executable and its flags. */
  packaged?: () => Promise<{ executablePath: string; args: string[] }>;
}

async function sparticuz(): Promise<{ executablePath: string; args: string[] }> {
  const { default: packaged } = await import('@sparticuz/chromium');
  return { executablePath: await packaged.executablePath(), args: packaged.args };
}

/** CHROMIUM_PATH (which must exist), else /usr/bin/chromium, else the Chromium inside @sparticuz/chromium. */
export async function resolveChromium(environment: ChromiumEnvironment = {}): Promise<ChromiumChoice> {
  const env = environment.env ?? process.env;
  const exists = environment.exists ?? fs.existsSync;
  if (env.CHROMIUM_PATH) {
    if (!exists(env.CHROMIUM_PATH)) throw new ChromiumMissingError(env.CHROMIUM_PATH, 'CHROMIUM_PATH');
    return { executablePath: env.CHROMIUM_PATH, args: BASE_ARGS, from: 'CHROMIUM_PATH' };
  }
  if (exists(CHROMIUM)) return { executablePath: CHROMIUM, args: BASE_ARGS, from: 'system' };
  const packaged = await (environment.packaged ?? sparticuz)();
  return {
    executablePath: packaged.executablePath,
    args: [...new Set([...packaged.args, ...BASE_ARGS])],
    from: '@sparticuz/chromium',
  };
}

export class ChromiumMissingError extends Error {
  override name = 'ChromiumMissingError';
  constructor(executablePath: string, variable?: string) {
    super(
      variable
        ? `${variable} names ${executablePath}, which does not exist: point it at a Chromium, or unset it`
        : `Chromium is not installed at ${executablePath}: install it with \`apt-get update && apt-get install -y chromium\``,
    );
  }
}

type Viewport = { width: number; height: number };
const DEFAULT_VIEWPORT: Viewport = { width: 1024, height: 900 };

export interface BrowserHandle {
  context: BrowserContext;
  close: () => Promise<void>;
}

/** What the run's shared Chromium wrote: its endpoint, or why it could not start. */
export type ChromiumServerState = { wsEndpoint: string } | { error: string };

async function sharedEndpoint(file: string): Promise<string> {
  for (;;) {
    if (fs.existsSync(file)) {
      const state = JSON.parse(fs.readFileSync(file, 'utf8')) as ChromiumServerState;
      if ('error' in state) throw new Error(state.error);
      return state.wsEndpoint;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * A fresh browser context with its own storage: in the run's shared Chromium when the global setup started one (the
 * context, and the connection, closed by `close`), else in a Chromium launched for it (launchBrowser).
 */
export async function browserContext(options: { viewport?: Viewport } = {}): Promise<BrowserHandle> {
  const file = process.env[CHROMIUM_SERVER_ENV];
  if (!file) return launchBrowser(options);
  const browser = await chromium.connect(await sharedEndpoint(file));
  try {
    const context = await browser.newContext({ viewport: options.viewport ?? DEFAULT_VIEWPORT });
    return {
      context,
      close: async () => {
        await context.close();
        await browser.close();
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** The text of a download: read through playwright (a connected browser's download has no local path). */
export async function downloadText(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A Chromium of its own, with a fresh profile removed by `close`. */
export async function launchBrowser(
  options: { viewport?: Viewport; executablePath?: string } = {},
): Promise<BrowserHandle> {
  let choice: { executablePath: string; args: string[] };
  if (options.executablePath) {
    if (!fs.existsSync(options.executablePath)) throw new ChromiumMissingError(options.executablePath);
    choice = { executablePath: options.executablePath, args: BASE_ARGS };
  } else {
    choice = await resolveChromium();
  }
  const profile = tempDir('adoption-chromium-');
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile.dir, {
      executablePath: choice.executablePath,
      headless: true,
      viewport: options.viewport ?? DEFAULT_VIEWPORT,
      args: choice.args,
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

/**
 * A new page of `browser` whose console errors and warnings, and uncaught page errors, are pushed to `errors` (the
 * browser tests assert it stays empty).
 */
export async function watchedPage(browser: { context: BrowserContext }, errors: string[]): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') errors.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return page;
}
