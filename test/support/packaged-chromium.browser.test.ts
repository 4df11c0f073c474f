/**
 * The last fallback of resolveChromium() really works: the Chromium shipped inside the @sparticuz/chromium npm
 * package (no apt, no download) unpacks, launches through playwright-core and renders a page.
 */
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { resolveChromium } from './browser.ts';

describe('the Chromium packaged in @sparticuz/chromium', () => {
  it('launches headless and renders a page', async () => {
    const choice = await resolveChromium({ env: {}, exists: () => false });
    expect(choice.from).toBe('@sparticuz/chromium');
    const browser = await chromium.launch({ executablePath: choice.executablePath, args: choice.args, headless: true });
    try {
      const page = await browser.newPage();
      await page.setContent('<main><h1>adoption-tracker</h1><p id="n">42</p></main>');
      expect(await page.textContent('#n')).toBe('42');
      expect(await page.evaluate(() => document.title.length + document.querySelectorAll('h1').length)).toBe(1);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
