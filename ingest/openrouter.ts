/**
 * OpenRouter: usage rankings (Data API `rankings-daily`, needs a key) and the public model catalogue.
 *
 * Both go through the official @openrouter/sdk, whose HTTP client is handed our fetch (ingest/http.ts): one retry
 * policy (the SDK's own retries are off), every response body kept as a payload, a throttle at the API's 30
 * requests per minute. The SDK validates the wire shape; we check the values it leaves as strings (dates, token
 * counts, as_of) before anything is written.
 *
 * Rankings keep their history: OpenRouter restates recent days as late usage arrives, so each value is stored with
 * the as_of of the response that first reported it, and a model that drops out of a day gets a tombstone.
 */
import fs from 'node:fs';
import { fromRoot } from '../lib/paths.ts';
import { HTTPClient, OpenRouter } from '@openrouter/sdk';
import type { Model } from '@openrouter/sdk/models';
import type { GetRankingsDailyCategory } from '@openrouter/sdk/models/operations';
import { ResponseValidationError } from '@openrouter/sdk/models/errors';
import * as z from 'zod';
import type { Session } from '../db/connection.ts';
import { addDays, isIsoDay, lastCompleteDay, parseIsoDay, splitWindows, toIsoDay, weekStart } from '../lib/time.ts';
import type { FetchLike } from './http.ts';
import { declarationOf } from './declarations.ts';
import type { CollectContext, CollectWindow, Fetched, Source } from './run.ts';

/** The first day of OpenRouter's rankings history. */
export const OPENROUTER_HISTORY_START = '2025-01-01';
/** Days before the latest day held that each scheduled run fetches again, to pick up restatements. */
export const RESTATEMENT_DAYS = 14;
/** The API's longest window per request. */
export const MAX_WINDOW_DAYS = 366;
/** Data API requests per UTC day per account. */
export const DAILY_REQUEST_BUDGET = 500;
export const OPENROUTER_THROTTLE = { limit: 30, intervalMs: 60_000 } as const;

/** Categories fetched as weekly sampled estimates after the exact data (API-SHAPES.md). */
export const OPENROUTER_CATEGORIES = [
  'programming',
  'roleplay',
  'marketing',
  'marketing/seo',
  'technology',
  'science',
  'translation',
  'legal',
  'finance',
  'health',
  'trivia',
  'academia',
] as const;
export type OpenRouterCategory = (typeof OPENROUTER_CATEGORIES)[number];

const sql = (name: string) => fs.readFileSync(fromRoot(`ingest/sql/${name}.sql`), 'utf8');
const STAGE_RANKINGS_SQL = sql('openrouter_rankings_stage');
const MERGE_RANKINGS_SQL = sql('openrouter_rankings_merge');
const INSERT_MODELS_SQL = sql('openrouter_models_insert');

export interface DayWindow {
  start: string;
  end: string;
}

/**
 * The days to collect: `--from/--to` when given (validated), else a back-fill from the start of history when no
 * exact rows are held, else the trailing restatement window up to the last complete UTC day.
 * Returns undefined when the default window is empty (nothing to do). Throws RangeError on a bad window.
 */
export function resolveRankingsWindow(
  requested: CollectWindow,
  state: { lastCompleteDay: string; latestHeld: string | null },
): DayWindow | undefined {
  const lastDay = state.lastCompleteDay;
  const from = requested.from === undefined ? undefined : parseIsoDay(requested.from, '--from');
  const to = requested.to === undefined ? undefined : parseIsoDay(requested.to, '--to');
  const before = `OpenRouter's rankings history starts on ${OPENROUTER_HISTORY_START}`;
  if (from !== undefined && from < OPENROUTER_HISTORY_START)
    throw new RangeError(`--from ${from} is before ${OPENROUTER_HISTORY_START}: ${before}`);
  if (to !== undefined && to < OPENROUTER_HISTORY_START)
    throw new RangeError(`--to ${to} is before ${OPENROUTER_HISTORY_START}: ${before}`);
  if (to !== undefined && to > lastDay) {
    throw new RangeError(
      `--to ${to} is after the last complete UTC day, ${lastDay}: OpenRouter serves complete days only`,
    );
  }
  const end = to ?? lastDay;
  if (from !== undefined) {
    if (from > end) {
      throw new RangeError(
        to !== undefined
          ? `--from ${from} is after --to ${to}`
          : `--from ${from} is after the last complete UTC day, ${lastDay}`,
      );
    }
    return { start: from, end };
  }
  const trailing = state.latestHeld === null ? OPENROUTER_HISTORY_START : addDays(state.latestHeld, -RESTATEMENT_DAYS);
  const start = trailing < OPENROUTER_HISTORY_START ? OPENROUTER_HISTORY_START : trailing;
  if (start > end) {
    if (to !== undefined) {
      throw new RangeError(
        `--to ${to} is before the default start ${start} (the latest day held minus ${RESTATEMENT_DAYS} days): give --from too`,
      );
    }
    return undefined;
  }
  return { start, end };
}

