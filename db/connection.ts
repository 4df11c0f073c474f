/**
 * The only importer of @duckdb/node-api. Everything else asks this module for rows.
 *
 * DuckDB locks a file per process: while one process holds it read-write, no other process can open it, not even
 * read-only. So one process (the server, or a one-off CLI command when no server runs) owns the live database, and
 * readers use the published copy (db/publish.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance, StatementType, type DuckDBValue } from '@duckdb/node-api';
import { drizzle, type PgRemoteDatabase } from 'drizzle-orm/pg-proxy';
import * as schema from './schema.ts';

export type Param = string | number | bigint | boolean | null;
export type Params = readonly Param[] | Record<string, Param>;
export type Row = Record<string, unknown>;
export type Drizzle = PgRemoteDatabase<typeof schema>;

export class DatabaseLockedError extends Error {
  override name = 'DatabaseLockedError';
  constructor(readonly file: string) {
    super(
      `The database ${file} is in use by another adoption-tracker process (probably the running server). ` +
        `Stop that process to run this command here, or query the published copy with \`adoption-tracker sql\`.`,
    );
  }
}

function isLockError(error: unknown): boolean {
  return error instanceof Error && /Could not set lock on file|Conflicting lock is held/i.test(error.message);
}

function bindable(params: Params | undefined): Record<string, DuckDBValue> | DuckDBValue[] | undefined {
  if (params === undefined) return undefined;
  return params as Record<string, DuckDBValue> | DuckDBValue[];
}

/** Statements and helpers over one connection. A transaction needs a connection of its own (STACK.md). */
export class Session {
  readonly drizzle: Drizzle;

  constructor(readonly connection: DuckDBConnection) {
    this.drizzle = drizzle(
      async (sqlText, params, method) => {
        // The JSON reader gives what a Postgres driver would: dates and timestamps as text, BIGINT as text.
        const reader = await this.connection.runAndReadAll(sqlText, params.map(toDuckValue));
        return { rows: method === 'all' ? reader.getRowsJson() : reader.getRowObjectsJson() };
      },
      { schema },
    );
  }

  /** Rows as JS values: BIGINT/HUGEINT as bigint, DATE/TIMESTAMP as Date. */
  async all<T extends Row = Row>(sqlText: string, params?: Params): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sqlText, bindable(params));
    return reader.getRowObjectsJS() as T[];
  }

  /** Rows as JSON-safe values: BIGINT/HUGEINT/DECIMAL as decimal strings, DATE/TIMESTAMP as text. */
  async json<T extends Row = Row>(sqlText: string, params?: Params): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sqlText, bindable(params));
    return reader.getRowObjectsJson() as T[];
  }

  async one<T extends Row = Row>(sqlText: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sqlText, params))[0];
  }

  async run(sqlText: string, params?: Params): Promise<void> {
    await this.connection.run(sqlText, bindable(params));
  }

  /** How many statements `sqlText` holds (parsed, not run). */
  async statementCount(sqlText: string): Promise<number> {
    return (await this.connection.extractStatements(sqlText)).count;
  }

  /** Rows as JSON-safe values with each column's DuckDB type name, for output that needs the types (CSV). */
  async jsonWithTypes(sqlText: string): Promise<{ columns: Array<{ name: string; type: string }>; rows: Row[] }> {
    const reader = await this.connection.runAndReadAll(sqlText);
    const names = reader.columnNames();
    const types = reader.columnTypes();
    return {
      columns: names.map((name, i) => ({ name, type: types[i]!.toString() })),
      rows: reader.getRowObjectsJson() as Row[],
    };
  }

  /** The DuckDB statement type name of a single statement (binds it, runs nothing). */
  async statementType(sqlText: string): Promise<string> {
    const prepared = await this.connection.prepare(sqlText);
    return StatementType[prepared.statementType] ?? String(prepared.statementType);
  }

  /** Runs a script of several statements (a migration or a transform file). */
  async script(sqlText: string): Promise<void> {
    const extracted = await this.connection.extractStatements(sqlText);
    for (let i = 0; i < extracted.count; i++) {
      const prepared = await extracted.prepare(i);
      await prepared.run();
    }
  }
}

function toDuckValue(value: unknown): DuckDBValue {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value as DuckDBValue;
}

/** DuckDB setting names this code changes for a while: identifiers, never other input. */
const SETTING_NAME = /^[a-z_]+$/;

