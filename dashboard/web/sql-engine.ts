/**
 * The SQL page's engine: DuckDB-Wasm in a worker, with each published mart as a table loaded from its Parquet file
 * (/data/<mart>.parquet). Bundled on its own (assets/sql-engine.js, with apache-arrow) and imported only by the SQL
 * view, so no other page loads it. Every file comes from this server: DuckDB's worker and WebAssembly from
 * /vendor/duckdb-wasm/, parquet-wasm's from /vendor/parquet-wasm/.
 *
 * Why parquet-wasm: DuckDB-Wasm links only its core; its Parquet reader is an extension that it would download from
 * extensions.duckdb.org at run time, which a local install must not depend on. parquet-wasm (MIT/Apache-2.0) decodes
 * the Parquet file into Arrow in the page, and DuckDB-Wasm inserts Arrow natively, types intact.
 *
 * Results come back as plain values, formatted as DuckDB and the JSON API write them: DATE 'YYYY-MM-DD', TIMESTAMP
 * 'YYYY-MM-DD HH:MM:SS[.ffffff]', BIGINT a number when it is a safe integer and a decimal string otherwise, NULL null.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import { DataType, type Field, type Table, type Vector } from 'apache-arrow';
import initParquet, { readParquet } from 'parquet-wasm/esm';

export type Cell = string | number | boolean | null;

/** How a column's values should be shown and written: only 'text' cells are neutralised in CSV. */
export type CellKind = 'text' | 'number' | 'boolean' | 'date' | 'timestamp' | 'other';

export interface ResultColumn {
  name: string;
  /** The Arrow type as text, e.g. Int64, Utf8, Date32<DAY>. */
  type: string;
  kind: CellKind;
}

export interface QueryResult {
  columns: ResultColumn[];
  rows: Cell[][];
}

export interface MartSource {
  name: string;
  /** Absolute URL of the mart's Parquet file. */
  url: string;
}

