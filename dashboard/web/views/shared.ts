/** What the views share: origin buckets for stacked charts, release markers, empty-state reasons, CSV comments. */
import { getJson, loadMart } from '../api.ts';
import type { Marker } from '../charts/frame.ts';
import { modelName } from '../names.ts';
import type { StackRow } from '../charts/StackedArea.ts';
import { ORIGIN_BUCKETS, ORIGIN_COLORS, ORIGIN_LABELS, originBucket, type OriginBucket } from '../palette.ts';
import type { StatusJob } from '../freshness.ts';
import type { State } from '../state.ts';
import type { ViewContext } from './types.ts';
import { weekStart } from '../../../lib/time.ts';

/** A row of the `origin_registry` mart (the method page's tables, a model page's origin line). */
export interface RegistryRow {
  platform: string;
  author: string;
  organisation: string | null;
  developer: string | null;
  country: string;
  note: string | null;
  evidence: string | null;
}

export const REGISTRY = 'origin_registry';

export const ORIGIN_GROUPS = ORIGIN_BUCKETS.map((key) => ({
  key,
  label: ORIGIN_LABELS[key],
  color: ORIGIN_COLORS[key],
}));

export interface BucketRow {
  date: string;
  origin_group: OriginBucket;
  origin_countries: string;
  value: number;
  complete: boolean;
}

/** Sums a share (or count) per date x origin bucket; the member countries are kept, so the CSV says what was summed. */
export function bucketRows<R>(
  rows: readonly R[],
  pick: (row: R) => { date: string; origin: string; value: number | null; complete: boolean },
): BucketRow[] {
  const out = new Map<string, BucketRow & { members: Set<string> }>();
  for (const row of rows) {
    const { date, origin, value, complete } = pick(row);
    if (value === null) continue;
    const group = originBucket(origin);
    const key = `${date}|${group}`;
    const entry = out.get(key) ?? {
      date,
      origin_group: group,
      origin_countries: '',
      value: 0,
      complete,
      members: new Set<string>(),
    };
    entry.value += value;
    entry.members.add(origin);
    entry.complete &&= complete;
    out.set(key, entry);
  }
  return [...out.values()]
    .sort((a, b) =>
      a.date < b.date
        ? -1
        : a.date > b.date
          ? 1
          : ORIGIN_BUCKETS.indexOf(a.origin_group) - ORIGIN_BUCKETS.indexOf(b.origin_group),
    )
    .map(({ members, ...row }) => ({ ...row, origin_countries: [...members].sort().join(' ') }));
}

export function stackRows(rows: readonly BucketRow[]): StackRow[] {
  return rows.map((r) => ({ date: r.date, group: r.origin_group, value: r.value, complete: r.complete }));
}

export interface FirstSeenRow {
  channel: string;
  model_id: string;
  first_seen_day: string;
  first_seen_week_start: string;
  first_seen_rank: number | null;
  /** The Hub's createdAt ('YYYY-MM-DD HH:MM:SS', UTC); NULL for OpenRouter and the shipped Hugging Face history. */
  hub_created_at: string | null;
  origin_country: string | null;
  is_left_censored: boolean;
  as_of: string | null;
}

/**
 * Release markers: a model's first appearance in our data, at its week (or day). Models already present on the
 * first day of data are left out: that day is the start of our data, not their release. With `maxRank`, only
 * models that entered at that rank or better: the debuts that can move a top-N series.
 */
export function releaseMarkers(
  rows: readonly FirstSeenRow[],
  interval: 'week' | 'day',
  maxRank = Infinity,
  { unranked = false } = {},
): Marker[] {
  // OpenRouter models by name (the id in brackets); Hub repos by their id, the name people know them by.
  return markedModels(rows, maxRank, unranked).map((r) => {
    const where = `${r.origin_country ?? 'UNKNOWN'}${r.first_seen_rank !== null ? `, entered at rank ${r.first_seen_rank}` : ''}`;
    const hub = r.channel === 'huggingface';
    return {
      date: interval === 'week' ? r.first_seen_week_start : r.first_seen_day,
      label: hub ? `${r.model_id} (${where})` : `${modelName('openrouter', r.model_id)} (${r.model_id}; ${where})`,
      short: hub ? r.model_id.slice(r.model_id.indexOf('/') + 1) : modelName('openrouter', r.model_id),
    };
  });
}

