/** `status` shows a whole-Hub crawl's progress from its progress file, also while another process holds the database. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { statusCommand, type Io } from '../../bin/commands.ts';
import { progressFile } from '../../ingest/hub-crawl.ts';
import { loadConfig } from '../../lib/config.ts';
import { silentLogger } from '../../lib/log.ts';
import { tempDir } from '../support/tmp.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('status with a whole-Hub crawl', () => {
  it('prints the crawl line (text) and the hf_crawl object (--json)', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const progress = {
      crawlId: 3,
      day: '2026-08-22',
      pages: 120,
      models: 119_500,
      expectedPages: 2000,
      resumedFromPage: 40,
      done: false,
      updatedAt: '2026-08-22T05:10:00.000Z',
    };
    fs.mkdirSync(path.dirname(progressFile(dir)), { recursive: true });
    fs.writeFileSync(progressFile(dir), JSON.stringify(progress));
    const lines: string[] = [];
    const io: Io = { out: (t) => lines.push(t), log: silentLogger };
    const config = loadConfig({ ADOPTION_DATA_DIR: dir });
    expect(await statusCommand(config, {}, io)).toBe(0);
    expect(lines.join('\n').split('\n')).toContain(
      'whole-Hub crawl 3 of 2026-08-22: in progress or interrupted, 120 of ~2000 pages, 119500 models (as of 2026-08-22T05:10:00.000Z)',
    );
    lines.length = 0;
    expect(await statusCommand(config, { json: true }, io)).toBe(0);
    expect((JSON.parse(lines.join('\n')) as { hf_crawl: unknown }).hf_crawl).toEqual(progress);
  });
});