export interface Engine {
  /** DuckDB's version, e.g. v1.4.1. */
  version: string;
  /** The marts that are queryable, by name (also as marts.<name>). */
  tables: string[];
  /** Marts whose file could not be loaded, with why: the others stay queryable. */
  skipped: Array<{ name: string; error: string }>;
  query(sql: string): Promise<QueryResult>;
  close(): Promise<void>;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function formatDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Arrow gives a timestamp as (fractional) milliseconds; DuckDB writes microseconds without trailing zeros. */
function formatTimestamp(ms: number): string {
  const micros = Math.round(ms * 1000);
  const seconds = Math.floor(micros / 1_000_000);
  const fraction = micros - seconds * 1_000_000;
  const d = new Date(seconds * 1000);
  const text = `${formatDate(seconds * 1000)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return fraction ? `${text}.${pad(fraction, 6).replace(/0+$/, '')}` : text;
}

function kindOf(type: DataType): CellKind {
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return 'text';
  if (DataType.isInt(type) || DataType.isFloat(type) || DataType.isDecimal(type)) return 'number';
  if (DataType.isBool(type)) return 'boolean';
  if (DataType.isDate(type)) return 'date';
  if (DataType.isTimestamp(type)) return 'timestamp';
  return 'other';
}

function jsonText(value: unknown): string {
  const plain =
    value !== null && typeof value === 'object' && 'toJSON' in value
      ? (value as { toJSON(): unknown }).toJSON()
      : value;
  return JSON.stringify(plain, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

function cell(kind: CellKind, value: unknown): Cell {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'text':
      return String(value);
    case 'boolean':
      return Boolean(value);
    case 'number':
      if (typeof value === 'bigint') {
        const n = Number(value);
        return Number.isSafeInteger(n) ? n : value.toString();
      }
      return typeof value === 'number' ? value : String(value);
    case 'date':
      return formatDate(value instanceof Date ? value.getTime() : Number(value));
    case 'timestamp':
      return formatTimestamp(value instanceof Date ? value.getTime() : Number(value));
    default:
      return typeof value === 'string' ? value : jsonText(value);
  }
}

export function tableToResult(table: Table): QueryResult {
  const fields: Field[] = table.schema.fields;
  const columns = fields.map((f) => ({ name: f.name, type: String(f.type), kind: kindOf(f.type) }));
  const vectors = fields.map((_f, i) => table.getChildAt(i) as Vector | null);
  const rows: Cell[][] = [];
  for (let r = 0; r < table.numRows; r++) {
    rows.push(columns.map((c, i) => cell(c.kind, vectors[i]?.get(r))));
  }
  return { columns, rows };
}

/**
 * Starts DuckDB-Wasm from `vendorUrl` (the folder with its worker scripts and .wasm files) and loads each mart from
 * its Parquet file, decoded by parquet-wasm from `parquetWasmUrl`. `onProgress` hears what is being loaded.
 */
export async function openEngine(options: {
  vendorUrl: string;
  parquetWasmUrl: string;
  marts: readonly MartSource[];
  onProgress?: (message: string) => void;
}): Promise<Engine> {
  const progress = options.onProgress ?? (() => undefined);
  const parquetReady = initParquet({ module_or_path: options.parquetWasmUrl });
  const bundles: duckdb.DuckDBBundles = {
    mvp: {
      mainModule: new URL('duckdb-mvp.wasm', options.vendorUrl).href,
      mainWorker: new URL('duckdb-browser-mvp.worker.js', options.vendorUrl).href,
    },
    eh: {
      mainModule: new URL('duckdb-eh.wasm', options.vendorUrl).href,
      mainWorker: new URL('duckdb-browser-eh.worker.js', options.vendorUrl).href,
    },
  };
  const bundle = await duckdb.selectBundle(bundles);
  progress('Starting DuckDB in your browser…');
  const worker = new Worker(bundle.mainWorker!);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  try {
    await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
    // Exact integers stay BigInt (shown exactly); DECIMAL and HUGEINT (sums) become doubles.
    await db.open({ query: { castBigIntToDouble: false, castDecimalToDouble: true } });
    progress(`Loading ${options.marts.length} tables…`);
    const fetched = await Promise.allSettled(
      options.marts.map(async (mart) => {
        const res = await fetch(mart.url);
        if (!res.ok) {
          const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
          throw new Error(typeof body?.error === 'string' ? body.error : `HTTP ${res.status}`);
        }
        return new Uint8Array(await res.arrayBuffer());
      }),
    );
    await parquetReady;
    const conn = await db.connect();
    // Nothing is fetched from outside this server: no extension is installed or loaded on the fly.
    await conn.query('set autoinstall_known_extensions = false');
    await conn.query('set autoload_known_extensions = false');
    await conn.query('create schema if not exists marts');
    const tables: string[] = [];
    const skipped: Engine['skipped'] = [];
    for (const [i, mart] of options.marts.entries()) {
      const file = fetched[i]!;
      try {
        if (file.status === 'rejected') throw file.reason;
        // intoIPCStream() consumes the decoded table: its WebAssembly memory is freed there.
        const ipc = readParquet(file.value).intoIPCStream();
        await conn.insertArrowFromIPCStream(ipc, { name: mart.name, schema: 'marts', create: true });
        tables.push(mart.name);
      } catch (error) {
        skipped.push({ name: mart.name, error: error instanceof Error ? error.message : String(error) });
      }
    }
    // Queries written for `adoption-tracker sql` (marts.<name>) and bare mart names both work.
    await conn.query("set search_path = 'main,marts'");
    const version = await db.getVersion();
    let queue: Promise<unknown> = Promise.resolve();
    return {
      version,
      tables,
      skipped,
      query(sql: string) {
        // One query at a time on the one connection.
        const next = queue.then(async () => tableToResult(await conn.query(sql)));
        queue = next.catch(() => undefined);
        return next;
      },
      async close() {
        await conn.close();
        await db.terminate();
      },
    };
  } catch (error) {
    await db.terminate().catch(() => undefined);
    throw error;
  }
}
