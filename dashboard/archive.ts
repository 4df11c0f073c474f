/**
 * The marts as files: one mart as Parquet, and "all data" as one zip archive (every mart as CSV and as Parquet, a
 * data dictionary generated from the marts' headers and columns, and the licence and citation of each source).
 * Works on any session over a database with `marts.*` and `meta.marts`: the server's live one (dashboard/exports.ts
 * caches the files per build of the marts) or the published copy (`adoption-tracker export --all`).
 *
 * Mart names reach SQL text only from the allowlist (the mart files) and are quoted; paths are ours, never a user's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { Session } from '../db/connection.ts';
import { HUGGING_FACE_CITATION, OPENROUTER_CITATION } from '../ingest/declarations.ts';
import { PACKAGE_ROOT } from '../lib/paths.ts';
import { neutraliseCell } from '../lib/spreadsheet-safe.ts';
import { martSourcesFromSql, type MartSources } from './citation.ts';
import { martColumns, martDefinition, type MartColumn } from './marts.ts';

/** The folder every entry of the archive sits in, so unzipping makes one folder. */
export const ARCHIVE_ROOT = 'adoption-tracker-data';

// The package root from the sources or the compiled dist/ alike.
const REPO_ROOT = PACKAGE_ROOT;

export interface MartFile {
  name: string;
  /** The mart's SQL header as stored by the transform (question, grain, units, definition), or null. */
  header: string | null;
  columns: MartColumn[];
  rows: number;
  /** The latest `as_of` in the mart ('YYYY-MM-DD HH:MM:SS', UTC), or null when it has none. */
  asOf: string | null;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Runs `work` in one read transaction on `session`, so everything it reads shows one build of the marts even while a
 * transform commits. A failure rolls back (its own error is the one thrown).
 */
export async function inSnapshot<T>(session: Session, work: () => Promise<T>): Promise<T> {
  await session.run('begin transaction');
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await session.run('rollback').catch(() => undefined);
    throw error;
  }
  await session.run('commit');
  return result;
}

/** The built marts among `names`, in that order, with their headers, columns, row counts and as-of times. */
export async function describeMarts(session: Session, names: readonly string[]): Promise<MartFile[]> {
  const marts: MartFile[] = [];
  for (const name of names) {
    const columns = await martColumns(session, name);
    if (columns.length === 0) continue;
    const hasAsOf = columns.some((c) => c.name === 'as_of');
    const [stats] = await session.json<{ rows: string | number; as_of: string | null }>(
      `select count(*) as rows, ${hasAsOf ? 'max(as_of)::varchar' : 'null::varchar'} as as_of from marts.${quoteIdent(name)}`,
    );
    marts.push({
      name,
      header: await martDefinition(session, name),
      columns,
      rows: Number(stats?.rows ?? 0),
      asOf: stats?.as_of ?? null,
    });
  }
  return marts;
}

