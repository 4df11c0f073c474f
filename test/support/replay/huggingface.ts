/**
 * Replay of the Hugging Face Hub's model API (mounted at /api): `GET /models` and `GET /models/{id}[/revision/{rev}]`.
 *
 * Served from the real recording ingest/seed-history/huggingface/top30-daily.csv (the Hub's daily top 30 by
 * downloads: id, pipeline_tag, downloads, likes, first six tags) for the replay clock's UTC day, plus a SYNTHETIC
 * fixture (test/fixtures/huggingface/synthetic-models.json) of tracked-org models and lineage chains. Responses
 * holding synthetic models say so: `X-Replay-Synthetic: true` and `X-Replay-Synthetic-Ids: <repo ids>`.
 * Fields the recording lacks (createdAt, downloadsAllTime, lastModified, library_name, `_id`) are left out for
 * recorded models, never made up.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import express from 'express';
import { generatedPage, type GeneratedListing } from './hub-listing.ts';
import type { ReplayContext } from './server.ts';
import { interceptJson } from './openrouter.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const HF_RECORDING = path.join(ROOT, 'ingest/seed-history/huggingface/top30-daily.csv');
export const HF_SYNTHETIC_MODELS = path.join(ROOT, 'test/fixtures/huggingface/synthetic-models.json');

/** A fault: the next `times` requests matching `path` answer differently. */
export interface HuggingFaceFault {
  /** A path under /api exactly (e.g. '/models', '/models/Qwen/Qwen3-8B/revision/HEAD'), or a RegExp tested on path + query. */
  path: string | RegExp;
  times: number;
  /** Status to answer (default: the normal one). */
  status?: number;
  headers?: Record<string, string>;
  /** A raw body replacing the normal one (e.g. malformed JSON). */
  body?: string;
  /** Edits the normal JSON body (e.g. adds an item without an id). */
  mutate?: (body: unknown) => unknown;
  /** Never answer (the client's timeout must fire). */
  hang?: boolean;
  /** Send the real answer's headers and its first N bytes, then reset the connection. */
  resetAfterBytes?: number;
  /** Replaces the answer's `Link` header (e.g. one pointing back to a page already served). */
  link?: (origin: string, req: express.Request) => string;
}

export interface HuggingFaceReplayOptions {
  recordingFile?: string;
  /** The synthetic models; null serves the recording alone. */
  syntheticFile?: string | null;
  /** Fixed windows like the Hub's: default 500 requests per 300 s (anonymous). */
  rateLimit?: { quota?: number; windowSeconds?: number };
  /** Milliseconds clock of the rate-limit windows (default Date.now); tests pass one their sleep advances. */
  clock?: () => number;
  /** Largest page served whatever `limit` asks (default 1000). */
  maxPageSize?: number;
  /** Read live and consumed in order: a test may push faults after the server started. */
  faults?: HuggingFaceFault[];
  /**
   * A SYNTHETIC whole-Hub listing (test/support/replay/hub-listing.ts) served for a listing with no filter, sorted by
   * createdAt ascending or not sorted: the whole-Hub crawl's request. Other requests see the recording as before.
   */
  generated?: GeneratedListing;
}

interface HubModel {
  id: string;
  author?: string;
  downloads?: number;
  downloadsAllTime?: number;
  likes?: number;
  createdAt?: string;
  lastModified?: string;
  pipeline_tag?: string;
  library_name?: string;
  tags?: string[];
  private?: boolean;
  safetensors?: { parameters: Record<string, number>; total: number };
}

interface Snapshot {
  snapshotAt: string;
  models: HubModel[];
}

interface Recording {
  /** Snapshots in time order, one per recorded UTC day. */
  snapshots: Snapshot[];
}

const recordings = new Map<string, Recording>();

