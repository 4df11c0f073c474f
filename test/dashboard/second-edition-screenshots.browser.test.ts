/**
 * The dashboard's second edition (issue 8) in Debian chromium, over the REAL shipped seed history as a fresh install
 * loads it, with the server's clock on 2028-01-01: long after the history ends, as for anyone who runs it without a
 * key or network. Nothing here depends on how many days the shipped history holds: expected values are read from
 * the same JSON routes the page uses, or are the page's own words. Screenshots of every view at 1440x900 and
 * 360x740 go to test-results/screenshots/.
 * This file holds the screenshots of every view; second-edition.browser.test.ts the rest (split to run in parallel).
 */

import { describe, expect, it } from 'vitest';
import {
  VIEWS,
  errors,
  open,
  page,
  shot,
  topHubModel,
  topModel,
  useSecondEditionSite,
} from './second-edition-fixture.ts';

useSecondEditionSite();

describe('screenshots of every view', () => {
  for (const entry of VIEWS) {
    it(`${entry} at 1440x900 and 360x740, without errors`, async () => {
      errors.length = 0;
      const [view, name] = entry.startsWith('model:')
        ? entry === 'model:openrouter'
          ? [`/model?id=${encodeURIComponent(await topModel())}`, 'model-openrouter']
          : [`/model?channel=huggingface&id=${encodeURIComponent(await topHubModel())}`, 'model-huggingface']
        : [entry, entry === '/' ? 'overview' : entry.slice(1)];
      await open(view);
      await shot(`v2-${name}-1440`);
      await open(view, { width: 360, height: 740 });
      await shot(`v2-${name}-360`);
      // Nothing wider than the screen at 360 px: wide tables wrap instead of scrolling the page.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      expect(errors).toEqual([]);
    });
  }
});
