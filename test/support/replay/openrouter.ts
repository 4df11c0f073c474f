/**
 * OpenRouter's API replayed under /api/v1 from the real archive ingest/seed-history/openrouter/rankings-daily-vintages.csv.
 *
 * - GET /datasets/rankings-daily: the exact data as it stood at the replay's clock (per (date, model) the value with
 *   the greatest archived_at <= now; a date nothing was archived for by then is not served). period=week|month sums
 *   those rows by ISO week / month start. category=<c> (with period=week) answers SYNTHETIC estimates derived from
 *   the real weekly sums (test/fixtures/openrouter/category-fractions.synthetic.json), marked by the header
 *   `X-Replay-Synthetic: true`.
 * - GET /models: a SYNTHETIC catalogue (no recording exists) built from the archive's permaslugs and
 *   test/fixtures/openrouter/models.synthetic.json, shaped to pass @openrouter/sdk's strict validation.
 * - A sliding-minute rate limit (429 + Retry-After) and scripted faults for tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import express from 'express';
import { daysBetween, isIsoDay, lastCompleteDay, toIsoDay, weekStart } from '../../../lib/time.ts';
import type { ReplayContext } from './server.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');
export const OPENROUTER_ARCHIVE_CSV = path.join(REPO, 'ingest/seed-history/openrouter/rankings-daily-vintages.csv');
const FIXTURES = path.join(REPO, 'test/fixtures/openrouter');

const HISTORY_START = '2025-01-01';
const MAX_SPAN_DAYS = 366;
const PERIODS = ['day', 'week', 'month'] as const;
const MODALITIES = ['text', 'image', 'image_output', 'audio', 'tool_calling'];
export const REPLAY_CATEGORIES = [
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

/** A scripted answer: the next `times` requests to `path` get `status` (and `body`) instead of the replay. */
export interface OpenRouterFault {
  /** Path under /api/v1, e.g. '/datasets/rankings-daily' or '/models'. */
  path: string;
  status: number;
  times: number;
  retryAfterSeconds?: number;
  /** Raw body sent as application/json (or built from the request); default the API's error JSON for `status`. */
  body?: string | ((req: express.Request) => string);
  /** Never answer (the client's timeout must fire). */
  hang?: boolean;
  /** Send the real answer's headers and its first N bytes, then reset the connection. */
  resetAfterBytes?: number;
  /** Edit the real JSON answer (numbers as strings, duplicated days, a wrong envelope...). `status` is then ignored. */
  mutate?: (body: unknown) => unknown;
}

export interface OpenRouterReplayOptions {
  /** Requests allowed in any sliding minute (wall-clock time); default 30, as the real API. */
  rateLimitPerMinute?: number;
  /** Consumed in order: a request takes the first matching fault with answers left. */
  faults?: OpenRouterFault[];
  /** Rows left out of every rankings answer, to replay a model dropping out of a day's list. */
  dropRows?: Array<{ date: string; modelPermaslug: string }>;
  /** The archive to serve; default the shipped seed history. */
  csvFile?: string;
}

interface Version {
  archivedAt: string;
  archivedMs: number;
  tokens: bigint;
}

interface Archive {
  /** (date, model) -> versions, oldest first. */
  pairs: Array<{ date: string; model: string; versions: Version[] }>;
  /** archived_at values, oldest first. */
  archiveTimes: Array<{ text: string; ms: number }>;
  permaslugs: string[];
}

interface RankingRow {
  date: string;
  model: string;
  tokens: bigint;
}

const archives = new Map<string, Archive>();

