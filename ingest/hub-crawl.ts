/**
 * The whole-Hub crawl (HF_SCOPE=all): one snapshot a day of every public model, streamed to disk page by page.
 *
 * - Each page is kept as its payload file as it arrives (ingest/payloads.ts) and indexed in meta.hf_crawl_pages
 *   together with the cursor (the next page's URL) in meta.hf_crawls, in one small transaction per page. Node holds one
 *   page at a time, never the listing.
 * - A crash, a kill or a 429 storm loses at most the page in flight: the next run of the same UTC day resumes from the
 *   cursor. A crawl left unfinished when its UTC day is over is abandoned (its day would mix two days' counts).
 * - When the listing is exhausted, DuckDB reads the kept page files itself (read_json) into raw.hf_model_snapshots,
 *   inside the run's one transaction (ingest/sql/hf_crawl_*.sql): the run stays atomic, and re-running a day replaces
 *   that day's rows.
 * - The crawl parses each page anyway (to validate it), so it keeps the day's top N by downloads as the pages pass
 *   (TopModels, at most 2N + 1,000 candidates): the load ranks by a join instead of a sort of the whole listing. It
 *   also writes each page's base-model links (parseBaseModelTags) to one NDJSON file of the run (linksFile), which the
 *   load inserts as they are: parsing them in SQL from the loaded rows' tags cost about a third of the load's CPU.
 *   A resumed crawl, which reads its kept pages again for the top N, writes their links again too.
 * - At most one crawl runs at a time per data folder (a second one is refused); across processes the live database's
 *   file lock already allows only one owner.
 *
 * The listing is sorted by creation time, oldest first: models created during a crawl of several hours land on the
 * last pages instead of shifting every page after them, so the cursor neither repeats nor skips a model.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Session } from '../db/connection.ts';
import type { Logger } from '../lib/log.ts';
import { toIsoDay } from '../lib/time.ts';
import { type BaseModelLink, parseBaseModelTag, parseBaseModelTags } from './base-model-tags.ts';
import type { CollectContext } from './run.ts';

/** What the crawl asks for: the fields lineage and the marts need, and nothing else. */
export const CRAWL_FIELDS = [
  'author',
  'downloads',
  'downloadsAllTime',
  'likes',
  'createdAt',
  'lastModified',
  'pipeline_tag',
  'library_name',
  'tags',
  'safetensors',
] as const;

/** The Hub serves at most 1,000 models a page: about 2,000 pages for 2 million models. */
export const CRAWL_PAGE_SIZE = 1000;
/** The progress bar's total before any crawl has completed (the Hub's size over the page size). */
export const DEFAULT_EXPECTED_PAGES = 2000;

export interface CrawlProgress {
  crawlId: number;
  day: string;
  pages: number;
  models: number;
  /** The page count of the last complete crawl (or DEFAULT_EXPECTED_PAGES): the progress bar's total. */
  expectedPages: number;
  resumedFromPage: number;
  done: boolean;
  updatedAt: string;
}

export interface CrawlPage {
  pageIndex: number;
  url: string;
  payloadId: number;
  file: string;
  syntheticIds: string | null;
  items: number;
  badItems: number;
}

export interface Crawl {
  crawlId: number;
  day: string;
  startedAt: string;
  pages: CrawlPage[];
  resumedFromPage: number;
  /** The top N model ids by 30-day downloads (ties by id), best first, as listed (a model listed twice: both counts). */
  topModels: string[];
  /**
   * The NDJSON file of every listed model's base-model links (linksFile), all pages in order, a model listed twice:
   * both listings' links; `links` lines.
   */
  linksFile: string;
  links: number;
}

/**
 * The top N of a listing by 30-day downloads, kept while the pages stream past (the crawl parses each page anyway to
 * validate it): at most 2N candidates are held, never the listing. Ranks as the load's SQL would: downloads that are
 * not a non-negative whole number count as unknown and rank last; ties by model id (ids are ASCII, so JavaScript's
 * string order is DuckDB's).
 */
export class TopModels {
  private candidates: Array<{ id: string; downloads: number }> = [];

  constructor(readonly n: number) {}