/**
 * Windows of whole ISO weeks (Monday to Sunday) inside the days [from, to] widened back to the Monday of `from`,
 * each at most MAX_WINDOW_DAYS long. The category data is weekly: a partial week would be stored as if it were the
 * week's value, so only complete weeks are asked for (the week holding 2025-01-01 starts with the history).
 */
export function weeklyWindows(from: string, to: string): DayWindow[] {
  const monday = weekStart(from);
  const start = monday < OPENROUTER_HISTORY_START ? OPENROUTER_HISTORY_START : monday;
  const end = addDays(weekStart(addDays(to, 1)), -1); // the Sunday on or before `to`
  const windows: DayWindow[] = [];
  const weeksPerWindow = Math.floor(MAX_WINDOW_DAYS / 7);
  let cursor = start;
  while (cursor <= end) {
    const windowEnd = addDays(weekStart(cursor), weeksPerWindow * 7 - 1);
    windows.push({ start: cursor, end: windowEnd < end ? windowEnd : end });
    cursor = addDays(windowEnd, 1);
  }
  return windows;
}

/** Requests of this source already made today (UTC), from the payload index: retries count, as they do upstream. */
async function requestsToday(ctx: CollectContext, source: string): Promise<number> {
  const today = toIsoDay(ctx.now());
  const row = await ctx.db.one<{ n: number }>(
    'select count(*)::integer as n from meta.payloads where source = $source and fetched_at >= $day::timestamp and fetched_at < $next::timestamp',
    { source, day: today, next: addDays(today, 1) },
  );
  return row?.n ?? 0;
}

interface Call<T> {
  value: T;
  url: string;
  fetchedAt: string;
}

/** An SDK client over ctx.http(), and a wrapper that knows the URL of each call (the SDK builds it). */
function createClient(ctx: CollectContext, apiKey: string | undefined) {
  const http = ctx.http({ throttle: OPENROUTER_THROTTLE });
  const urls: string[] = [];
  const fetcher: FetchLike = (input, init) => {
    urls.push(typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url);
    return http(input, init);
  };
  const client = new OpenRouter({
    apiKey,
    serverURL: ctx.config.openrouterBaseUrl,
    httpClient: new HTTPClient({ fetcher }),
    retryConfig: { strategy: 'none' },
  });
  // Calls run one at a time, so the URL fetched during a call is that call's.
  async function call<T>(what: string, run: (client: OpenRouter) => Promise<T>): Promise<Call<T>> {
    const first = urls.length;
    try {
      const value = await run(client);
      return { value, url: urls.at(-1) ?? ctx.config.openrouterBaseUrl, fetchedAt: ctx.now().toISOString() };
    } catch (error) {
      // A paged call names the page that failed: the last URL fetched.
      throw explainFailure(what, urls.length > first ? urls.at(-1)! : ctx.config.openrouterBaseUrl, error);
    }
  }
  return call;
}

function issuesOf(error: unknown): string | undefined {
  const issues = (error as { issues?: Array<{ path: PropertyKey[]; message: string }> } | undefined)?.issues;
  if (!Array.isArray(issues)) return undefined;
  // The SDK nests paged bodies under its own `Result` key: show the wire path.
  const wirePath = (p: PropertyKey[]) => (p[0] === 'Result' ? p.slice(1) : p).map(String).join('.') || '(root)';
  const shown = issues.slice(0, 3).map((i) => `${wirePath(i.path)}: ${i.message}`);
  return shown.join('; ') + (issues.length > 3 ? `; and ${issues.length - 3} more` : '');
}