function loadArchive(file: string): Archive {
  const cached = archives.get(file);
  if (cached) return cached;
  const records = parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<
    Record<'archived_at' | 'date' | 'model_permaslug' | 'total_tokens', string>
  >;
  const byPair = new Map<string, { date: string; model: string; versions: Version[] }>();
  const times = new Map<string, number>();
  for (const r of records) {
    const key = `${r.date}\u0000${r.model_permaslug}`;
    let pair = byPair.get(key);
    if (!pair) byPair.set(key, (pair = { date: r.date, model: r.model_permaslug, versions: [] }));
    const archivedMs = Date.parse(r.archived_at);
    pair.versions.push({ archivedAt: r.archived_at, archivedMs, tokens: BigInt(r.total_tokens) });
    times.set(r.archived_at, archivedMs);
  }
  for (const pair of byPair.values()) pair.versions.sort((a, b) => a.archivedMs - b.archivedMs);
  const archive: Archive = {
    pairs: [...byPair.values()],
    archiveTimes: [...times].map(([text, ms]) => ({ text, ms })).sort((a, b) => a.ms - b.ms),
    permaslugs: [...new Set(records.map((r) => r.model_permaslug))].sort(),
  };
  archives.set(file, archive);
  return archive;
}

/** The exact rows as they stood at `nowMs`, for dates in [start, end]. */
function rowsInForce(archive: Archive, nowMs: number, start: string, end: string): RankingRow[] {
  const rows: RankingRow[] = [];
  for (const pair of archive.pairs) {
    if (pair.date < start || pair.date > end) continue;
    let inForce: Version | undefined;
    for (const v of pair.versions) if (v.archivedMs <= nowMs) inForce = v;
    if (inForce) rows.push({ date: pair.date, model: pair.model, tokens: inForce.tokens });
  }
  return rows;
}

function aggregate(rows: RankingRow[], bucket: (day: string) => string): RankingRow[] {
  const sums = new Map<string, RankingRow>();
  for (const row of rows) {
    const date = bucket(row.date);
    const key = `${date}\u0000${row.model}`;
    const sum = sums.get(key);
    if (sum) sum.tokens += row.tokens;
    else sums.set(key, { date, model: row.model, tokens: row.tokens });
  }
  return [...sums.values()];
}

const monthStart = (day: string) => `${day.slice(0, 7)}-01`;

/** The API's order: date, then tokens descending, `other` last within its date, ties alphabetical. */
function sortRankings(rows: RankingRow[]): RankingRow[] {
  return rows.sort((a, b) => {
    if (a.date !== b.date) return a.date < b.date ? -1 : 1;
    if ((a.model === 'other') !== (b.model === 'other')) return a.model === 'other' ? 1 : -1;
    if (a.tokens !== b.tokens) return a.tokens > b.tokens ? -1 : 1;
    return a.model < b.model ? -1 : a.model > b.model ? 1 : 0;
  });
}

function charSum(text: string): number {
  let sum = 0;
  for (const ch of text) sum += ch.codePointAt(0)!;
  return sum;
}

interface CategoryFixture {
  fractions_permille: Record<string, number>;
}

/** SYNTHETIC: a category's weekly estimate = real weekly sum x fraction x a per-model factor (see the fixture). */
function syntheticCategoryRows(weekly: RankingRow[], category: string): RankingRow[] {
  const fixture = JSON.parse(
    fs.readFileSync(path.join(FIXTURES, 'category-fractions.synthetic.json'), 'utf8'),
  ) as CategoryFixture;
  const fraction = BigInt(fixture.fractions_permille[category]!);
  const index = REPLAY_CATEGORIES.indexOf(category as (typeof REPLAY_CATEGORIES)[number]);
  return weekly
    .map((row) => {
      const factor = BigInt(500 + ((charSum(row.model) + 97 * index) % 1001));
      return { ...row, tokens: (row.tokens * fraction * factor) / 1_000_000n };
    })
    .filter((row) => row.tokens > 0n);
}

interface ModelsFixture {
  defaults: {
    context_length: number;
    max_completion_tokens: number;
    pricing_prompt: string;
    pricing_completion: string;
    created_without_date_suffix: number;
  };
  hugging_face_ids: Record<string, string>;
}

const DATE_SUFFIX = /-(\d{8}|\d{4}-\d{2}-\d{2})$/;

