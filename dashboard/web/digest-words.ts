/**
 * A week's changes (rows of marts.weekly_changes) in words, for the digest page and the Atom feed alike: grouped
 * by channel and kind, each item a short sentence without the preamble its heading already says, moves sorted by
 * size with the one-place moves folded into one line, Hugging Face language models before other models.
 * Pure functions, no DOM: the server's feed imports this file too.
 */
import { formatInUnit } from '../../lib/format.ts';
import { modelName } from './names.ts';
import { originWords } from './palette.ts';
import { metricLabel } from './words.ts';

export interface DigestRow {
  week_start: string;
  channel: string;
  kind: string;
  metric: string;
  subject: string;
  compare_subject?: string | null;
  origin_country?: string | null;
  organisation?: string | null;
  value_before?: number | null;
  value_after?: number | null;
  compare_before?: number | null;
  compare_after?: number | null;
  unit?: string | null;
  detail: string;
  definition?: string | null;
  as_of: string | null;
  /** Hugging Face: the model is a language model (pipeline tag in the llm scope); NULL when not known. */
  in_llm_scope?: boolean | null;
}

export interface DigestItem {
  /** The anchor of the item on the digest page (as the feed's links and earlier ids write it). */
  anchor: string;
  subject: string;
  text: string;
  /** The model's channel and id, for a link to its page (entrants, exits, movers). */
  model?: { channel: 'openrouter' | 'huggingface'; id: string };
}

export interface DigestGroup {
  kind: string;
  heading: string;
  items: DigestItem[];
  /** Moves of one place, folded into one line. */
  folded: DigestItem[];
}

export const CHANNEL_NAMES: Record<string, string> = { openrouter: 'OpenRouter', huggingface: 'Hugging Face' };

const HEADINGS: ReadonlyArray<[string, string]> = [
  ['crossing', 'Crossings'],
  ['entrant', 'New in the top 20'],
  ['exit', 'Left the top 20'],
  ['mover', 'Biggest moves in the top 20'],
];

export function anchorOf(row: Pick<DigestRow, 'kind' | 'metric' | 'subject'>): string {
  return `${row.kind}-${row.metric}-${encodeURIComponent(row.subject)}`;
}

const MEASURES: Record<string, string> = {
  or_org_total_tokens: 'weekly tokens',
  hf_org_all_uploader_downloads_30d: '30-day downloads',
  hf_org_all_uploader_downloads_all_time: 'all-time downloads',
};

function who(row: DigestRow): string {
  const channel = row.channel === 'huggingface' ? 'huggingface' : 'openrouter';
  const name = channel === 'openrouter' ? modelName('openrouter', row.subject) : row.subject;
  const from = [originWords(row.origin_country ?? 'UNKNOWN'), row.organisation].filter(Boolean).join(', ');
  return `${name} (${from})`;
}

function itemOf(row: DigestRow): DigestItem {
  const channel = row.channel === 'huggingface' ? ('huggingface' as const) : ('openrouter' as const);
  const model = row.kind === 'crossing' ? undefined : { channel, id: row.subject };
  const base = { anchor: anchorOf(row), subject: row.subject, ...(model ? { model } : {}) };
  switch (row.kind) {
    case 'entrant':
      return { ...base, text: `${who(row)}: rank ${formatInUnit(row.value_after, 'rank')}.` };
    case 'exit':
      return { ...base, text: `${who(row)}: was rank ${formatInUnit(row.value_before, 'rank')}.` };
    case 'mover': {
      const before = row.value_before ?? 0;
      const after = row.value_after ?? 0;
      const n = Math.abs(before - after);
      return {
        ...base,
        text: `${who(row)}: ${after < before ? 'up' : 'down'} ${n} place${n === 1 ? '' : 's'}, rank ${before} → ${after}.`,
      };
    }
    case 'crossing': {
      const measure =
        MEASURES[row.metric] ??
        metricLabel(row.metric, row.metric.replace(/_/g, ' ')).replace(/^Chinese share/, 'share');
      // Origins as countries ('CN passed US' -> 'China passed United States'); developers as they are.
      const subject =
        row.organisation == null && row.compare_subject && row.origin_country
          ? `${originWords(row.origin_country)} passed ${originWords(row.compare_subject)}`
          : row.subject;
      return {
        ...base,
        text: `${subject}, ${measure}: ${formatInUnit(row.value_after, row.unit)} vs ${formatInUnit(row.compare_after, row.unit)} (the week before: ${formatInUnit(row.value_before, row.unit)} vs ${formatInUnit(row.compare_before, row.unit)}).`,
      };
    }
    default:
      return { ...base, text: row.detail };
  }
}

const moveSize = (r: DigestRow) => Math.abs((r.value_before ?? 0) - (r.value_after ?? 0));
// Language models first on Hugging Face (the question is about them); unknown scope after them.
const llmFirst = (r: DigestRow) =>
  r.channel !== 'huggingface' ? 0 : r.in_llm_scope === true ? 0 : r.in_llm_scope === false ? 2 : 1;

/** One channel's changes of one week, grouped by kind, in reading order. */
export function digestGroups(rows: readonly DigestRow[], channel: string): DigestGroup[] {
  const mine = rows.filter((r) => r.channel === channel);
  const groups: DigestGroup[] = [];
  for (const [kind, heading] of HEADINGS) {
    const items = mine
      .filter((r) => r.kind === kind)
      .sort(
        (a, b) =>
          llmFirst(a) - llmFirst(b) ||
          (kind === 'mover' ? moveSize(b) - moveSize(a) : 0) ||
          (a.value_after ?? 0) - (b.value_after ?? 0) ||
          (a.subject < b.subject ? -1 : 1),
      );
    if (items.length === 0) continue;
    const big = kind === 'mover' ? items.filter((r) => moveSize(r) > 1) : items;
    const small = kind === 'mover' ? items.filter((r) => moveSize(r) <= 1) : [];
    groups.push({ kind, heading, items: big.map(itemOf), folded: small.map(itemOf) });
  }
  return groups;
}

/** The folded one-place moves as one sentence. */
export function foldedText(folded: readonly DigestItem[]): string {
  return `Moved by one place: ${folded.map((i) => i.text.replace(/: (up|down) 1 place, /, ' ').replace(/\.$/, '')).join('; ')}.`;
}

/** The week in one line, counting each channel's changes by kind: the feed entry's title. */
export function weekSummary(rows: readonly DigestRow[]): string {
  const parts: string[] = [];
  for (const channel of ['openrouter', 'huggingface']) {
    const mine = rows.filter((r) => r.channel === channel);
    if (mine.length === 0) continue;
    const count = (kind: string) => mine.filter((r) => r.kind === kind).length;
    const bits = [
      count('entrant') ? `${count('entrant')} new in the top 20` : '',
      count('exit') ? `${count('exit')} left` : '',
      count('crossing') ? `${count('crossing')} crossing${count('crossing') === 1 ? '' : 's'}` : '',
      count('mover') ? `${count('mover')} moved` : '',
    ].filter(Boolean);
    parts.push(`${CHANNEL_NAMES[channel] ?? channel}: ${bits.join(', ')}`);
  }
  return parts.join('; ') || 'no change';
}
