/**
 * The "what changed" Atom feed: one entry per row of marts.weekly_changes (an entrant, exit, mover or crossing),
 * written by the `feed` package. Entry ids are the digest permalink plus a fragment naming the change, so a reader
 * that saw an entry never sees it again as new.
 */
import { Feed } from 'feed';
import { HUGGING_FACE_CITATION, OPENROUTER_CITATION } from '../ingest/declarations.ts';

/** The weekly_changes columns the feed reads (as db.json() returns them). */
export interface ChangeRow {
  week_start: string;
  channel: string;
  kind: string;
  metric: string;
  subject: string;
  detail: string;
  definition: string | null;
  as_of: string;
}

export interface FeedOptions {
  /** The dashboard's public address, without a trailing slash: ids and links are built on it. */
  siteUrl: string;
  /** When the feed last changed: the latest as_of of its data. */
  updated: Date;
  title?: string;
}

const CHANNELS: Record<string, string> = { openrouter: 'OpenRouter', huggingface: 'Hugging Face' };
const KINDS: Record<string, string> = {
  entrant: 'New in the top 20',
  exit: 'Left the top 20',
  mover: 'Moved in the top 20',
  crossing: 'Crossing',
};

/** A database timestamp ('YYYY-MM-DD HH:MM:SS[.fff]', UTC) as a Date. */
export function utcTimestamp(text: string): Date {
  const date = new Date(`${text.replace(' ', 'T')}Z`);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a timestamp: ${JSON.stringify(text)}`);
  return date;
}

/** The feed writes titles and summaries as type="html" in CDATA: text must be escaped to stay text. */
function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function digestUrl(siteUrl: string, week: string): string {
  return `${siteUrl}/digest?week=${week}`;
}

/** The stable id of one change: the week's digest URL and `#kind-metric-subject` (subject percent-encoded). */
export function entryId(siteUrl: string, row: Pick<ChangeRow, 'week_start' | 'kind' | 'metric' | 'subject'>): string {
  return `${digestUrl(siteUrl, row.week_start)}#${row.kind}-${row.metric}-${encodeURIComponent(row.subject)}`;
}

export function buildAtomFeed(rows: readonly ChangeRow[], options: FeedOptions): string {
  const { siteUrl, updated, title = 'adoption-tracker: what changed this week' } = options;
  const feed = new Feed({
    id: `${siteUrl}/feed.xml`,
    title,
    description:
      'Weekly changes in the adoption of Chinese-built models on OpenRouter and Hugging Face: entrants and exits of the top 20, the biggest movers, and crossings.',
    link: `${siteUrl}/digest`,
    updated,
    generator: false,
    author: { name: 'adoption-tracker', link: siteUrl },
    feedLinks: { atom: `${siteUrl}/feed.xml` },
    copyright: [OPENROUTER_CITATION, HUGGING_FACE_CITATION]
      .map((c) => `Source: ${c.name}${c.licence ? `, ${c.licence}` : ''}.`)
      .join(' '),
  });
  for (const row of rows) {
    const channel = CHANNELS[row.channel] ?? row.channel;
    const kind = KINDS[row.kind] ?? row.kind;
    feed.addItem({
      id: entryId(siteUrl, row),
      title: htmlText(`${channel}, week of ${row.week_start}: ${kind}: ${row.subject}`),
      link: digestUrl(siteUrl, row.week_start),
      date: utcTimestamp(row.as_of),
      description: htmlText(row.definition ? `${row.detail} Definition: ${row.definition}` : row.detail),
    });
  }
  return feed.atom1();
}