  add(id: string, downloads: unknown): void {
    if (this.n <= 0) return;
    const known = typeof downloads === 'number' && Number.isSafeInteger(downloads) && downloads >= 0;
    this.candidates.push({ id, downloads: known ? downloads : -1 });
    if (this.candidates.length >= 2 * this.n + 1000) this.trim();
  }

  ranked(): string[] {
    this.trim();
    return this.candidates.map((c) => c.id);
  }

  private trim(): void {
    this.candidates.sort((a, b) => b.downloads - a.downloads || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.candidates.length = Math.min(this.candidates.length, this.n);
  }
}

/** One page as the collector fetched it: status checked, quota headers noted, body as text. */
export type PageFetcher = (url: string) => Promise<{ body: string; headers: Headers }>;

export class CrawlBusyError extends Error {
  override name = 'CrawlBusyError';
}

export class CrawlPageError extends Error {
  override name = 'CrawlPageError';
}

const running = new Set<string>();

/** `<url>; rel="next"` from a Link header. */
export function nextLink(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part.trim());
    if (match) return match[1]!;
  }
  return null;
}

export function firstPageUrl(hubUrl: string, pageSize = CRAWL_PAGE_SIZE): string {
  const url = new URL('/api/models', hubUrl);
  url.searchParams.set('limit', String(pageSize));
  url.searchParams.set('sort', 'createdAt');
  url.searchParams.set('direction', '1');
  for (const field of CRAWL_FIELDS) url.searchParams.append('expand', field);
  return url.toString();
}

/** Where `status` and the terminal bar read a running crawl's progress (the live database may be held by a server). */
export function progressFile(dataDir: string): string {
  return path.join(dataDir, 'state', 'hf-crawl.json');
}

/**
 * Where a crawl writes the base-model links of its pages, one JSON object a line (`model_id`, `base_model_id`,
 * `relation`: raw.hf_model_base_models without day and run): written afresh by each run of a crawl from its pages, kept
 * or fetched, so it never outlives its run's use. One crawl runs at a time per data folder, hence one file.
 */
export function linksFile(dataDir: string): string {
  return path.join(dataDir, 'tmp', 'hf-crawl', 'links.ndjson');
}

export function readProgress(dataDir: string): CrawlProgress | undefined {
  try {
    return JSON.parse(fs.readFileSync(progressFile(dataDir), 'utf8')) as CrawlProgress;
  } catch {
    return undefined;
  }
}

function writeProgress(dataDir: string, progress: CrawlProgress): void {
  const file = progressFile(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(progress));
  fs.renameSync(tmp, file);
}

/** A string as JSON: as it is when it holds nothing to escape (Hub ids: letters, digits, `_`, `.`, `-`, `/`). */
function jsonString(value: string): string {
  return /^[\w./-]*$/.test(value) ? `"${value}"` : JSON.stringify(value);
}

/**
 * Validates one page, counts its items, offers them to the top N and returns their base-model links as NDJSON lines;
 * a page that is not a JSON array fails the crawl naming its URL. Items without a string id are counted, not listed.
 */
function inspectPage(
  url: string,
  body: string,
  top: TopModels,
): { items: number; badItems: number; links: string; linkCount: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new CrawlPageError(`malformed JSON from ${url}: ${body.slice(0, 120).replace(/\s+/g, ' ')}`);
  }
  if (!Array.isArray(parsed)) throw new CrawlPageError(`expected a JSON array of models from ${url}`);
  let badItems = 0;
  const links: string[] = [];
  for (const item of parsed) {
    const model =
      typeof item === 'object' && item !== null ? (item as { id?: unknown; downloads?: unknown; tags?: unknown }) : {};
    if (typeof model.id !== 'string' || model.id === '') {
      badItems += 1;
      continue;
    }
    top.add(model.id, model.downloads);
    // Most models declare no base, and most of the others one: only the rest go through the map of
    // parseBaseModelTags (about half the CPU of parsing every model's tags that way).
    if (!Array.isArray(model.tags)) continue;
    let first: string | undefined;
    let several = false;
    for (const tag of model.tags as unknown[]) {
      if (typeof tag !== 'string' || !tag.startsWith('base_model:')) continue;
      if (first === undefined) first = tag;
      else several = true;
    }
    if (first === undefined) continue;
    const declared: Array<BaseModelLink | undefined> = several
      ? parseBaseModelTags((model.tags as unknown[]).filter((t): t is string => typeof t === 'string'))
      : [parseBaseModelTag(first)];
    const modelId = jsonString(model.id);
    for (const link of declared) {
      // The relation is one of RELATIONS or 'unspecified': no escaping needed.
      if (link)
        links.push(
          `{"model_id":${modelId},"base_model_id":${jsonString(link.baseModelId)},"relation":"${link.relation}"}`,
        );
    }
  }
  return {
    items: parsed.length,
    badItems,
    links: links.length ? `${links.join('\n')}\n` : '',
    linkCount: links.length,
  };
}