/**
 * Runs `work` with DuckDB settings changed, then puts each back as it was, whether `work` succeeded or not. The
 * settings are the whole instance's: a query running meanwhile on another connection shares them for that time.
 * Values are our constants or validated configuration, never other input (SET takes no parameters). Putting back goes
 * through RESET first: DuckDB shows some values rounded (memory_limit '18.8 GiB'), so its default comes back exactly
 * and any other value as it was shown (a limit the display rounds may come back a hair lower; the product's own limit
 * is set when the database opens, and the callers leave memory_limit alone then).
 */
export async function withSettings<T>(
  session: Pick<Session, 'run' | 'json'>,
  settings: Record<string, string | number | boolean>,
  work: () => Promise<T>,
): Promise<T> {
  const names = Object.keys(settings);
  for (const name of names) if (!SETTING_NAME.test(name)) throw new Error(`not a DuckDB setting name: ${name}`);
  const shown = async () =>
    (
      await session.json<Record<string, string>>(
        `select ${names.map((name) => `current_setting('${name}')::varchar as ${name}`).join(', ')}`,
      )
    )[0]!;
  const quoted = (value: string | number | boolean) => `'${String(value).replace(/'/g, '')}'`;
  const before = await shown();
  for (const name of names) await session.run(`set ${name} = ${quoted(settings[name]!)}`);
  try {
    return await work();
  } finally {
    for (const name of names) await session.run(`reset ${name}`);
    const reset = await shown();
    for (const name of names) {
      if (reset[name] !== before[name]) await session.run(`set ${name} = ${quoted(before[name]!)}`);
    }
  }
}

/**
 * Runs `work` with DuckDB's `threads` setting at `threads`, then puts the previous value back (the setting is the
 * whole instance's, so this is only for the single writer's own jobs, which never overlap).
 */
export function withThreads<T>(session: Session, threads: number, work: () => Promise<T>): Promise<T> {
  return withSettings(session, { threads: Math.max(1, Math.trunc(threads)) }, work);
}

/** DuckDB settings of a sandboxed instance (names from DuckDB's "Securing DuckDB" page). */
const SANDBOX: Record<string, string> = {
  enable_external_access: 'false',
  autoload_known_extensions: 'false',
  autoinstall_known_extensions: 'false',
  allow_community_extensions: 'false',
  lock_configuration: 'true',
};

/** More readers waiting for a pooled session than the pool admits: the caller answers 503 instead of queueing. */
export class PoolBusyError extends Error {
  override name = 'PoolBusyError';
}

export interface PoolOptions {
  /** Sessions kept open and reused (default 4: reads are short, and DuckDB parallelises each query itself). */
  size?: number;
  /** Callers allowed to wait for a session; beyond this they are refused at once (default 256). */
  maxWaiting?: number;
}

export class Database {
  private readonly idle: Session[] = [];
  private readonly waiting: Array<(session: Session) => void> = [];
  private opened = 0;
  private poolOptions: Required<PoolOptions> = { size: 4, maxWaiting: 256 };

  private constructor(
    readonly file: string,
    readonly instance: DuckDBInstance,
    readonly readOnly: boolean,
    private readonly shared: Session,
    /** The `memory_limit` the database was opened with (configured), undefined for DuckDB's default. */
    readonly memoryLimit?: string,
  ) {}