/** One message naming the URL and the problem, whatever layer failed (our fetch, the SDK's parsing, the shape). */
function explainFailure(what: string, url: string, error: unknown): Error {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  if (error instanceof ResponseValidationError) {
    return new Error(
      `OpenRouter ${what} response from ${url} does not have the expected shape: ${issuesOf(error.cause) ?? error.message}`,
    );
  }
  if (error instanceof SyntaxError)
    return new Error(`OpenRouter ${what} response from ${url} is not valid JSON: ${error.message}`);
  // Our fetch's errors (HttpError: status and URL; timeouts; network) reach us wrapped by the SDK's client.
  const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new Error(`OpenRouter ${what} request failed: ${message.includes(url) ? message : `${url}: ${message}`}`);
}

const isoDay = z.string().refine(isIsoDay, 'not a calendar date YYYY-MM-DD');
const rankingsResponse = z.object({
  data: z.array(
    z.object({
      date: isoDay,
      modelPermaslug: z.string().min(1),
      // Fits BIGINT: a day's or a week's tokens are far below 1e18.
      totalTokens: z.string().regex(/^\d{1,18}$/, 'not a whole number of tokens'),
    }),
  ),
  meta: z.object({
    asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/, 'not a UTC timestamp'),
    startDate: isoDay,
    endDate: isoDay,
  }),
});

interface StagedRow {
  period: 'day' | 'week';
  category: string;
  date: string;
  model_permaslug: string;
  total_tokens: string;
  as_of: string;
  fetched_at: string;
  payload_id: number | null;
}

/** Checks the values the SDK leaves as strings; a bad row fails the run (a skipped row would read as a drop-out). */
function stageResponse(
  call: Call<unknown>,
  period: StagedRow['period'],
  category: string,
  ctx: CollectContext,
): { rows: StagedRow[]; asOf: string } {
  const parsed = rankingsResponse.safeParse(call.value);
  if (!parsed.success) {
    throw new Error(
      `OpenRouter rankings response from ${call.url} does not have the expected values: ${issuesOf(parsed.error)}`,
    );
  }
  const asOf = new Date(parsed.data.meta.asOf).toISOString();
  const payloadId = ctx.payloadIdFor(call.url) ?? null;
  const seen = new Set<string>();
  const rows = parsed.data.data.map((item): StagedRow => {
    const key = `${item.date} ${item.modelPermaslug}`;
    if (seen.has(key)) throw new Error(`OpenRouter rankings response from ${call.url} lists ${key} twice`);
    seen.add(key);
    return {
      period,
      category,
      date: item.date,
      model_permaslug: item.modelPermaslug,
      total_tokens: item.totalTokens,
      as_of: asOf,
      fetched_at: call.fetchedAt,
      payload_id: payloadId,
    };
  });
  return { rows, asOf };
}

async function writeRankings(tx: Session, runId: number, rows: StagedRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  await tx.run(STAGE_RANKINGS_SQL, { rows: JSON.stringify(rows) });
  await tx.run(MERGE_RANKINGS_SQL, { run_id: runId });
  await tx.run('drop table openrouter_staged');
  const written = await tx.one<{ n: number }>(
    'select count(*)::integer as n from raw.openrouter_rankings where run_id = $1',
    [runId],
  );
  return written?.n ?? 0;
}

export interface OpenRouterRankingsOptions {
  /** Categories fetched as weekly estimates after the exact data; [] skips them. */
  categories?: readonly string[];
}