function loadRecording(file: string): Recording {
  const cached = recordings.get(file);
  if (cached) return cached;
  const rows = parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<
    Record<string, string>
  >;
  const bySnapshot = new Map<string, HubModel[]>();
  for (const row of rows) {
    const models = bySnapshot.get(row.snapshot_at!) ?? [];
    const id = row.model_id!;
    const model: HubModel = {
      id,
      author: id.includes('/') ? id.split('/')[0] : undefined,
      downloads: Number(row.downloads_30d),
      likes: row.likes === '' ? undefined : Number(row.likes),
      pipeline_tag: row.pipeline_tag || undefined,
      tags: row.tags ? row.tags.split('|') : [],
      // Only public models appear in an anonymous listing.
      private: false,
    };
    models[Number(row.rank) - 1] = model;
    bySnapshot.set(row.snapshot_at!, models);
  }
  const snapshots = [...bySnapshot.entries()]
    .map(([snapshotAt, models]) => ({ snapshotAt, models: models.filter(Boolean) }))
    .sort((a, b) => a.snapshotAt.localeCompare(b.snapshotAt));
  const recording = { snapshots };
  recordings.set(file, recording);
  return recording;
}

function loadSynthetic(file: string | null): HubModel[] {
  if (file === null) return [];
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { comment?: string; models?: HubModel[] };
  if (!parsed.comment?.startsWith('SYNTHETIC'))
    throw new Error(`${file}: a synthetic fixture must say so in its comment`);
  return parsed.models ?? [];
}

/** The snapshot of now's UTC day, else the latest one at or before now. */
function snapshotFor(recording: Recording, now: Date): Snapshot | undefined {
  const day = now.toISOString().slice(0, 10);
  const sameDay = recording.snapshots.find((s) => s.snapshotAt.slice(0, 10) === day);
  if (sameDay) return sameDay;
  const iso = now.toISOString();
  return recording.snapshots.filter((s) => s.snapshotAt <= iso).at(-1);
}

const EXPANDABLE = new Set([
  'author',
  'baseModels',
  'cardData',
  'childrenModelCount',
  'config',
  'createdAt',
  'disabled',
  'downloads',
  'downloadsAllTime',
  'gated',
  'gguf',
  'gitalyUid',
  'inference',
  'inferenceProviderMapping',
  'lastModified',
  'library_name',
  'likes',
  'mask_token',
  'model-index',
  'pipeline_tag',
  'private',
  'resourceGroup',
  'safetensors',
  'sha',
  'siblings',
  'spaces',
  'tags',
  'transformersInfo',
  'trendingScore',
  'usedStorage',
  'widgetData',
  'xetEnabled',
]);
// What the Hub lists when nothing is expanded (its `_id`, `trendingScore` and `modelId` are not in the recording).
const DEFAULT_FIELDS = ['likes', 'private', 'downloads', 'tags', 'pipeline_tag', 'library_name', 'createdAt'];
const SORTS = new Set(['downloads', 'likes', 'createdAt', 'lastModified']);

class BadRequest extends Error {}

function expandOf(params: URLSearchParams): string[] | undefined {
  const values = [...params.getAll('expand'), ...params.getAll('expand[]')];
  if (values.length === 0) return undefined;
  for (const v of values)
    if (!EXPANDABLE.has(v))
      throw new BadRequest(`"expand" must be one of the expandable properties, got ${JSON.stringify(v)}`);
  return values;
}