/**
 * With `unranked`, a model first seen outside the ranked list (a tracked developer's new Hub repo, rank NULL) is kept
 * too: a new release of a tracked developer matters even before it is among the most downloaded.
 */
function markedModels(rows: readonly FirstSeenRow[], maxRank: number, unranked = false): FirstSeenRow[] {
  return rows.filter(
    (r) =>
      !r.is_left_censored &&
      (maxRank === Infinity || (r.first_seen_rank !== null ? r.first_seen_rank <= maxRank : unranked)),
  );
}

/**
 * Hub creation markers for the models `releaseMarkers` marks, where the Hub gave a creation time: at its day, or
 * the Monday of its week.
 */
export function createdMarkers(
  rows: readonly FirstSeenRow[],
  interval: 'week' | 'day',
  maxRank = Infinity,
  { unranked = false } = {},
): Marker[] {
  return markedModels(rows, maxRank, unranked)
    .filter((r) => r.hub_created_at)
    .map((r) => {
      const day = r.hub_created_at!.slice(0, 10);
      return {
        date: interval === 'week' ? weekStart(day) : day,
        label: `${r.model_id} (${r.origin_country ?? 'UNKNOWN'})`,
      };
    });
}

export const describeFirstSeen = (labels: readonly string[]): string => `first seen: ${labels.join('; ')}`;
export const describeHubCreated = (labels: readonly string[]): string => `created on the Hub: ${labels.join('; ')}`;

export function fileSuffix(state: Pick<State, 'from' | 'to'>): string {
  return `${state.from ?? 'start'}_${state.to ?? 'latest'}`;
}

export function csvComments(
  ctx: ViewContext,
  parts: { citation: readonly string[]; definition?: string | null; rows: string },
): string[] {
  return [
    ...parts.citation,
    ...(parts.definition ?? '').split('\n').filter((l) => l.trim()),
    `rows: ${parts.rows}`,
    `view: ${ctx.permalink()}`,
  ];
}

/** Why a channel has no data: its collector has no key, or has not run yet, or ran and found nothing. */
export async function missingDataReason(channel: 'openrouter' | 'huggingface'): Promise<string> {
  const status = await getJson<{ jobs: StatusJob[] }>('api/status');
  const job = status.jobs.find((j) => j.job === channel);
  const seed = status.jobs.find((j) => j.job === `seed:${channel}`);
  const name = channel === 'openrouter' ? 'OpenRouter' : 'Hugging Face';
  if (job?.unavailable) return `${name} is not collected: ${job.unavailable}.`;
  if (job?.last_status === 'skipped' && job.last_message) return `${name} was not collected: ${job.last_message}.`;
  if (job?.last_status === 'failed')
    return `The last ${name} collection failed: ${job.last_message ?? 'no message'}. See the status page.`;
  if (!job?.last_success_at && !seed?.last_success_at) {
    return channel === 'openrouter'
      ? 'No OpenRouter run yet: set OPENROUTER_API_KEY, or wait for the shipped history to load on first start. The charts appear once a week of rankings has been collected and transformed.'
      : 'No Hugging Face run yet: the shipped history loads on first start and the collector runs daily. The charts appear once a snapshot has been collected and transformed.';
  }
  return `${name} data was collected, but the tables are empty: run \`adoption-tracker transform\`, then reload.`;
}

/** The catalogue's mart of OpenRouter models (names from GET /api/v1/models); absent until it is built. */
export const MODEL_CATALOGUE = 'openrouter_model_families';

/**
 * OpenRouter permaslug -> the catalogue's display name, where the catalogue was collected (the shipped history has
 * none: names are then read from the permaslug, names.ts).
 */
export async function catalogueNames(ctx: ViewContext): Promise<Map<string, string>> {
  if (!ctx.catalog.get(MODEL_CATALOGUE)?.built) return new Map();
  const { rows } = await loadMart<{ model_permaslug: string; catalogue_name?: string | null }>(MODEL_CATALOGUE);
  return new Map(rows.filter((r) => r.catalogue_name).map((r) => [r.model_permaslug, r.catalogue_name!]));
}