type CrawlRow = {
  crawl_id: number;
  day: string;
  started_at: string;
  next_url: string | null;
  pages: number;
  status: string;
};

async function openCrawl(ctx: CollectContext, firstUrl: string): Promise<CrawlRow> {
  const day = toIsoDay(ctx.now());
  const updatedAt = ctx.now().toISOString();
  // A crawl of an earlier day can no longer become that day's snapshot.
  await ctx.db.run(
    "update meta.hf_crawls set status = 'abandoned', updated_at = $1::timestamp where status in ('running', 'complete') and day <> $2::date",
    [updatedAt, day],
  );
  const [open] = await ctx.db.json<CrawlRow>(
    `select crawl_id::integer as crawl_id, day::varchar as day, started_at::varchar as started_at,
            next_url, pages, status
     from meta.hf_crawls where day = $1::date and status in ('running', 'complete') order by crawl_id desc limit 1`,
    [day],
  );
  if (open) return open;
  const [created] = await ctx.db.json<CrawlRow>(
    `insert into meta.hf_crawls (day, started_at, status, first_url, next_url, updated_at)
     values ($1::date, $2::timestamp, 'running', $3, $3, $2::timestamp)
     returning crawl_id::integer as crawl_id, day::varchar as day, started_at::varchar as started_at,
               next_url, pages, status`,
    [day, ctx.now().toISOString(), firstUrl],
  );
  return created!;
}

async function pagesOf(db: CollectContext['db'], crawlId: number): Promise<CrawlPage[]> {
  const rows = await db.json<{
    page_index: number;
    url: string;
    payload_id: string;
    file: string;
    synthetic_ids: string | null;
    items: number;
    bad_items: number;
  }>(
    `select page_index, url, payload_id, file, synthetic_ids, items, bad_items
     from meta.hf_crawl_pages where crawl_id = $1 order by page_index`,
    [crawlId],
  );
  return rows.map((r) => ({
    pageIndex: r.page_index,
    url: r.url,
    payloadId: Number(r.payload_id),
    file: r.file,
    syntheticIds: r.synthetic_ids,
    items: r.items,
    badItems: r.bad_items,
  }));
}

async function expectedPages(db: CollectContext['db']): Promise<number> {
  const [row] = await db.json<{ pages: number | null }>(
    "select max_by(pages, crawl_id) as pages from meta.hf_crawls where status in ('complete', 'loaded')",
  );
  return row?.pages ?? DEFAULT_EXPECTED_PAGES;
}

/**
 * Fetches the rest of today's listing (all of it, or from the cursor of an interrupted crawl of today) and returns the
 * crawl with every page kept. Throws when a page cannot be fetched; the pages before it stay kept for the next run.
 */
