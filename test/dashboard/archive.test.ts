/** The archive's generated texts: the data dictionary and the sources' notices (SYNTHETIC marts, no database). */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDictionary, findAtomLicence, sourcesNotice, type MartFile } from '../../dashboard/archive.ts';
import { neutraliseCell } from '../../lib/spreadsheet-safe.ts';
import { tempDir } from '../support/tmp.ts';

const root = tempDir('adoption-archive-');
afterAll(() => root.cleanup());

const hfMart: MartFile = {
  name: 'hf_atom_share',
  header: "hf_atom_share: synthetic\ngrain: one row per week\ndefinition: downloads of ATOM's curated models",
  columns: [{ name: 'week_start', type: 'DATE' }],
  rows: 3,
  asOf: '2026-04-29 02:00:00',
};
const bare: MartFile = {
  name: 'weekly_x',
  header: null,
  columns: [{ name: 'n', type: 'INTEGER' }],
  rows: 0,
  asOf: null,
};

describe('sourcesNotice()', () => {
  it('adds the ATOM Project’s Apache-2.0 notice only when a mart uses its lists, and names its licence file', () => {
    const text = sourcesNotice([hfMart], '/x/LICENSE');
    expect(text).toContain('## ATOM Project');
    expect(text).toContain('licensed under the **Apache License 2.0** (https://www.apache.org/licenses/LICENSE-2.0)');
    expect(text).toContain("The ATOM Project's licence: LICENSE-ATOM.txt.");
    expect(text).toContain('Tables: `hf_atom_share`.');
    const without = sourcesNotice([bare], null);
    expect(without).not.toContain('ATOM');
    // A mart whose SQL lineage is unknown (these synthetic ones) is cited to both sources.
    expect(without).toContain('## OpenRouter');
    expect(without).toContain('## Hugging Face Hub');
  });

  it('cites a shipped mart to the sources its SQL reads: developer_downloads to the Hub alone', () => {
    const text = sourcesNotice([{ ...bare, name: 'developer_downloads' }], null);
    expect(text).toContain('## Hugging Face Hub');
    expect(text).not.toContain('## OpenRouter');
    const both = sourcesNotice([{ ...bare, name: 'weekly_metrics' }], null);
    expect(both).toContain('## OpenRouter');
    expect(both).toContain('## Hugging Face Hub');
  });
});

describe('findAtomLicence()', () => {
  it('finds ATOM’s licence where the project ships its lists, and nothing when it does not', () => {
    expect(findAtomLicence(root.dir)).toBe(null);
    fs.mkdirSync(path.join(root.dir, 'transform', 'seeds'), { recursive: true });
    fs.writeFileSync(path.join(root.dir, 'transform', 'seeds', 'LICENSE.origins'), 'not ATOM');
    expect(findAtomLicence(root.dir)).toBe(null);
    fs.mkdirSync(path.join(root.dir, 'transform', 'seeds', 'atom'), { recursive: true });
    fs.writeFileSync(path.join(root.dir, 'transform', 'seeds', 'atom', 'LICENSE'), 'Apache License');
    expect(findAtomLicence(root.dir)).toBe(path.join(root.dir, 'transform', 'seeds', 'atom', 'LICENSE'));
  });
});

describe('dataDictionary()', () => {
  it('says when a mart has no definition and no as_of, instead of leaving a gap', () => {
    const text = dataDictionary([bare], '2026-04-29 03:00:00');
    expect(text).toContain('built 2026-04-29 03:00:00 UTC; the latest data in it is as of (no as_of) UTC.');
    expect(text).toContain('| [weekly_x](#weekly_x) | 0 |  |');
    expect(text).toContain(
      '## weekly_x\n\nNo definition recorded for this table.\n\nFiles: `csv/weekly_x.csv`, `parquet/weekly_x.parquet`; 0 rows.\n',
    );
  });
});

describe('neutraliseCell()', () => {
  it('prefixes a quote to text a spreadsheet would run, and leaves other text alone', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'Qwen/Qwen3', '', "'=x", ' =x'].map(neutraliseCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'Qwen/Qwen3',
      '',
      "'=x",
      ' =x',
    ]);
  });
});