/** Writes marts.<mart> to `file` as Parquet (zstd-compressed), through a temp file and a rename. */
export async function writeParquet(session: Session, mart: string, file: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await session.run(
      `copy (select * from marts.${quoteIdent(mart)}) to ${quoteLiteral(tmp)} (format parquet, compression zstd)`,
    );
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** Column types whose values are text: the only cells neutralised against spreadsheet formulas. */
function isText(type: string): boolean {
  return type === 'VARCHAR' || type.startsWith('VARCHAR(') || type.startsWith('ENUM');
}

/**
 * The mart as CSV, as /data/<mart>.csv writes it (header row, NULL an empty field, booleans true/false), with every
 * text cell neutralised: a cell that a spreadsheet would run as a formula gets a leading `'`. Yields the text in
 * pieces of one DuckDB chunk (2,048 rows), so a large mart never sits in memory whole.
 */
export async function* martCsv(session: Session, mart: MartFile): AsyncGenerator<string> {
  const names = mart.columns.map((c) => c.name);
  const order = names.map(quoteIdent).join(', ');
  const text = mart.columns.map((c) => isText(c.type));
  const options = {
    cast: { boolean: (value: boolean) => (value ? 'true' : 'false'), object: (value: object) => JSON.stringify(value) },
  };
  yield stringify([names], options);
  const result = await session.connection.stream(
    `select ${order} from marts.${quoteIdent(mart.name)} order by ${order}`,
  );
  for await (const rows of result.yieldRowsJson()) {
    for (const row of rows) {
      for (let i = 0; i < row.length; i++) {
        const value = row[i];
        if (text[i] && typeof value === 'string') row[i] = neutraliseCell(value);
      }
    }
    yield stringify(rows, options);
  }
}

export interface SourceNotice {
  name: string;
  /** Which marts draw on it, given the declared sources behind each mart. */
  appliesTo: (mart: MartFile, sourcesOf: MartSources) => boolean;
  text: string;
}

/** Whether a mart reads a declared source, by the lineage of its SQL; a mart of unknown lineage cites every source. */
const readsSource = (mart: MartFile, sourcePrefix: string, sourcesOf: MartSources) =>
  (sourcesOf(mart.name) ?? [sourcePrefix]).some((s) => s.startsWith(sourcePrefix));

const mentionsAtom = (mart: MartFile) => /\batom\b/i.test(`${mart.name}\n${mart.header ?? ''}`);

/** The sources behind the marts, each with the citation and licence it asks for. */
export const SOURCE_NOTICES: readonly SourceNotice[] = [
  {
    name: 'OpenRouter',
    appliesTo: (mart, sourcesOf) => readsSource(mart, 'openrouter', sourcesOf),
    text: [
      "Usage data (tokens per model per day, and the category estimates) from OpenRouter's Data API",
      `(\`GET /api/v1/datasets/rankings-daily\`), licensed **${OPENROUTER_CITATION.licence}** (${OPENROUTER_CITATION.licenceUrl}).`,
      `Cite it wherever you show or publish it: "Source: ${OPENROUTER_CITATION.name}, as of {as_of}",`,
      'with the `as_of` of the rows you use. The shipped history (2025-01-01 to 2026-10-09) was archived by the public',
      'repository halcyonic-systems/facets, the restatements of 2026-05-23 to 2026-08-21 by',
      'CasualStudy/casualstudy-portfolio. Model catalogue (names, prices): OpenRouter `GET /api/v1/models`.',
    ].join('\n'),
  },
  {
    name: 'Hugging Face Hub',
    appliesTo: (mart, sourcesOf) => readsSource(mart, 'huggingface', sourcesOf),
    text: [
      'Model metadata and download counts from the Hugging Face Hub API (https://huggingface.co/api/models).',
      `Cite as "Source: ${HUGGING_FACE_CITATION.name}, as of {as_of}". The Hub states no licence for its`,
      "download counts; each model's own licence is on its page. `downloads_30d` is a rolling 30-day count: never",
      'sum it across days. The shipped history of the top 30 was archived by the public repository jonasneves/pulse.',
    ].join('\n'),
  },
  {
    name: 'ATOM Project',
    appliesTo: mentionsAtom,
    text: [
      'Organisation regions and the curated model list of the ATOM Project (Interconnects-AI/tracked-models),',
      'licensed under the **Apache License 2.0** (https://www.apache.org/licenses/LICENSE-2.0); its licence text is',
      'kept beside this file as LICENSE-ATOM.txt when the installation ships it.',
    ].join('\n'),
  },
];

/** ATOM's own LICENSE file where the project ships ATOM's lists (a folder named atom under transform/ or ingest/). */
export function findAtomLicence(root = REPO_ROOT): string | null {
  for (const base of ['transform', 'ingest']) {
    const stack = [path.join(root, base)];
    while (stack.length) {
      const dir = stack.pop()!;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) stack.push(full);
        else if (/licen[cs]e/i.test(entry.name) && /(^|[\\/_.-])atom([\\/_.-]|$)/i.test(path.relative(root, full)))
          return full;
      }
    }
  }
  return null;
}

function latest(values: ReadonlyArray<string | null>): string | null {
  let best: string | null = null;
  for (const v of values) if (v !== null && (best === null || v > best)) best = v;
  return best;
}

/** Markdown lines of a mart's header: the first line is its question, `key: text` lines become labelled items. */
function headerLines(header: string | null): string[] {
  if (!header) return ['No definition recorded for this table.'];
  return header
    .split(/\r?\n/)
    .map((line) => line.replace(/^--\s?/, '').trim())
    .filter(Boolean)
    .map((line) => {
      const labelled = /^(grain|units|definition):\s*(.*)$/.exec(line);
      return labelled ? `- **${labelled[1]}**: ${labelled[2]}` : line;
    });
}

