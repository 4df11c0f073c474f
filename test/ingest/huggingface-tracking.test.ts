import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveTrackedOrgs, tracking } from '../../ingest/tracking.ts';
import { tempDir } from '../support/tmp.ts';

const SYNTHETIC_ORIGINS = path.resolve(import.meta.dirname, '../fixtures/huggingface/synthetic-origins.csv');

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe('tracking.huggingface', () => {
  it('tracks the top 1000 and the registry organisations, with bounded lineage', () => {
    expect(tracking.huggingface).toEqual({
      topN: 1000,
      trackedOrgs: 'registry',
      lineageMaxDepth: 6,
      lineageMaxFetches: 2000,
    });
  });
});

describe('resolveTrackedOrgs()', () => {
  it("'registry' takes the Hub authors of the origin registry except REDIST ones, each once", () => {
    expect(resolveTrackedOrgs({ trackedOrgs: 'registry' }, SYNTHETIC_ORIGINS)).toEqual([
      'Qwen',
      'meta-llama',
      'SomeLab',
    ]);
  });

  it('reads the shipped registry: developers in, re-uploaders out', () => {
    const orgs = resolveTrackedOrgs({ trackedOrgs: 'registry' });
    expect(orgs).toEqual(expect.arrayContaining(['Qwen', 'deepseek-ai', 'meta-llama', 'mistralai', 'google']));
    expect(orgs.filter((o) => ['bartowski', 'unsloth', 'TheBloke', 'mradermacher'].includes(o))).toEqual([]);
  });

  it('an explicit list is used as given, without duplicates', () => {
    expect(resolveTrackedOrgs({ trackedOrgs: ['Qwen', 'deepseek-ai', 'Qwen'] })).toEqual(['Qwen', 'deepseek-ai']);
  });

  it('a registry without the expected columns is an error naming the file', () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const file = path.join(dir, 'origins.csv');
    fs.writeFileSync(file, 'platform,org,country\nhuggingface,Qwen,CN\n');
    expect(() => resolveTrackedOrgs({ trackedOrgs: 'registry' }, file)).toThrow(
      `${file}: expected columns platform, author, country`,
    );
  });
});
