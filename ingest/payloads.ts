/**
 * Keeps every fetched payload: the body goes to a file under $ADOPTION_DATA_DIR/payloads/<source>/<day>/,
 * named by its SHA-256 (so a re-fetch of identical bytes is stored once), and meta.payloads indexes it.
 * Files are written before any row refers to them, so a crash never leaves a row without its file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/connection.ts';
import { payloads } from '../db/schema.ts';
import { redactSecrets } from '../lib/redact.ts';

export interface KeptPayload {
  payloadId: number;
  sha256: string;
  file: string;
}

export interface PayloadInput {
  runId: number;
  source: string;
  url: string;
  httpStatus: number;
  fetchedAt: Date;
  body: string;
}

/** Removes credentials that some callers put in query strings; OpenRouter and the Hub take them in headers. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const key of [...u.searchParams.keys()]) {
      if (/token|key|secret|password/i.test(key)) u.searchParams.set(key, '[redacted]');
    }
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

export class PayloadStore {
  constructor(
    private readonly db: Database,
    private readonly dataDir: string,
    /** Configured tokens; known key shapes are masked whatever this holds (lib/redact.ts). */
    private readonly secrets: readonly string[] = [],
  ) {}

  async keep(input: PayloadInput): Promise<KeptPayload> {
    // A body is kept as received except for anything shaped like a key (an error body may echo one back).
    const body = redactSecrets(input.body, this.secrets);
    const sha256 = crypto.createHash('sha256').update(body).digest('hex');
    const day = input.fetchedAt.toISOString().slice(0, 10);
    const relative = path.join('payloads', input.source.replace(/[^a-z0-9_-]/gi, '_'), day, `${sha256}.json`);
    const absolute = path.join(this.dataDir, relative);
    if (!fs.existsSync(absolute)) {
      fs.mkdirSync(path.dirname(absolute), { recursive: true });
      const tmp = `${absolute}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(tmp, body);
        fs.renameSync(tmp, absolute);
      } catch (error) {
        // A full disk (ENOSPC) fails the run; half a file is never left behind.
        fs.rmSync(tmp, { force: true });
        throw new Error(
          `could not keep the payload of ${redactUrl(input.url)} under ${this.dataDir}: ${(error as Error).message}`,
        );
      }
    }
    const [row] = await this.db.drizzle
      .insert(payloads)
      .values({
        runId: input.runId,
        source: input.source,
        url: redactUrl(input.url),
        httpStatus: input.httpStatus,
        fetchedAt: input.fetchedAt.toISOString(),
        sha256,
        bytes: Buffer.byteLength(body),
        file: relative,
      })
      .returning({ payloadId: payloads.payloadId });
    return { payloadId: row!.payloadId, sha256, file: relative };
  }
}

/**
 * The retention policy of kept payloads (ADOPTION_PAYLOAD_RETENTION_DAYS): files fetched more than `days` days ago by
 * finished runs are deleted once the lake holds every raw row (the caller syncs the lake first). Never deleted: the
 * pages of a whole-Hub crawl still running or not yet loaded (the next run resumes from them), and a file another,
 * younger payload shares (files are named by content). Index rows stay, stamped `pruned_at`. Returns files deleted.
 */
export async function prunePayloads(db: Database, dataDir: string, days: number, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  await db.run(
    `update meta.payloads set pruned_at = $now::timestamp
     where pruned_at is null
         and fetched_at < $cutoff::timestamp
         and run_id in (select run_id from meta.runs where status <> 'running')
         and payload_id not in (
             select pages.payload_id from meta.hf_crawl_pages as pages
             inner join meta.hf_crawls as crawls on crawls.crawl_id = pages.crawl_id
             where crawls.status in ('running', 'complete')
         )`,
    { now: now.toISOString(), cutoff },
  );
  const files = await db.json<{ file: string }>(
    `select file from meta.payloads group by file
     having count(*) filter (where pruned_at is null) = 0`,
  );
  let deleted = 0;
  for (const { file } of files) {
    const absolute = path.join(dataDir, file);
    if (fs.existsSync(absolute)) {
      fs.rmSync(absolute);
      deleted += 1;
    }
  }
  return deleted;
}
