/**
 * Hugging Face Hub collector: one snapshot a day of every model in scope, into raw.hf_model_snapshots, and the
 * base-model links their tags declare, into raw.hf_model_base_models.
 *
 * Scopes (ingest/tracking.ts): every model of each tracked organisation, and the global top N by 30-day downloads
 * (`top_rank` = position in that listing). Base models of those are walked towards their root and stored with
 * `lineage_only = true`, so transforms can credit a fine-tune or a quantization to its root's developer without
 * counting the root in a download scope.
 *
 * Every request goes through ctx.http (throttle, retries honouring 429 + `RateLimit`, payloads kept). The
 * @huggingface/hub client gets a fetch that validates each body before the client reads it: a page that is not a
 * JSON array fails the run naming its URL; items without an id are dropped and counted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { listModels, modelInfo } from '@huggingface/hub';
import { withSettings, type Database, type Session } from '../db/connection.ts';
import {
  type HF_MODEL_BASE_MODELS,
  type HF_MODEL_SNAPSHOTS,
  insertInto,
  RAW_HF_TABLES,
  readJsonColumns,
} from '../db/raw-tables.ts';
import { toIsoDay } from '../lib/time.ts';
import { HttpError, type FetchLike } from './http.ts';
import { type BaseModelLink, parseBaseModelTags, type Relation } from './base-model-tags.ts';
import { declarationOf } from './declarations.ts';
import { crawlHub, firstPageUrl, type CrawlProgress } from './hub-crawl.ts';
import type { CollectContext, Fetched, Source } from './run.ts';
import { resolveTrackedOrgs, tracking as defaultTracking, type HuggingFaceTracking } from './tracking.ts';

export { type BaseModelLink, parseBaseModelTags, RELATIONS, type Relation } from './base-model-tags.ts';

/** The Hub's createdAt for repos older than creation dates: unknown, not a date. */
export const PLACEHOLDER_CREATED_AT = '2022-03-02T23:29:04.000Z';
/** More bad items than this share of all items fails the run: the snapshot would be too partial to trust. */
export const MAX_BAD_ITEM_SHARE = 0.05;

const MAX_QUOTA_WAIT_MS = 10 * 60_000;
const ADDITIONAL_FIELDS = ['author', 'createdAt', 'downloadsAllTime', 'library_name', 'safetensors', 'tags'] as const;

/**
 * Our throttle for the Hub's fixed 5-minute windows (500 calls anonymous, 1,000 with a token). p-throttle's
 * 100 s windows are not aligned with the Hub's, so one Hub window overlaps at most 4 of ours: 4 x 120 = 480 < 500.
 */
export function hubThrottle(authenticated: boolean): { limit: number; intervalMs: number } {
  return { limit: authenticated ? 240 : 120, intervalMs: 100_000 };
}

/** A response the collector cannot use at all; fails the run. */
export class HubResponseError extends Error {
  override name = 'HubResponseError';
}

/** One row of raw.hf_model_snapshots; the keys are its columns. */
interface SnapshotRow {
  day: string;
  snapshot_at: string;
  model_id: string;
  author: string | null;
  downloads_30d: number | null;
  downloads_all_time: number | null;
  likes: number | null;
  created_at: string | null;
  last_modified_at: string | null;
  pipeline_tag: string | null;
  library_name: string | null;
  tags: string[] | null;
  parameters: number | null;
  top_rank: number | null;
  tracked_org: boolean;
  lineage_only: boolean;
  is_synthetic: boolean;
  run_id: number;
  payload_id: number | null;
}

interface LinkRow {
  day: string;
  model_id: string;
  base_model_id: string;
  relation: Relation;
  run_id: number;
}

// The row types' keys are the declared columns (db/raw-tables.ts), no more and no fewer: the compiler says so.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const snapshotColumnsMatch: SameKeys<keyof SnapshotRow, keyof typeof HF_MODEL_SNAPSHOTS> = true;
const linkColumnsMatch: SameKeys<keyof LinkRow, keyof typeof HF_MODEL_BASE_MODELS> = true;
void snapshotColumnsMatch;
void linkColumnsMatch;

const sql = (name: string) => fs.readFileSync(new URL(`./sql/${name}.sql`, import.meta.url), 'utf8');