/** SYNTHETIC catalogue entries, one per model id (a dated permaslug's id drops its date; the newest date wins). */
export function syntheticCatalogue(permaslugs: readonly string[]): Array<Record<string, unknown>> {
  const fixture = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'models.synthetic.json'), 'utf8')) as ModelsFixture;
  const d = fixture.defaults;
  const byId = new Map<string, { canonical: string; variant: string; created: number }>();
  for (const permaslug of permaslugs) {
    if (permaslug === 'other') continue;
    const [canonical, variant = ''] = permaslug.split(':') as [string, string?];
    const suffix = canonical.match(DATE_SUFFIX)?.[1];
    const base = suffix ? canonical.slice(0, -suffix.length - 1) : canonical;
    const id = variant ? `${base}:${variant}` : base;
    const digits = suffix?.replace(/-/g, '');
    const created = digits
      ? Date.UTC(Number(digits.slice(0, 4)), Number(digits.slice(4, 6)) - 1, Number(digits.slice(6, 8))) / 1000
      : d.created_without_date_suffix;
    const held = byId.get(id);
    if (!held || created > held.created || (created === held.created && canonical > held.canonical)) {
      byId.set(id, { canonical, variant, created });
    }
  }
  return [...byId]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, { canonical, variant, created }]) => {
      const embedding = /embed|bge/.test(id);
      const free = variant === 'free';
      return {
        id,
        canonical_slug: canonical,
        hugging_face_id: fixture.hugging_face_ids[canonical] ?? null,
        name: `${id} (synthetic replay entry)`,
        created,
        description: 'SYNTHETIC catalogue entry served by the adoption-tracker replay server.',
        context_length: d.context_length,
        architecture: {
          modality: embedding ? 'text->embeddings' : 'text->text',
          input_modalities: ['text'],
          output_modalities: [embedding ? 'embeddings' : 'text'],
          tokenizer: 'Other',
          instruct_type: null,
        },
        pricing: {
          prompt: free ? '0' : d.pricing_prompt,
          completion: free || embedding ? '0' : d.pricing_completion,
          request: '0',
          image: '0',
        },
        top_provider: {
          context_length: d.context_length,
          max_completion_tokens: d.max_completion_tokens,
          is_moderated: false,
        },
        per_request_limits: null,
        supported_parameters: ['max_tokens', 'temperature', 'top_p'],
        default_parameters: null,
        supported_voices: null,
        links: { details: `/api/v1/models/${canonical}/endpoints` },
      };
    });
}

function sendError(res: express.Response, code: number, message: string): void {
  res.status(code).json({ error: { code, message } });
}

function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Lets the route build its answer, then edits it or sends only part of it before resetting the connection. */
export function interceptJson(
  res: express.Response,
  fault: { resetAfterBytes?: number; mutate?: (body: unknown) => unknown; before?: () => void },
): void {
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    fault.before?.();
    const edited = fault.mutate ? fault.mutate(body) : body;
    if (fault.resetAfterBytes === undefined) return json(edited);
    const text = Buffer.from(JSON.stringify(edited));
    res.status(200).set({ 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(text.length) });
    res.flushHeaders();
    res.socket?.write(text.subarray(0, fault.resetAfterBytes), () => res.socket?.resetAndDestroy());
    return res;
  };
}