export async function crawlHub(
  ctx: CollectContext,
  options: {
    fetchPage: PageFetcher;
    firstUrl: string;
    /** How many models `topModels` ranks (the top N of the configuration). */
    topN: number;
    onProgress?: (progress: CrawlProgress) => void;
    log?: Logger;
  },
): Promise<Crawl> {
  const key = path.resolve(ctx.config.dataDir);
  if (running.has(key)) throw new CrawlBusyError('a whole-Hub crawl is already running for this data folder');
  running.add(key);
  let linksFd: number | undefined;
  let complete = false;
  try {
    const log = options.log ?? ctx.log;
    const crawl = await openCrawl(ctx, options.firstUrl);
    const pages = await pagesOf(ctx.db, crawl.crawl_id);
    const resumedFromPage = pages.length;
    const links = linksFile(ctx.config.dataDir);
    fs.mkdirSync(path.dirname(links), { recursive: true });
    const fd = fs.openSync(links, 'w');
    linksFd = fd;
    let linkCount = 0;
    const keepLinks = (inspected: { links: string; linkCount: number }) => {
      if (inspected.links) fs.writeSync(fd, inspected.links);
      linkCount += inspected.linkCount;
    };
    // The pages kept by an earlier run of this crawl are read again for the top N and the links, one at a time.
    const top = new TopModels(options.topN);
    for (const page of pages) {
      keepLinks(inspectPage(page.url, fs.readFileSync(path.join(ctx.config.dataDir, page.file), 'utf8'), top));
    }
    const expected = Math.max(await expectedPages(ctx.db), pages.length);
    let models = pages.reduce((sum, p) => sum + p.items - p.badItems, 0);
    const report = (done: boolean) => {
      const progress: CrawlProgress = {
        crawlId: crawl.crawl_id,
        day: crawl.day,
        pages: pages.length,
        models,
        expectedPages: Math.max(expected, pages.length),
        resumedFromPage,
        done,
        updatedAt: ctx.now().toISOString(),
      };
      writeProgress(ctx.config.dataDir, progress);
      options.onProgress?.(progress);
    };
    if (resumedFromPage > 0 && crawl.next_url) {
      log.info(
        { crawlId: crawl.crawl_id, day: crawl.day, page: resumedFromPage },
        'resuming the whole-Hub crawl from its cursor',
      );
    }
    report(false);
    let url = crawl.next_url;
    while (url) {
      const { body, headers } = await options.fetchPage(url);
      const kept = ctx.payloadFor(url);
      if (!kept) throw new CrawlPageError(`no kept payload for ${url}`);
      const inspected = inspectPage(url, body, top);
      const { items, badItems } = inspected;
      const next = nextLink(headers.get('link'));
      const syntheticIds =
        headers.get('x-replay-synthetic') === 'true' ? (headers.get('x-replay-synthetic-ids') ?? '*') : null;
      const page: CrawlPage = {
        pageIndex: pages.length,
        url,
        payloadId: kept.payloadId,
        file: kept.file,
        syntheticIds,
        items,
        badItems,
      };
      const at = ctx.now().toISOString();
      // The page and the cursor move together: a crash between two pages resumes at the right one. The commit of two
      // rows is one task: the threads setting is left alone rather than changed and put back around it, page by page.
      await ctx.db.transaction(
        async (tx: Session) => {
          await tx.run(
            `insert into meta.hf_crawl_pages (crawl_id, page_index, url, payload_id, file, synthetic_ids, items, bad_items, fetched_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9::timestamp)`,
            [crawl.crawl_id, page.pageIndex, url, page.payloadId, page.file, syntheticIds, items, badItems, at],
          );
          await tx.run(
            `update meta.hf_crawls set next_url = $2, pages = pages + 1, bytes = bytes + $3, updated_at = $4::timestamp
           where crawl_id = $1`,
            [crawl.crawl_id, next, Buffer.byteLength(body), at],
          );
        },
        { oneThreadCommit: false },
      );
      keepLinks(inspected);
      pages.push(page);
      models += items - badItems;
      url = next;
      if (pages.length % 50 === 0)
        log.info({ crawlId: crawl.crawl_id, pages: pages.length, models }, 'whole-Hub crawl progress');
      report(false);
    }
    await ctx.db.run(
      "update meta.hf_crawls set status = 'complete', finished_at = $2::timestamp, updated_at = $2::timestamp where crawl_id = $1 and status = 'running'",
      [crawl.crawl_id, ctx.now().toISOString()],
    );
    log.info({ crawlId: crawl.crawl_id, pages: pages.length, models }, 'whole-Hub crawl complete');
    report(true);
    complete = true;
    return {
      crawlId: crawl.crawl_id,
      day: crawl.day,
      startedAt: crawl.started_at,
      pages,
      resumedFromPage,
      topModels: top.ranked(),
      linksFile: links,
      links: linkCount,
    };
  } finally {
    if (linksFd !== undefined) fs.closeSync(linksFd);
    // A crawl cut short leaves no links: the next run writes them again from the kept pages.
    if (!complete) fs.rmSync(linksFile(ctx.config.dataDir), { force: true });
    running.delete(key);
  }
}