// Rows go to an NDJSON file as they are collected and DuckDB reads the file itself: no single string or parameter
// holds them all (one JSON parameter for every row ran out of string length near 900k rows). The table name and its
// columns come from the one declaration (db/raw-tables.ts; read_ndjson takes its `columns` only as literal text).
const INSERT_FROM_NDJSON = (table: keyof typeof RAW_HF_TABLES) =>
  insertInto(table, `select * from read_ndjson($file, columns = ${readJsonColumns(RAW_HF_TABLES[table])})`);

/** Writes rows to an NDJSON file in bounded chunks; returns the file. */
function writeNdjson(file: string, rows: Iterable<object>): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  try {
    let chunk: string[] = [];
    for (const row of rows) {
      chunk.push(JSON.stringify(row));
      if (chunk.length === 5000) {
        fs.writeSync(fd, `${chunk.join('\n')}\n`);
        chunk = [];
      }
    }
    if (chunk.length) fs.writeSync(fd, `${chunk.join('\n')}\n`);
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function isoTime(value: unknown): string | null {
  if (typeof value !== 'string' && !(value instanceof Date)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object'
    ? `an object with keys ${Object.keys(value).slice(0, 5).join(', ') || '(none)'}`
    : typeof value;
}

function urlOf(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.toString() : input.url;
}

/** Every request of one run: validation, bad-item counts, each model's payload, and the Hub's own quota hints. */
class HubSession {
  itemsSeen = 0;
  badItems = 0;
  readonly payloadOf = new Map<string, number>();
  readonly syntheticIds = new Set<string>();
  private waitMs = 0;
  /** Listing pages already read (by their cursor URL): a `Link` back to one of them would loop forever. */
  private readonly pagesRead = new Set<string>();
  /** Model ids each listing (its URL without the cursor) has given so far. */
  private readonly listed = new Map<string, Set<string>>();

  constructor(
    private readonly ctx: CollectContext,
    private readonly http: FetchLike,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  readonly listFetch = ((input: string | URL | Request, init?: RequestInit) =>
    this.fetch('list', input, init)) as typeof fetch;
  readonly modelFetch = ((input: string | URL | Request, init?: RequestInit) =>
    this.fetch('model', input, init)) as typeof fetch;

  private async fetch(kind: 'list' | 'model', input: string | URL | Request, init?: RequestInit): Promise<Response> {
    let url = urlOf(input);
    if (kind === 'list') {
      // @huggingface/hub sends no `direction`; the Hub's default is descending, but say it rather than rely on it.
      const u = new URL(url);
      if (u.searchParams.has('sort') && !u.searchParams.has('direction')) {
        u.searchParams.set('direction', '-1');
        url = u.toString();
      }
    }
    if (kind === 'list' && new URL(url).searchParams.has('cursor')) {
      if (this.pagesRead.has(url))
        throw new HubResponseError(`the Hub's Link pagination loops back to a page already read: ${url}`);
      this.pagesRead.add(url);
    }
    await this.respectQuota();
    const response = await this.http(url, init);
    this.noteQuota(response.headers);
    const body = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new HubResponseError(`malformed JSON from ${url}: ${body.slice(0, 120).replace(/\s+/g, ' ')}`);
    }
    const synthetic = this.syntheticMark(response.headers);
    const accept = (item: unknown): boolean => {
      this.itemsSeen += 1;
      if (!isObject(item) || typeof item.id !== 'string' || item.id === '') {
        this.badItems += 1;
        return false;
      }
      const payloadId = this.ctx.payloadIdFor(url);
      if (payloadId !== undefined) this.payloadOf.set(item.id, payloadId);
      if (synthetic === 'all' || synthetic?.has(item.id)) this.syntheticIds.add(item.id);
      return true;
    };
    const headers = new Headers({ 'content-type': 'application/json' });
    const link = response.headers.get('link');
    if (link) headers.set('link', link);
    if (kind === 'list') {
      if (!Array.isArray(parsed))
        throw new HubResponseError(`expected a JSON array of models from ${url}, got ${describe(parsed)}`);
      // An empty page that promises a next one: the listing moved under us, and ranks after it would be wrong.
      if (parsed.length === 0 && link)
        throw new HubResponseError(`empty page with a next page from ${url}: the listing is inconsistent`);
      // A model a listing already gave (on an earlier page) is given once: the client's limit counts items.
      const listing = new URL(url);
      listing.searchParams.delete('cursor');
      const seen = this.listed.get(listing.toString()) ?? new Set<string>();
      this.listed.set(listing.toString(), seen);
      const fresh = parsed.filter((item) => !(isObject(item) && typeof item.id === 'string' && seen.has(item.id)));
      const accepted = fresh.filter(accept);
      for (const item of accepted) seen.add((item as { id: string }).id);
      return new Response(JSON.stringify(accepted), { status: response.status, headers });
    }
    if (!isObject(parsed))
      throw new HubResponseError(`expected a JSON object (one model) from ${url}, got ${describe(parsed)}`);
    // The client maps `id` to `name`; a model without one comes back nameless and the caller skips it.
    accept(parsed);
    return new Response(body, { status: response.status, headers });
  }

  /** One listing page for the whole-Hub crawl, as text: quota honoured, never parsed into objects here. */
  async fetchPage(url: string): Promise<{ body: string; headers: Headers }> {
    await this.respectQuota();
    const response = await this.http(url);
    this.noteQuota(response.headers);
    return { body: await response.text(), headers: response.headers };
  }

  /** The replay server marks synthetic fixture data; the real Hub never sends these headers. */
  private syntheticMark(headers: Headers): Set<string> | 'all' | undefined {
    if (headers.get('x-replay-synthetic') !== 'true') return undefined;
    const ids = headers.get('x-replay-synthetic-ids');
    return ids ? new Set(ids.split(',')) : 'all';
  }

  /** `RateLimit: "api";r=0;t=<s>` on a successful response: wait for the window to reset before the next call. */
  private noteQuota(headers: Headers): void {
    const rateLimit = headers.get('ratelimit');
    const remaining = rateLimit?.match(/(?:^|;)\s*r=(\d+)/);
    const reset = rateLimit?.match(/(?:^|;)\s*t=(\d+)/);
    // Capped: a longer wait is left to the 429 path, which fails the request past its own limit.
    if (remaining && reset && Number(remaining[1]) === 0)
      this.waitMs = Math.min(Number(reset[1]) * 1000, MAX_QUOTA_WAIT_MS);
  }

  private async respectQuota(): Promise<void> {
    if (this.waitMs <= 0) return;
    const waitMs = this.waitMs;
    this.waitMs = 0;
    this.ctx.log.info({ waitMs }, 'Hub quota used up: waiting for its window to reset');
    await this.sleep(waitMs);
  }
}

type HubEntry = {
  name?: unknown;
  downloads?: unknown;
  likes?: unknown;
  task?: unknown;
  updatedAt?: unknown;
  author?: unknown;
  createdAt?: unknown;
  downloadsAllTime?: unknown;
  library_name?: unknown;
  safetensors?: unknown;
  tags?: unknown;
};

interface Collected {
  row: SnapshotRow;
  links: BaseModelLink[];
}

export interface HuggingFaceSourceOptions {
  /** The origin registry, when tracking.trackedOrgs is 'registry'. */
  originsFile?: string;
  /** For the wait asked by a `RateLimit` header on a successful response (tests record it). */
  sleep?: (ms: number) => Promise<void>;
  /** Whole-Hub crawl progress, after every page (the CLI draws a bar from it in a terminal). */
  onProgress?: (progress: CrawlProgress) => void;
  /** Whole-Hub crawl page size (default 1,000, the Hub's largest). */
  pageSize?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createHuggingFaceSource(
  trackingConfig: HuggingFaceTracking = defaultTracking.huggingface,
  options: HuggingFaceSourceOptions = {},
): Source {
  return {
    ...declarationOf('huggingface'),
    fetch: (ctx) => collect(ctx, trackingConfig, options),
  };
}

export const huggingfaceSource: Source = createHuggingFaceSource();

async function collect(
  ctx: CollectContext,
  config: HuggingFaceTracking,
  options: HuggingFaceSourceOptions,
): Promise<Fetched> {
  if (ctx.config.hfScope === 'all') return collectWholeHub(ctx, config, options);
  const orgs = resolveTrackedOrgs(config, options.originsFile);
  const now = ctx.now();
  const day = toIsoDay(now);
  const snapshotAt = now.toISOString();
  const accessToken = ctx.config.hfToken;
  const hubUrl = ctx.config.hfEndpoint;
  const http = ctx.http({ throttle: hubThrottle(Boolean(accessToken)) });
  const session = new HubSession(ctx, http, options.sleep ?? defaultSleep);
  const models = new Map<string, Collected>();

  const toCollected = (
    entry: HubEntry,
    modelId: string,
    scope: { topRank?: number; trackedOrg?: boolean; lineageOnly?: boolean },
  ): Collected => {
    const tags = Array.isArray(entry.tags) ? entry.tags.filter((t): t is string => typeof t === 'string') : null;
    const createdAt = isoTime(entry.createdAt);
    const safetensors = isObject(entry.safetensors) ? entry.safetensors : undefined;
    return {
      row: {
        day,
        snapshot_at: snapshotAt,
        model_id: modelId,
        author: text(entry.author) ?? (modelId.includes('/') ? modelId.split('/')[0]! : null),
        downloads_30d: count(entry.downloads),
        downloads_all_time: count(entry.downloadsAllTime),
        likes: count(entry.likes),
        created_at: createdAt === PLACEHOLDER_CREATED_AT ? null : createdAt,
        last_modified_at: isoTime(entry.updatedAt),
        pipeline_tag: text(entry.task),
        library_name: text(entry.library_name),
        tags,
        parameters: count(safetensors?.total),
        top_rank: scope.topRank ?? null,
        tracked_org: scope.trackedOrg ?? false,
        lineage_only: scope.lineageOnly ?? false,
        is_synthetic: session.syntheticIds.has(modelId),
        run_id: ctx.runId,
        payload_id: session.payloadOf.get(modelId) ?? null,
      },
      links: parseBaseModelTags(tags ?? []),
    };
  };

  const common = { additionalFields: [...ADDITIONAL_FIELDS], hubUrl, fetch: session.listFetch, accessToken };

  let rank = 0;
  for await (const entry of listModels({ ...common, sort: 'downloads', limit: config.topN })) {
    const modelId = text(entry.name);
    if (!modelId) continue;
    rank += 1;
    if (!models.has(modelId)) models.set(modelId, toCollected(entry, modelId, { topRank: rank }));
  }

  let orgModels = 0;
  for (const owner of orgs) {
    for await (const entry of listModels({ ...common, search: { owner } })) {
      const modelId = text(entry.name);
      if (!modelId) continue;
      orgModels += 1;
      const seen = models.get(modelId);
      if (seen) seen.row.tracked_org = true;
      else models.set(modelId, toCollected(entry, modelId, { trackedOrg: true }));
    }
  }

  // Lineage: breadth-first from the models in scope, one hop per level, each base fetched at most once.
  const attempted = new Set<string>();
  const resolvedAs = new Map<string, string>();
  const missing: string[] = [];
  let fetches = 0;
  let overBudget = 0;
  const unresolved = (id: string) => !models.has(id) && !attempted.has(id);
  let frontier = [...new Set([...models.values()].flatMap((m) => m.links.map((l) => l.baseModelId)))].filter(
    unresolved,
  );
  for (let depth = 1; depth <= config.lineageMaxDepth && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const baseId of frontier) {
      if (!unresolved(baseId)) continue;
      if (fetches >= config.lineageMaxFetches) {
        overBudget += 1;
        continue;
      }
      attempted.add(baseId);
      fetches += 1;
      let entry: HubEntry;
      try {
        entry = await modelInfo({
          name: baseId,
          additionalFields: [...ADDITIONAL_FIELDS],
          hubUrl,
          fetch: session.modelFetch,
          accessToken,
        });
      } catch (error) {
        // Gone, or private: the Hub answers 401 for a missing repo to anonymous callers.
        if (error instanceof HttpError && (error.status === 404 || error.status === 401)) {
          missing.push(baseId);
          continue;
        }
        throw error;
      }
      const modelId = text(entry.name);
      if (!modelId) continue;
      // A renamed repo answers under its new id: links point at the id the models table holds.
      if (modelId !== baseId) resolvedAs.set(baseId, modelId);
      if (models.has(modelId)) continue;
      const collected = toCollected(entry, modelId, { lineageOnly: true });
      models.set(modelId, collected);
      next.push(...collected.links.map((l) => l.baseModelId).filter(unresolved));
    }
    frontier = [...new Set(next)];
  }
  const beyondDepth = frontier.filter(unresolved).length;

  if (session.itemsSeen > 0 && session.badItems / session.itemsSeen > MAX_BAD_ITEM_SHARE) {
    throw new HubResponseError(
      `${session.badItems} of ${session.itemsSeen} items from the Hub had no id (more than ${MAX_BAD_ITEM_SHARE * 100}%): not writing a partial snapshot`,
    );
  }

  const rows = [...models.values()].map((m) => m.row);
  const links: LinkRow[] = [...models.values()].flatMap((m) =>
    m.links.map((l) => ({
      day,
      model_id: m.row.model_id,
      base_model_id: resolvedAs.get(l.baseModelId) ?? l.baseModelId,
      relation: l.relation,
      run_id: ctx.runId,
    })),
  );
  const uniqueLinks = [...new Map(links.map((l) => [`${l.model_id}\u0000${l.base_model_id}`, l])).values()];

  const lineageOnly = rows.filter((r) => r.lineage_only).length;
  const notes = [
    `${rows.length} models: top ${rank}, ${orgModels} from ${orgs.length} tracked organisations, ${lineageOnly} lineage-only`,
  ];
  if (missing.length)
    notes.push(
      `base models not found: ${missing.length} (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''})`,
    );
  if (session.badItems) notes.push(`items without an id skipped: ${session.badItems}`);
  if (overBudget)
    notes.push(
      `base models left unfetched, lineage budget of ${config.lineageMaxFetches} fetches spent: ${overBudget}`,
    );
  if (beyondDepth)
    notes.push(`base models left unfetched beyond lineage depth ${config.lineageMaxDepth}: ${beyondDepth}`);

  return {
    rowsFetched: rows.length,
    windowStart: day,
    windowEnd: day,
    message: notes.join('; '),
    write: async (tx: Session) => {
      // The day's last run wins: its view replaces the day's rows (a model that left the top N leaves too).
      await tx.run('delete from raw.hf_model_base_models where day = $1::date', [day]);
      await tx.run('delete from raw.hf_model_snapshots where day = $1::date', [day]);
      const dir = runDir(ctx);
      try {
        const snapshotsFile = writeNdjson(path.join(dir, 'snapshots.ndjson'), rows);
        const linksFile = writeNdjson(path.join(dir, 'base_models.ndjson'), uniqueLinks);
        await tx.run(INSERT_FROM_NDJSON('raw.hf_model_snapshots'), { file: snapshotsFile });
        await tx.run(INSERT_FROM_NDJSON('raw.hf_model_base_models'), { file: linksFile });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      return rows.length + uniqueLinks.length;
    },
  };
}

/** A scratch folder for one run's row files, removed after the write. */
function runDir(ctx: CollectContext): string {
  return path.join(ctx.config.dataDir, 'tmp', `run-${ctx.runId}`);
}

/**
 * DuckDB's memory_limit during a whole-Hub load when ADOPTION_DUCKDB_MEMORY_LIMIT is unset. Past it DuckDB spills to
 * its temp directory (`<database file>.tmp`, next to the live database in the data folder) instead of growing: with
 * DuckDB's default (80% of RAM) the load's memory grew with the listing, 683 MiB at 400k models; bounded, 2M models
 * peaked at 584-647 MiB for the whole process (docs/performance.md). A configured limit wins.
 */
export const CRAWL_LOAD_MEMORY_LIMIT = '512MB';

/**
 * Runs a whole-Hub load with DuckDB bounded: memory_limit CRAWL_LOAD_MEMORY_LIMIT (unless one is configured) and
 * preserve_insertion_order off (the raw rows' order means nothing; the lake sorts its files), then puts both settings
 * back as they were, whether the load succeeded or not. Both are settings of the database instance (set through its
 * shared session, which the load's aborted transaction cannot block), so a query running meanwhile on another
 * connection (the server's) shares the bound for the load's duration.
 */
function withCrawlLoadSettings<T>(
  db: Database,
  configuredLimit: string | undefined,
  load: () => Promise<T>,
): Promise<T> {
  return withSettings(
    db,
    { ...(configuredLimit ? {} : { memory_limit: CRAWL_LOAD_MEMORY_LIMIT }), preserve_insertion_order: false },
    load,
  );
}

/**
 * HF_SCOPE=all: every public model, crawled page by page to disk (ingest/hub-crawl.ts, resumable) and loaded by DuckDB
 * from the kept pages. Tracked organisations are flagged, the top N by 30-day downloads ranked; base models are rows of
 * the same listing, so none is fetched one by one.
 */
async function collectWholeHub(
  ctx: CollectContext,
  config: HuggingFaceTracking,
  options: HuggingFaceSourceOptions,
): Promise<Fetched> {
  const orgs = resolveTrackedOrgs(config, options.originsFile);
  const http = ctx.http({ throttle: hubThrottle(Boolean(ctx.config.hfToken)) });
  const session = new HubSession(ctx, http, options.sleep ?? defaultSleep);
  const crawl = await crawlHub(ctx, {
    fetchPage: (url) => session.fetchPage(url),
    firstUrl: firstPageUrl(ctx.config.hfEndpoint, options.pageSize),
    topN: config.topN,
    onProgress: options.onProgress,
  });
  const items = crawl.pages.reduce((sum, p) => sum + p.items, 0);
  const badItems = crawl.pages.reduce((sum, p) => sum + p.badItems, 0);
  if (items > 0 && badItems / items > MAX_BAD_ITEM_SHARE) {
    throw new HubResponseError(
      `${badItems} of ${items} items from the Hub had no id (more than ${MAX_BAD_ITEM_SHARE * 100}%): not writing a partial snapshot`,
    );
  }
  const notes = [`whole Hub: ${items - badItems} listed models in ${crawl.pages.length} pages`];
  if (crawl.resumedFromPage > 0) notes.push(`resumed at page ${crawl.resumedFromPage + 1}`);
  if (badItems) notes.push(`items without an id skipped: ${badItems}`);
  // Each kept file once: pages with identical bodies share a file, and the join to the pages gives each its rows.
  const files = [...new Set(crawl.pages.map((p) => path.join(ctx.config.dataDir, p.file)))];
  return {
    rowsFetched: items - badItems,
    windowStart: crawl.day,
    windowEnd: crawl.day,
    message: notes.join('; '),
    // The commit compresses the day's rows as one task (below a row group) or merges row groups the insert wrote:
    // one thread either way, so the instance's threads stay as they are.
    commitOnInstanceThreads: true,
    write: async (tx: Session) => {
      try {
        return await loadCrawl(tx);
      } finally {
        // Written again by the next run of the crawl if this load is rolled back.
        fs.rmSync(crawl.linksFile, { force: true });
      }
    },
  };

  async function loadCrawl(tx: Session): Promise<number> {
    await tx.run('delete from raw.hf_model_base_models where day = $1::date', [crawl.day]);
    await tx.run('delete from raw.hf_model_snapshots where day = $1::date', [crawl.day]);
    let written = 0;
    if (files.length > 0) {
      written = await withCrawlLoadSettings(ctx.db, ctx.config.duckdbMemoryLimit, async () => {
        const day = { day: crawl.day };
        await tx.run(insertInto('raw.hf_model_snapshots', sql('hf_crawl_snapshots')), {
          files: JSON.stringify(files),
          data_dir: ctx.config.dataDir,
          crawl_id: crawl.crawlId,
          day: crawl.day,
          snapshot_at: crawl.startedAt,
          run_id: ctx.runId,
          orgs: JSON.stringify(orgs),
          top_models: JSON.stringify(crawl.topModels),
        });
        // Duplicates are rare (a model moving across a page boundary mid-crawl): delete and re-rank only then, and
        // read the links from the kept rows' tags. Otherwise the crawl's links are each model's, as they are.
        const [loaded] = await tx.json<{ rows: number; models: number }>(
          `select count(*)::integer as rows, count(distinct model_id)::integer as models
           from raw.hf_model_snapshots where day = $day::date`,
          day,
        );
        let models = loaded?.rows ?? 0;
        let links = crawl.links;
        if (loaded && loaded.rows > loaded.models) {
          await tx.run(sql('hf_crawl_snapshots_dedup'), { ...day, crawl_id: crawl.crawlId });
          await tx.run(sql('hf_crawl_snapshots_rank'), { ...day, top_n: config.topN });
          await tx.run(insertInto('raw.hf_model_base_models', sql('hf_crawl_base_models')), {
            ...day,
            run_id: ctx.runId,
          });
          const [counted] = await tx.json<{ models: number; links: number }>(
            `select (select count(*) from raw.hf_model_snapshots where day = $day::date)::integer as models,
                    (select count(*) from raw.hf_model_base_models where day = $day::date)::integer as links`,
            day,
          );
          models = counted?.models ?? 0;
          links = counted?.links ?? 0;
        } else if (links > 0) {
          await tx.run(insertInto('raw.hf_model_base_models', sql('hf_crawl_links')), {
            ...day,
            run_id: ctx.runId,
            file: crawl.linksFile,
          });
        }
        return models + links;
      });
    }
    await tx.run("update meta.hf_crawls set status = 'loaded' where crawl_id = $1", [crawl.crawlId]);
    return written;
  }
}