export function openrouterReplay(ctx: ReplayContext, options: OpenRouterReplayOptions = {}): express.Router {
  const router = express.Router();
  const csvFile = options.csvFile ?? OPENROUTER_ARCHIVE_CSV;
  const limit = options.rateLimitPerMinute ?? 30;
  const faults = (options.faults ?? []).map((f) => ({ ...f, left: f.times }));
  const dropped = new Set((options.dropRows ?? []).map((r) => `${r.date}\u0000${r.modelPermaslug}`));
  const recent: number[] = [];

  router.use((_req, res, next) => {
    const t = Date.now();
    while (recent.length && recent[0]! <= t - 60_000) recent.shift();
    if (recent.length >= limit) {
      const waitSeconds = Math.max(1, Math.ceil((recent[0]! + 60_000 - t) / 1000));
      res.set('Retry-After', String(waitSeconds));
      return sendError(res, 429, `Rate limit exceeded: ${limit} requests per minute`);
    }
    recent.push(t);
    next();
  });

  router.use((req, res, next) => {
    const fault = faults.find((f) => f.left > 0 && f.path === req.path);
    if (!fault) return next();
    fault.left -= 1;
    if (fault.hang) return;
    if (fault.resetAfterBytes !== undefined || fault.mutate) {
      interceptJson(res, fault);
      return next();
    }
    if (fault.retryAfterSeconds !== undefined) res.set('Retry-After', String(fault.retryAfterSeconds));
    if (fault.body !== undefined) {
      const body = typeof fault.body === 'function' ? fault.body(req) : fault.body;
      return void res.status(fault.status).type('application/json').send(body);
    }
    sendError(res, fault.status, `replayed fault ${fault.status}`);
  });

  router.get('/datasets/rankings-daily', (req, res) => {
    const auth = req.headers.authorization ?? '';
    if (!/^Bearer\s+\S+/.test(auth)) {
      return sendError(res, 401, 'Missing or invalid API key: send Authorization: Bearer <OpenRouter API key>');
    }
    const q = req.query;
    const startDate = single(q.start_date);
    const endDate = single(q.end_date);
    const period = single(q.period) ?? 'day';
    const category = single(q.category);
    const modality = single(q.modality);
    if (startDate === undefined || !isIsoDay(startDate))
      return sendError(res, 400, 'start_date must be a date YYYY-MM-DD');
    if (endDate === undefined || !isIsoDay(endDate)) return sendError(res, 400, 'end_date must be a date YYYY-MM-DD');
    if (startDate > endDate) return sendError(res, 400, 'start_date must not be after end_date');
    if (daysBetween(startDate, endDate) + 1 > MAX_SPAN_DAYS) {
      return sendError(res, 400, `the window spans more than ${MAX_SPAN_DAYS} days`);
    }
    if (!(PERIODS as readonly string[]).includes(period))
      return sendError(res, 400, 'period must be day, week or month');
    if (category !== undefined) {
      if (!(REPLAY_CATEGORIES as readonly string[]).includes(category))
        return sendError(res, 400, `unknown category ${category}`);
      if (period === 'day')
        return sendError(res, 400, 'category reads a weekly sampled dataset: period=day is not allowed');
      if (modality !== undefined || q.context_bucket !== undefined || q.language_type !== undefined) {
        return sendError(res, 400, 'category cannot be combined with other filters');
      }
    } else if (modality !== undefined && !MODALITIES.includes(modality)) {
      return sendError(res, 400, `unknown modality ${modality}`);
    }
    if (modality !== undefined || q.context_bucket !== undefined || q.language_type !== undefined) {
      return sendError(res, 501, 'modality, context_bucket and language_type are not replayed');
    }

    const now = ctx.now();
    const start = startDate < HISTORY_START ? HISTORY_START : startDate;
    const lastDay = lastCompleteDay(now);
    const end = endDate > lastDay ? lastDay : endDate;
    if (start > end) return sendError(res, 400, `the window holds no complete UTC day (today is ${toIsoDay(now)})`);

    const archive = loadArchive(csvFile);
    const nowMs = now.getTime();
    let rows = rowsInForce(archive, nowMs, start, end).filter((r) => !dropped.has(`${r.date}\u0000${r.model}`));
    if (period === 'week') rows = aggregate(rows, weekStart);
    if (period === 'month') rows = aggregate(rows, monthStart);
    if (category !== undefined) {
      rows = syntheticCategoryRows(rows, category);
      res.set('X-Replay-Synthetic', 'true');
    }
    const asOf =
      archive.archiveTimes.filter((t) => t.ms <= nowMs).at(-1)?.text ?? now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    res.json({
      data: sortRankings(rows).map((r) => ({
        date: r.date,
        model_permaslug: r.model,
        total_tokens: r.tokens.toString(),
      })),
      meta: { as_of: asOf, start_date: start, end_date: end, version: 'v1' },
    });
  });

  router.get('/models', (_req, res) => {
    const data = syntheticCatalogue(loadArchive(csvFile).permaslugs);
    res.set('X-Replay-Synthetic', 'true');
    res.json({ data, links: { next: null }, total_count: data.length });
  });

  router.use((req, res) => sendError(res, 404, `no replay for ${req.method} /api/v1${req.path}`));
  return router;
}