function project(model: HubModel, params: URLSearchParams): Record<string, unknown> {
  const expand = expandOf(params);
  const full = /^(1|true)$/i.test(params.get('full') ?? '');
  const fields = expand ?? (full ? Object.keys(model) : DEFAULT_FIELDS);
  const out: Record<string, unknown> = { id: model.id };
  for (const field of fields) {
    const value = (model as unknown as Record<string, unknown>)[field];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

function sortKey(model: HubModel, sort: string): number | undefined {
  const value = (model as unknown as Record<string, unknown>)[sort];
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  return undefined;
}

function listModels(models: HubModel[], params: URLSearchParams): HubModel[] {
  let out = models;
  const author = params.get('author');
  if (author) out = out.filter((m) => m.author?.toLowerCase() === author.toLowerCase());
  const search = params.get('search');
  if (search) out = out.filter((m) => m.id.toLowerCase().includes(search.toLowerCase()));
  const pipelineTag = params.get('pipeline_tag');
  if (pipelineTag) out = out.filter((m) => m.pipeline_tag === pipelineTag);
  const filters = params
    .getAll('filter')
    .flatMap((f) => f.split(','))
    .filter(Boolean);
  if (filters.length) out = out.filter((m) => filters.every((f) => m.tags?.includes(f) || m.library_name === f));
  const sort = params.get('sort');
  if (sort) {
    if (!SORTS.has(sort))
      throw new BadRequest(`"sort" is not replayed for ${JSON.stringify(sort)}: use one of ${[...SORTS].join(', ')}`);
    const direction = params.get('direction') === '1' ? 1 : -1;
    // Missing values last, ties by id: a stable order, so cursors never repeat or skip a model.
    out = [...out].sort((a, b) => {
      const ka = sortKey(a, sort);
      const kb = sortKey(b, sort);
      if (ka === undefined || kb === undefined) return ka === kb ? a.id.localeCompare(b.id) : ka === undefined ? 1 : -1;
      return ka === kb ? a.id.localeCompare(b.id) : (ka - kb) * direction;
    });
  }
  return out;
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeCursor(cursor: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // falls through to the error below
  }
  throw new BadRequest('invalid cursor');
}

function positiveInt(value: string | null, name: string): number | undefined {
  if (value === null) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new BadRequest(`"${name}" must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

export function huggingfaceReplay(ctx: ReplayContext, options: HuggingFaceReplayOptions = {}): express.Router {
  const recording = loadRecording(options.recordingFile ?? HF_RECORDING);
  const synthetic = loadSynthetic(options.syntheticFile === undefined ? HF_SYNTHETIC_MODELS : options.syntheticFile);
  const syntheticIds = new Set(synthetic.map((m) => m.id));
  const quota = options.rateLimit?.quota ?? 500;
  const windowSeconds = options.rateLimit?.windowSeconds ?? 300;
  const clock = options.clock ?? Date.now;
  const maxPageSize = options.maxPageSize ?? 1000;
  const faults = options.faults ?? [];
  const window = { start: -1, used: 0 };

  const modelsNow = (): { models: HubModel[]; snapshotAt?: string } => {
    const snapshot = snapshotFor(recording, ctx.now());
    const recorded = snapshot?.models ?? [];
    const recordedIds = new Set(recorded.map((m) => m.id));
    return {
      models: [...recorded, ...synthetic.filter((m) => !recordedIds.has(m.id))],
      snapshotAt: snapshot?.snapshotAt,
    };
  };

  const markSynthetic = (res: express.Response, ids: string[]) => {
    const marked = ids.filter((id) => syntheticIds.has(id));
    if (marked.length) {
      res.set('X-Replay-Synthetic', 'true');
      res.set('X-Replay-Synthetic-Ids', marked.join(','));
    }
  };

  const router = express.Router();

  // Fixed windows, like the Hub's: every request counts, including refused ones.
  router.use((req, res, next) => {
    if (!req.path.startsWith('/models')) return next();
    const windowMs = windowSeconds * 1000;
    const nowMs = clock();
    const start = Math.floor(nowMs / windowMs) * windowMs;
    if (start !== window.start) {
      window.start = start;
      window.used = 0;
    }
    window.used += 1;
    const reset = Math.max(1, Math.ceil((start + windowMs - nowMs) / 1000));
    res.set('RateLimit', `"api";r=${Math.max(0, quota - window.used)};t=${reset}`);
    res.set('RateLimit-Policy', `"fixed window";"api";q=${quota};w=${windowSeconds}`);
    if (window.used > quota) {
      res
        .status(429)
        .json({ error: `Rate limit reached: ${quota} requests per ${windowSeconds} s. Retry in ${reset} s.` });
      return;
    }
    next();
  });

  // Faults: answer with the fault's status/body, or let the route build the body and edit it.
  router.use((req, res, next) => {
    if (!req.path.startsWith('/models')) return next();
    const target = req.url;
    const fault = faults.find(
      (f) => f.times > 0 && (typeof f.path === 'string' ? f.path === req.path : f.path.test(target)),
    );
    if (!fault) return next();
    fault.times -= 1;
    if (fault.hang) return;
    if (fault.headers) res.set(fault.headers);
    if (fault.resetAfterBytes !== undefined || fault.link) {
      const link = fault.link;
      interceptJson(res, {
        resetAfterBytes: fault.resetAfterBytes,
        mutate: fault.mutate,
        before: link ? () => res.set('Link', link(ctx.origin(), req)) : undefined,
      });
      return next();
    }
    if (fault.body !== undefined) {
      res
        .status(fault.status ?? 200)
        .type('application/json')
        .send(fault.body);
      return;
    }
    if (fault.status !== undefined && !fault.mutate) {
      res.status(fault.status).json({ error: `injected fault: ${fault.status}` });
      return;
    }
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      if (fault.status !== undefined) res.status(fault.status);
      return json(fault.mutate ? fault.mutate(body) : body);
    };
    next();
  });

  const servesGenerated = (params: URLSearchParams): boolean =>
    options.generated !== undefined &&
    !['author', 'search', 'pipeline_tag', 'filter'].some((p) => params.has(p)) &&
    (!params.has('sort') || (params.get('sort') === 'createdAt' && params.get('direction') === '1'));

  router.get('/models', (req, res) => {
    const params = new URL(req.originalUrl, 'http://replay.invalid').searchParams;
    try {
      if (servesGenerated(params)) {
        const listing = options.generated!;
        const expand = expandOf(params);
        const limit = positiveInt(params.get('limit'), 'limit');
        const pageSize = Math.min(limit ?? maxPageSize, maxPageSize);
        const cursor = params.get('cursor');
        const offset = cursor ? decodeCursor(cursor) : 0;
        if (offset + pageSize < listing.models) {
          const next = new URLSearchParams(params);
          next.delete('cursor');
          next.append('cursor', encodeCursor(offset + pageSize));
          res.set('Link', `<${ctx.origin()}${req.baseUrl}${req.path}?${next.toString()}>; rel="next"`);
        }
        res.set('X-Replay-Synthetic', 'true');
        res.json(
          generatedPage(listing, ctx.now().toISOString().slice(0, 10), offset, pageSize, expand ?? DEFAULT_FIELDS),
        );
        return;
      }
      const { models, snapshotAt } = modelsNow();
      const listed = listModels(models, params);
      expandOf(params);
      const limit = positiveInt(params.get('limit'), 'limit');
      const pageSize = Math.min(limit ?? maxPageSize, maxPageSize);
      const cursor = params.get('cursor');
      const offset = cursor ? decodeCursor(cursor) : 0;
      const page = listed.slice(offset, offset + pageSize);
      if (offset + pageSize < listed.length) {
        const next = new URLSearchParams(params);
        next.delete('cursor');
        next.append('cursor', encodeCursor(offset + pageSize));
        res.set('Link', `<${ctx.origin()}${req.baseUrl}${req.path}?${next.toString()}>; rel="next"`);
      }
      if (snapshotAt) res.set('X-Replay-Recorded-At', snapshotAt);
      markSynthetic(
        res,
        page.map((m) => m.id),
      );
      res.json(page.map((m) => project(m, params)));
    } catch (error) {
      if (error instanceof BadRequest) return void res.status(400).json({ error: error.message });
      throw error;
    }
  });

  const modelRoute = (req: express.Request, res: express.Response) => {
    const id = [req.params.org, req.params.name].filter(Boolean).join('/');
    const params = new URL(req.originalUrl, 'http://replay.invalid').searchParams;
    try {
      expandOf(params);
      const { models, snapshotAt } = modelsNow();
      let model = models.find((m) => m.id === id);
      let recordedAt = model && !syntheticIds.has(id) ? snapshotAt : undefined;
      if (!model) {
        // A model out of today's top 30: its latest recording at or before now.
        const iso = ctx.now().toISOString();
        const earlier = recording.snapshots
          .filter((s) => s.snapshotAt <= iso && s.models.some((m) => m.id === id))
          .at(-1);
        model = earlier?.models.find((m) => m.id === id);
        recordedAt = earlier?.snapshotAt;
      }
      if (!model) return void res.status(404).json({ error: 'Repository not found' });
      if (recordedAt) res.set('X-Replay-Recorded-At', recordedAt);
      markSynthetic(res, [model.id]);
      res.json(project(model, params));
    } catch (error) {
      if (error instanceof BadRequest) return void res.status(400).json({ error: error.message });
      throw error;
    }
  };
  router.get('/models/:org/:name/revision/:rev', modelRoute);
  router.get('/models/:org/:name', modelRoute);
  router.get('/models/:name', modelRoute);
  return router;
}