/** README.md of the archive: what is in it, how to read it, and every mart's definition and columns. */
export function dataDictionary(marts: readonly MartFile[], builtAt: string | null): string {
  const lines = [
    '# adoption-tracker: all data',
    '',
    `Every table (mart) of adoption-tracker, built ${builtAt ?? '(unknown)'} UTC; the latest data in it is as of ` +
      `${latest(marts.map((m) => m.asOf)) ?? '(no as_of)'} UTC. Sources, licences and citations: SOURCES.md.`,
    '',
    '- `csv/<mart>.csv`: a header row, then the rows. NULL (unknown or not collected) is an empty field, never 0;',
    '  booleans are `true`/`false`; text cells that begin with `=`, `+`, `-`, `@`, a tab or a carriage return carry a',
    "  leading `'` so that spreadsheets show them as text instead of running them (the Parquet files hold the exact text).",
    '- `parquet/<mart>.parquet`: the same rows with their types (DuckDB, pandas, polars, R arrow read it directly).',
    '- `dictionary.csv`: one row per column: mart, position, column, type.',
    '',
    'Conventions: weeks start Monday 00:00 UTC (`week_start`); timestamps are UTC; shares are fractions in [0, 1]',
    'named `*_share`; `UNKNOWN` is its own origin, never counted as "not Chinese"; every mart has `as_of`, the latest',
    'source time behind the row.',
    '',
    '## Tables',
    '',
    '| mart | rows | as of (UTC) |',
    '|---|---|---|',
    ...marts.map((m) => `| [${m.name}](#${m.name}) | ${m.rows} | ${m.asOf ?? ''} |`),
  ];
  for (const mart of marts) {
    lines.push(
      '',
      `## ${mart.name}`,
      '',
      ...headerLines(mart.header),
      '',
      `Files: \`csv/${mart.name}.csv\`, \`parquet/${mart.name}.parquet\`; ${mart.rows} rows` +
        (mart.asOf ? `; as of ${mart.asOf} UTC.` : '.'),
      '',
      '| # | column | type |',
      '|---|---|---|',
      ...mart.columns.map((c, i) => `| ${i + 1} | \`${c.name}\` | ${c.type} |`),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** SOURCES.md of the archive: each source that any of the marts draws on, with its licence and citation. */
export function sourcesNotice(
  marts: readonly MartFile[],
  atomLicence: string | null,
  sourcesOf: MartSources = martSourcesFromSql,
): string {
  const lines = ['# Sources, licences and citations', ''];
  for (const source of SOURCE_NOTICES) {
    const used = marts.filter((mart) => source.appliesTo(mart, sourcesOf));
    if (used.length === 0) continue;
    lines.push(`## ${source.name}`, '', source.text, '', `Tables: ${used.map((m) => `\`${m.name}\``).join(', ')}.`, '');
  }
  if (atomLicence) lines.push("The ATOM Project's licence: LICENSE-ATOM.txt.", '');
  lines.push(
    '## adoption-tracker',
    '',
    'The transforms, the origin registry and the definitions are from adoption-tracker (MIT licence). Origin is the',
    "country of a model's developer as recorded in the registry; see the project's docs/methodology.md.",
  );
  return `${lines.join('\n')}\n`;
}

function dictionaryCsv(marts: readonly MartFile[]): string {
  const rows = marts.flatMap((m) => m.columns.map((c, i) => [m.name, i + 1, neutraliseCell(c.name), c.type]));
  return stringify(rows, { header: true, columns: ['mart', 'position', 'column', 'type'] });
}

/** When the marts were built (meta.marts), 'YYYY-MM-DD HH:MM:SS' UTC, or null before any transform. */
export async function martsBuiltAt(session: Session): Promise<string | null> {
  const present = await session.json(
    "select 1 from information_schema.tables where table_catalog = current_database() and table_schema = 'meta' and table_name = 'marts'",
  );
  if (present.length === 0) return null;
  const [row] = await session.json<{ built_at: string | null }>(
    'select max(built_at)::varchar as built_at from meta.marts',
  );
  return row?.built_at ?? null;
}

export interface ArchiveOptions {
  /** Parquet files already written for these marts (dashboard/exports.ts's cache); others are written here. */
  parquetFile?: (mart: string) => string | undefined;
  atomLicence?: string | null;
  /** The declared sources behind each mart, for SOURCES.md; default: from the lineage of its SQL. */
  martSources?: MartSources;
}

/** A zip written as it is made: each entry is pushed in pieces, and the file stream's buffer is let drain. */
class ZipWriter {
  private readonly zip: Zip;
  private readonly out: fs.WriteStream;
  private failure: unknown;
  private readonly done: Promise<void>;

  constructor(
    file: string,
    private readonly mtime: Date,
  ) {
    this.out = fs.createWriteStream(file);
    this.done = new Promise((resolve, reject) => {
      this.out.once('finish', resolve);
      this.out.once('error', reject);
    });
    this.done.catch((error: unknown) => (this.failure ??= error));
    this.zip = new Zip((error, chunk, final) => {
      if (error) this.failure ??= error;
      else this.out.write(chunk);
      if (final || error) this.out.end();
    });
  }

  private async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.out.writableNeedDrain) await new Promise<void>((resolve) => this.out.once('drain', () => resolve()));
  }

  /** Adds an entry from pieces; `compress` false stores it as is (Parquet is compressed already). */
  async add(
    name: string,
    pieces: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
    compress = true,
  ): Promise<void> {
    const entry = compress
      ? new ZipDeflate(`${ARCHIVE_ROOT}/${name}`, { level: 6 })
      : new ZipPassThrough(`${ARCHIVE_ROOT}/${name}`);
    entry.mtime = this.mtime;
    this.zip.add(entry);
    for await (const piece of pieces) {
      entry.push(typeof piece === 'string' ? strToU8(piece) : piece);
      await this.drain();
    }
    entry.push(new Uint8Array(0), true);
    await this.drain();
  }

  async close(): Promise<void> {
    this.zip.end();
    await this.done;
    if (this.failure) throw this.failure;
  }

  abort(): void {
    this.zip.terminate();
    this.out.destroy();
  }
}

/**
 * Writes the zip of every built mart among `names` (CSV and Parquet), README.md (the data dictionary),
 * dictionary.csv and SOURCES.md to `file`. Run it inside one transaction so every entry shows the same build of the
 * marts. The caller writes to a temp name and renames.
 */
export async function writeArchive(
  session: Session,
  names: readonly string[],
  file: string,
  options: ArchiveOptions = {},
): Promise<void> {
  const marts = await describeMarts(session, names);
  const builtAt = await martsBuiltAt(session);
  // Entries carry the build time (whole seconds, UTC), so one build of the marts gives the same entries.
  const mtime = builtAt ? new Date(`${builtAt.slice(0, 19).replace(' ', 'T')}Z`) : new Date('2020-01-01T00:00:00Z');
  const atomLicence = options.atomLicence === undefined ? findAtomLicence() : options.atomLicence;
  const usesAtom = marts.some(mentionsAtom);
  const zip = new ZipWriter(file, mtime);
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'adoption-archive-'));
  try {
    await zip.add('README.md', [dataDictionary(marts, builtAt)]);
    await zip.add('SOURCES.md', [sourcesNotice(marts, usesAtom ? atomLicence : null, options.martSources)]);
    await zip.add('dictionary.csv', [dictionaryCsv(marts)]);
    if (usesAtom && atomLicence) await zip.add('LICENSE-ATOM.txt', [fs.readFileSync(atomLicence)]);
    for (const mart of marts) {
      await zip.add(`csv/${mart.name}.csv`, martCsv(session, mart));
      let parquet = options.parquetFile?.(mart.name);
      if (!parquet || !fs.existsSync(parquet)) {
        parquet = path.join(tmpDir, `${mart.name}.parquet`);
        await writeParquet(session, mart.name, parquet);
      }
      await zip.add(`parquet/${mart.name}.parquet`, fs.createReadStream(parquet), false);
    }
    await zip.close();
  } catch (error) {
    zip.abort();
    throw error;
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}