export function createOpenRouterRankingsSource(options: OpenRouterRankingsOptions = {}): Source {
  const name = 'openrouter' as const;
  const categories = options.categories ?? OPENROUTER_CATEGORIES;
  return {
    ...declarationOf(name),
    async fetch(ctx: CollectContext): Promise<Fetched> {
      const latest = await ctx.db.one<{ d: string | null }>(
        "select max(date)::varchar as d from raw.openrouter_rankings where period = 'day' and category = 'all'",
      );
      const lastDay = lastCompleteDay(ctx.now());
      const window = resolveRankingsWindow(ctx.window, { lastCompleteDay: lastDay, latestHeld: latest?.d ?? null });
      if (!window) {
        return { rowsFetched: 0, write: async () => 0, message: `nothing to collect: data held up to ${latest?.d}` };
      }
      const exact = splitWindows(window.start, window.end, MAX_WINDOW_DAYS);
      const weekly = categories.length ? weeklyWindows(window.start, window.end) : [];
      const planned = exact.length + weekly.length * categories.length;
      const used = await requestsToday(ctx, name);
      if (used + planned > DAILY_REQUEST_BUDGET) {
        throw new Error(
          `OpenRouter request budget: ${used} of ${DAILY_REQUEST_BUDGET} requests already made today (UTC ${toIsoDay(ctx.now())}) ` +
            `and this run needs ${planned}; refusing to run. Narrow the window (--from/--to) or run after 00:00 UTC.`,
        );
      }

      const call = createClient(ctx, ctx.config.openrouterApiKey);
      const staged: StagedRow[] = [];
      let asOf = '';
      for (const w of exact) {
        const response = await call('rankings', (c) =>
          c.datasets.getRankingsDaily({ startDate: w.start, endDate: w.end }),
        );
        const stagedResponse = stageResponse(response, 'day', 'all', ctx);
        staged.push(...stagedResponse.rows);
        asOf = stagedResponse.asOf > asOf ? stagedResponse.asOf : asOf;
      }
      const exactRows = staged.length;
      for (const category of categories) {
        for (const w of weekly) {
          const response = await call('rankings', (c) =>
            c.datasets.getRankingsDaily({
              startDate: w.start,
              endDate: w.end,
              period: 'week',
              category: category as GetRankingsDailyCategory,
            }),
          );
          staged.push(...stageResponse(response, 'week', category, ctx).rows);
        }
      }
      const weeks = weekly.length
        ? `; ${categories.length} categories x weeks ${weekly[0]!.start}..${weekly.at(-1)!.end}`
        : '';
      return {
        rowsFetched: staged.length,
        windowStart: window.start,
        windowEnd: window.end,
        message:
          `${exactRows} exact rows for ${window.start}..${window.end}${weeks}; ` +
          `as_of ${asOf.replace('.000Z', 'Z')}; ${used + planned} of ${DAILY_REQUEST_BUDGET} requests used today`,
        write: (tx) => writeRankings(tx, ctx.runId, staged),
      };
    },
  };
}

export const openrouterRankingsSource: Source = createOpenRouterRankingsSource();

interface CatalogueRow {
  id: string;
  canonical_slug: string;
  name: string;
  created_at: string;
  context_length: number | null;
  hugging_face_id: string | null;
  pricing_prompt: string;
  pricing_completion: string;
  modality: string | null;
}

export const openrouterModelsSource: Source = {
  ...declarationOf('openrouter-models'),
  async fetch(ctx: CollectContext): Promise<Fetched> {
    // The catalogue is public: the key is not sent.
    const call = createClient(ctx, undefined);
    const listed = await call('models', async (c) => {
      const models: Model[] = [];
      for await (const page of await c.models.list()) models.push(...page.result.data);
      return models;
    });
    const url = listed.url;
    const rows: CatalogueRow[] = [];
    const seen = new Set<string>();
    for (const model of listed.value) {
      if (seen.has(model.id)) throw new Error(`OpenRouter models response from ${url} lists ${model.id} twice`);
      seen.add(model.id);
      rows.push({
        id: model.id,
        canonical_slug: model.canonicalSlug,
        name: model.name,
        created_at: new Date(model.created * 1000).toISOString(),
        context_length: model.contextLength,
        hugging_face_id: model.huggingFaceId || null,
        pricing_prompt: model.pricing.prompt,
        pricing_completion: model.pricing.completion,
        modality: model.architecture.modality,
      });
    }
    if (rows.length === 0) throw new Error(`OpenRouter models response from ${url} lists no models`);
    const day = toIsoDay(ctx.now());
    const fetchedAt = ctx.now().toISOString();
    return {
      rowsFetched: rows.length,
      windowStart: day,
      windowEnd: day,
      message: `${rows.length} models in the catalogue snapshot of ${day}`,
      async write(tx) {
        await tx.run('delete from raw.openrouter_models where day = $1::date', [day]);
        await tx.run(INSERT_MODELS_SQL, { rows: JSON.stringify(rows), day, fetched_at: fetchedAt, run_id: ctx.runId });
        return rows.length;
      },
    };
  },
};
