import { describe, expect, it } from 'vitest';
import { CHROMIUM, resolveChromium } from './browser.ts';

const PACKAGED = { executablePath: '/tmp/chromium', args: ['--headless=shell', '--no-sandbox'] };

function environment(env: NodeJS.ProcessEnv, present: string[]) {
  const asked: string[] = [];
  return {
    asked,
    env,
    exists: (file: string) => present.includes(file),
    packaged: async () => {
      asked.push('packaged');
      return PACKAGED;
    },
  };
}

describe('resolveChromium()', () => {
  it('takes CHROMIUM_PATH first, even when Debian chromium is installed', async () => {
    const e = environment({ CHROMIUM_PATH: '/opt/chrome/chrome' }, ['/opt/chrome/chrome', CHROMIUM]);
    const choice = await resolveChromium(e);
    expect([choice.from, choice.executablePath]).toEqual(['CHROMIUM_PATH', '/opt/chrome/chrome']);
    expect(e.asked).toEqual([]);
  });

  it('fails naming CHROMIUM_PATH when it points at nothing, rather than falling back', async () => {
    const e = environment({ CHROMIUM_PATH: '/nope/chrome' }, [CHROMIUM]);
    await expect(resolveChromium(e)).rejects.toThrow(
      'CHROMIUM_PATH names /nope/chrome, which does not exist: point it at a Chromium, or unset it',
    );
  });

  it('takes /usr/bin/chromium next, without unpacking the packaged one', async () => {
    const e = environment({}, [CHROMIUM]);
    const choice = await resolveChromium(e);
    expect([choice.from, choice.executablePath]).toEqual(['system', '/usr/bin/chromium']);
    expect(e.asked).toEqual([]);
  });

  it('falls back to the Chromium inside @sparticuz/chromium, with its flags and ours once each', async () => {
    const e = environment({ CHROMIUM_PATH: '' }, []);
    const choice = await resolveChromium(e);
    expect(e.asked).toEqual(['packaged']);
    expect(choice.from).toBe('@sparticuz/chromium');
    expect(choice.executablePath).toBe('/tmp/chromium');
    expect(choice.args.slice(0, 2)).toEqual(['--headless=shell', '--no-sandbox']);
    expect(choice.args.filter((a) => a === '--no-sandbox')).toHaveLength(1);
    expect(choice.args).toContain('--disable-quic');
  });
});
