/**
 * Every source declares itself here, once: its name, schedule, citation and licence, freshness rule and raw tables.
 * Everything else reads these records: the registry of runnable collectors (ingest/sources.ts), `status` (CLI and
 * /api/status), the citation of every mart (from the raw tables its SQL reads, transform/lineage.ts), and the page's
 * citations and source lists.
 *
 * Pure data with no imports but types, so the browser bundle can read it too.
 */
import type { Config } from '../lib/config.ts';

export interface SourceCitation {
  /** Who to cite, as the licence asks: "Source: {name}, as of {as_of}". */
  readonly name: string;
  /** The page a reader follows to the source. */
  readonly url: string;
  readonly linkText: string;
  readonly licence: string | null;
  readonly licenceUrl: string | null;
}

/** How fresh a source's data is: the latest day and the latest source time in its main raw table. */
export interface FreshnessRule {
  /** A raw table of this source. */
  readonly table: string;
  /** Column holding the data's UTC day. */
  readonly day: string;
  /** Column holding the source's own time of the data (as_of, or the snapshot time). */
  readonly asOf: string;
  /** Rows that count (e.g. only the exact daily data); a fixed predicate, never user input. */
  readonly where?: string;
}

export interface SourceDeclaration {
  readonly name: string;
  /** Shown in lists (the status page, `status`). */
  readonly title: string;
  readonly description: string;
  /** node-cron expression, UTC. */
  readonly schedule: string;
  /** Hours after which a missed run is overdue and runs at start (catch-up). */
  readonly maxAgeHours: number;
  readonly citation: SourceCitation;
  /** Tables this source writes, `raw.<name>`. A mart reading any of them cites this source. */
  readonly rawTables: readonly string[];
  readonly freshness: FreshnessRule;
  /**
   * Days from the newest data day to today (UTC) that are normal for this source; past it the page says the data is
   * not current, and why.
   */
  readonly normalLagDays: number;
  /** Why this source cannot run with this configuration (e.g. no API key), or undefined. */
  unavailable(config: Config): string | undefined;
}

const CC_BY_4 = { licence: 'CC BY 4.0', licenceUrl: 'https://creativecommons.org/licenses/by/4.0/' } as const;

/** OpenRouter's data is CC BY 4.0 and asks for "Source: OpenRouter (openrouter.ai/rankings), as of {as_of}". */
export const OPENROUTER_CITATION: SourceCitation = {
  name: 'OpenRouter (openrouter.ai/rankings)',
  url: 'https://openrouter.ai/rankings',
  linkText: 'openrouter.ai/rankings',
  ...CC_BY_4,
};

export const HUGGING_FACE_CITATION: SourceCitation = {
  name: 'Hugging Face Hub (huggingface.co)',
  url: 'https://huggingface.co/models',
  linkText: 'huggingface.co',
  licence: null,
  licenceUrl: null,
};

export const declarations = [
  {
    name: 'openrouter',
    title: 'OpenRouter usage',
    description:
      'OpenRouter Data API rankings-daily: top 50 models per UTC day by tokens plus `other` (exact), and weekly sampled estimates per category',
    // OpenRouter publishes a day in the early hours after it; as_of in the archive is ~00:05 UTC.
    schedule: '30 3 * * *',
    maxAgeHours: 26,
    citation: OPENROUTER_CITATION,
    rawTables: ['raw.openrouter_rankings'],
    freshness: { table: 'raw.openrouter_rankings', day: 'date', asOf: 'as_of', where: "period = 'day'" },
    // A day is published once complete and fetched at 03:30 the next morning: up to 2 days behind.
    normalLagDays: 2,
    unavailable: (config: Config) =>
      config.openrouterApiKey
        ? undefined
        : 'OPENROUTER_API_KEY is not set: OpenRouter usage is not collected; everything else keeps working',
  },
  {
    name: 'openrouter-models',
    title: 'OpenRouter catalogue',
    description:
      'OpenRouter model catalogue (public): ids, permaslugs, prices, Hugging Face ids; one snapshot per UTC day',
    schedule: '15 4 * * *',
    maxAgeHours: 26,
    citation: OPENROUTER_CITATION,
    rawTables: ['raw.openrouter_models'],
    freshness: { table: 'raw.openrouter_models', day: 'day', asOf: 'fetched_at' },
    // A snapshot dated the day it is taken (04:15): up to 1 day behind, 2 with a slow run.
    normalLagDays: 2,
    unavailable: () => undefined,
  },
  {
    name: 'huggingface',
    title: 'Hugging Face downloads',
    description:
      'Hugging Face Hub: every model of the tracked organisations and the global top N by 30-day downloads, with base-model lineage',
    schedule: '20 3 * * *',
    maxAgeHours: 26,
    citation: HUGGING_FACE_CITATION,
    rawTables: ['raw.hf_model_snapshots', 'raw.hf_model_base_models'],
    freshness: { table: 'raw.hf_model_snapshots', day: 'day', asOf: 'snapshot_at' },
    // A snapshot dated the day it is taken (03:20): up to 1 day behind, 2 with a slow run.
    normalLagDays: 2,
    unavailable: () => undefined,
  },
] as const satisfies readonly SourceDeclaration[];

/** The declared sources' names: a registry keyed by it (ingest/sources.ts) must list every one. */
export type SourceName = (typeof declarations)[number]['name'];

export function declarationOf(name: SourceName): SourceDeclaration {
  return declarations.find((d) => d.name === name)!;
}

/** The distinct citations of some sources, in declaration order (two OpenRouter sources cite OpenRouter once). */
export function citationsOf(names: Iterable<string>): SourceCitation[] {
  const wanted = new Set(names);
  const out: SourceCitation[] = [];
  for (const d of declarations) if (wanted.has(d.name) && !out.includes(d.citation)) out.push(d.citation);
  return out;
}
