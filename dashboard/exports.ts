/**
 * The server's files of the marts (/data/<mart>.parquet, /data/all.zip), built once per build of the marts and kept
 * under $ADOPTION_DATA_DIR/exports/<build>/, never per request.
 *
 * A build is named by meta.marts (written by the transform in the same transaction as the marts, and published with
 * them): its build time plus a hash of its rows. Each file is written inside one read transaction that also reads
 * the build's name, so a file always holds the build its folder is named after, even while a transform commits.
 * Concurrent requests for the same file share one build; folders of older builds are removed once nothing is
 * being written.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database, Session } from '../db/connection.ts';
import { inSnapshot, writeArchive, writeParquet } from './archive.ts';
import { HttpError } from './errors.ts';
import { martColumns } from './marts.ts';
import { withSession } from './session.ts';
import type { MartSources } from './citation.ts';

export const EXPORTS_DIR = 'exports';
export const ARCHIVE_FILE = 'all.zip';

/** The name of the current build of the marts, safe as a folder name; null before any transform. */
export async function buildName(session: Session): Promise<string | null> {
  const present = await session.json(
    "select 1 from information_schema.tables where table_catalog = current_database() and table_schema = 'meta' and table_name = 'marts'",
  );
  if (present.length === 0) return null;
  const rows = await session.json<{
    name: string;
    header: string | null;
    row_count: number | null;
    built_at: string | null;
  }>('select name, header, row_count, built_at::varchar as built_at from meta.marts order by name');
  if (rows.length === 0) return null;
  const builtAt = rows.reduce<string>((max, r) => (r.built_at && r.built_at > max ? r.built_at : max), '');
  const hash = crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 12);
  // '2026-04-29 03:00:00.123' -> '20260429T030000123': sorts as time does.
  return `${builtAt.replace(/[^0-9]/g, '').replace(/^(\d{8})/, '$1T') || 'unknown'}-${hash}`;
}

export interface BuiltFile {
  file: string;
  build: string;
}

export class ExportCache {
  private readonly root: string;
  private readonly pending = new Map<string, Promise<BuiltFile>>();
  constructor(
    private readonly db: Database,
    dataDir: string,
    private readonly martNames: () => readonly string[],
    private readonly martSources?: MartSources,
  ) {
    this.root = path.join(dataDir, EXPORTS_DIR);
  }

  /** marts.<mart> as Parquet for the current build; 404 when the mart is not built yet. */
  parquet(mart: string): Promise<BuiltFile> {
    return this.get(`${mart}.parquet`, async (session, dir) => {
      if ((await martColumns(session, mart)).length === 0) {
        throw new HttpError(404, `mart ${mart} has not been built yet: run \`adoption-tracker transform\``);
      }
      await writeParquet(session, mart, path.join(dir, `${mart}.parquet`));
    });
  }

  /** The zip of every mart, for the current build. */
  archive(): Promise<BuiltFile> {
    return this.get(ARCHIVE_FILE, async (session, dir) => {
      const target = path.join(dir, ARCHIVE_FILE);
      const tmp = `${target}.${process.pid}.tmp`;
      try {
        await writeArchive(session, this.martNames(), tmp, {
          martSources: this.martSources,
          // Parquet files this build already has are reused, not written again.
          parquetFile: (mart) => path.join(dir, `${mart}.parquet`),
        });
        fs.renameSync(tmp, target);
      } finally {
        fs.rmSync(tmp, { force: true });
      }
    });
  }

  private async get(name: string, write: (session: Session, dir: string) => Promise<void>): Promise<BuiltFile> {
    const build = await withSession(this.db, (session) => buildName(session));
    if (build === null) throw new HttpError(404, 'no marts have been built yet: run `adoption-tracker transform`');
    const known = path.join(this.root, build, name);
    if (fs.existsSync(known)) return { file: known, build };
    const key = `${build}/${name}`;
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.build(name, write);
      const settled = (current: string | null) => {
        this.pending.delete(key);
        if (current !== null && this.pending.size === 0) this.removeOtherBuilds(current);
      };
      pending.then(
        (built) => settled(built.build),
        () => settled(null),
      );
      this.pending.set(key, pending);
    }
    return pending;
  }

  private build(name: string, write: (session: Session, dir: string) => Promise<void>): Promise<BuiltFile> {
    return withSession(this.db, (session) =>
      inSnapshot(session, async () => {
        // Read again inside the transaction: the file written below holds exactly this build.
        const build = await buildName(session);
        if (build === null) throw new HttpError(404, 'no marts have been built yet: run `adoption-tracker transform`');
        const dir = path.join(this.root, build);
        const file = path.join(dir, name);
        if (!fs.existsSync(file)) {
          fs.mkdirSync(dir, { recursive: true });
          await write(session, dir);
        }
        return { file, build };
      }),
    );
  }

  /** Removes the folders of every other build; called only when no file is being written. */
  private removeOtherBuilds(current: string): void {
    let builds: string[];
    try {
      builds = fs.readdirSync(this.root);
    } catch {
      return;
    }
    for (const old of builds)
      if (old !== current) fs.rmSync(path.join(this.root, old), { recursive: true, force: true });
  }
}