  /**
   * Opens (creating if needed) a database file; ':memory:' for tests that need no file. `sandboxed` (implies
   * read-only) gives a connection that cannot write anywhere: no file system or network access besides this file,
   * no extension install or load, and a locked configuration (`adoption-tracker sql`). `memoryLimit` (DuckDB's
   * `memory_limit`, e.g. '1GB'): past it DuckDB spills to its temp directory instead of growing; DuckDB's own default
   * is 80% of the machine's memory.
   */
  static async open(
    file: string,
    options: { readOnly?: boolean; sandboxed?: boolean; memoryLimit?: string } = {},
  ): Promise<Database> {
    const readOnly = (options.readOnly ?? false) || options.sandboxed === true;
    if (file !== ':memory:') {
      if (readOnly && !fs.existsSync(file)) throw new Error(`No database at ${file}`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
    }
    let instance: DuckDBInstance;
    try {
      const settings: Record<string, string> = {
        ...(readOnly ? { access_mode: 'READ_ONLY' } : {}),
        ...(options.sandboxed ? SANDBOX : {}),
      };
      if (options.memoryLimit) settings.memory_limit = options.memoryLimit;
      instance = await DuckDBInstance.create(file, settings);
    } catch (error) {
      if (isLockError(error)) throw new DatabaseLockedError(file);
      throw error;
    }
    const connection = await instance.connect();
    return new Database(file, instance, readOnly, new Session(connection), options.memoryLimit);
  }

  /** The shared session: single statements only, never BEGIN/COMMIT (a concurrent write would be rolled back too). */
  get session(): Session {
    return this.shared;
  }

  get drizzle(): Drizzle {
    return this.shared.drizzle;
  }

  all<T extends Row = Row>(sqlText: string, params?: Params): Promise<T[]> {
    return this.shared.all<T>(sqlText, params);
  }

  json<T extends Row = Row>(sqlText: string, params?: Params): Promise<T[]> {
    return this.shared.json<T>(sqlText, params);
  }

  one<T extends Row = Row>(sqlText: string, params?: Params): Promise<T | undefined> {
    return this.shared.one<T>(sqlText, params);
  }

  run(sqlText: string, params?: Params): Promise<void> {
    return this.shared.run(sqlText, params);
  }

  /** A fresh connection, for a job or a request that needs its own. */
  async connect(): Promise<Session> {
    return new Session(await this.instance.connect());
  }

  setPool(options: PoolOptions): void {
    this.poolOptions = { ...this.poolOptions, ...options };
  }

  /**
   * Runs `work` on a pooled session (reads of the serving path): sessions are reused instead of opened per request,
   * at most `size` run at once, at most `maxWaiting` wait, and the rest are refused with PoolBusyError.
   * Never BEGIN/COMMIT on a pooled session.
   */
  async pooled<T>(work: (session: Session) => Promise<T>): Promise<T> {
    const session = await this.acquire();
    try {
      return await work(session);
    } finally {
      this.release(session);
    }
  }

  private async acquire(): Promise<Session> {
    const free = this.idle.pop();
    if (free) return free;
    if (this.opened < this.poolOptions.size) {
      this.opened += 1;
      try {
        return await this.connect();
      } catch (error) {
        this.opened -= 1;
        throw error;
      }
    }
    if (this.waiting.length >= this.poolOptions.maxWaiting) {
      throw new PoolBusyError(`the database is busy: ${this.waiting.length} requests are waiting; try again shortly`);
    }
    return new Promise<Session>((resolve) => this.waiting.push(resolve));
  }

  private release(session: Session): void {
    const next = this.waiting.shift();
    if (next) next(session);
    else this.idle.push(session);
  }

  /**
   * Runs `work` inside BEGIN ... COMMIT on a connection of its own; any throw rolls everything back.
   *
   * The commit runs on one DuckDB thread. A commit too large for the write-ahead log is a checkpoint that compresses
   * what the transaction kept in memory: tables below a row group (the transform's ~50 models, each a few thousand
   * rows), too small to split between threads, so more threads only add hand-offs (half the commit's CPU, no more wall
   * time: docs/performance.md). Large inserts are not slowed: DuckDB writes their row groups while the statement runs,
   * with every thread. `threads` is the instance's setting: it is put back right after the commit.
   *
   * `oneThreadCommit: false` commits with the instance's threads as they are, for a transaction whose commit is one
   * task anyway (the whole-Hub load: one table's rows, or row groups its insert already wrote): changing the setting
   * and putting it back restarts DuckDB's worker threads: 3-9 ms alone, 11-33 ms within a 100k-row load on this
   * shared 2-core machine, for no gain there.
   */
  async transaction<T>(work: (tx: Session) => Promise<T>, options: { oneThreadCommit?: boolean } = {}): Promise<T> {
    const tx = await this.connect();
    await tx.run('begin transaction');
    try {
      const result = await work(tx);
      if (options.oneThreadCommit === false) await tx.run('commit');
      else await withThreads(tx, 1, () => tx.run('commit'));
      return result;
    } catch (error) {
      await tx.run('rollback').catch(() => undefined);
      throw error;
    } finally {
      tx.connection.closeSync();
    }
  }

  close(): void {
    for (const session of this.idle.splice(0)) session.connection.closeSync();
    this.shared.connection.closeSync();
    this.instance.closeSync();
  }
}
