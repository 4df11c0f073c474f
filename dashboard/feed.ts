/**
 * The "what changed" Atom feed: one entry per week (a summary of that week's changes on both channels, not one
 * entry per change), written by the `feed` package. The entry id is the week's digest permalink, so a reader that
 * saw a week never sees it again as new. The words come from web/digest-words.ts, as on the digest page.
 */
import { Feed } from 'feed';
import { HUGGING_FACE_CITATION, OPENROUTER_CITATION } from '../ingest/declarations.ts';
import { CHANNEL_NAMES, digestGroups, foldedText, weekSummary, type DigestRow } from './web/digest-words.ts';

/** The weekly_changes columns the feed reads (as db.json() returns them). */
export type ChangeRow = DigestRow & { as_of: string };

export interface FeedOptions {
  /** The dashboard's public address, without a trailing slash: ids and links are built on it. */
  siteUrl: string;
  /** When the feed last changed: the latest as_of of its data. */
  updated: Date;
  title?: string;
}

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

/** A week's changes as HTML: per channel, a heading per kind and a list of short sentences (all text escaped). */
export function weekHtml(rows: readonly ChangeRow[], siteUrl: string): string {
  const parts: string[] = [];
  for (const channel of ['openrouter', 'huggingface']) {
    const groups = digestGroups(rows, channel);
    if (groups.length === 0) continue;
    parts.push(`<h2>${htmlText(CHANNEL_NAMES[channel] ?? channel)}</h2>`);
    for (const group of groups) {
      const items = group.items.map((i) => `<li>${htmlText(i.text)}</li>`);
      if (group.folded.length) items.push(`<li>${htmlText(foldedText(group.folded))}</li>`);
      parts.push(`<h3>${htmlText(group.heading)}</h3><ul>${items.join('')}</ul>`);
    }
  }
  const week = rows[0]?.week_start;
  if (week)
    parts.push(
      `<p><a href="${htmlText(digestUrl(siteUrl, week))}">The digest of the week</a>, with each figure's definition.</p>`,
    );
  return parts.join('');
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
  const weeks = [...new Set(rows.map((r) => r.week_start))].sort().reverse();
  for (const week of weeks) {
    const mine = rows.filter((r) => r.week_start === week);
    const latest = mine.reduce((a, r) => (r.as_of > a ? r.as_of : a), mine[0]!.as_of);
    feed.addItem({
      id: digestUrl(siteUrl, week),
      title: htmlText(`Week of ${week}: ${weekSummary(mine)}`),
      link: digestUrl(siteUrl, week),
      date: utcTimestamp(latest),
      description: htmlText(weekSummary(mine)),
      content: weekHtml(mine, siteUrl),
    });
  }
  return feed.atom1();
}
