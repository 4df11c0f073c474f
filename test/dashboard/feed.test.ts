import { describe, expect, it } from 'vitest';
import { buildAtomFeed, entryId, utcTimestamp, type ChangeRow } from '../../dashboard/feed.ts';

// SYNTHETIC rows in the shape of marts.weekly_changes (invented subjects and figures): two weeks.
const base = {
  compare_subject: null,
  compare_before: null,
  compare_after: null,
  definition: 'Rank by tokens that week.',
};
const ROWS: ChangeRow[] = [
  {
    ...base,
    week_start: '2026-08-10',
    channel: 'openrouter',
    kind: 'entrant',
    metric: 'or_top20_rank',
    subject: 'acme/model-x:free',
    origin_country: 'CN',
    organisation: 'Acme',
    value_before: null,
    value_after: 12,
    unit: 'rank',
    detail: "acme/model-x:free (CN, Acme) entered OpenRouter's weekly top 20 at rank 12 in the week of 2026-08-10.",
    as_of: '2026-08-18 00:05:18',
  },
  {
    ...base,
    week_start: '2026-08-10',
    channel: 'huggingface',
    kind: 'crossing',
    metric: 'hf_org_all_uploader_downloads_30d',
    subject: 'R&D <Lab> passed Other',
    compare_subject: 'Other',
    origin_country: 'CN',
    organisation: 'R&D <Lab>',
    value_before: 10_000_000,
    value_after: 30_000_000,
    compare_before: 20_000_000,
    compare_after: 25_000_000,
    unit: 'downloads',
    detail: 'In the week of 2026-08-10, R&D <Lab> (CN) passed Other (US).',
    definition: null,
    as_of: '2026-08-16 21:19:23.964',
  },
  ...(
    [
      ['acme/small-move', 5, 4],
      ['acme/big-move', 15, 3],
      ['acme/fall', 2, 6],
    ] as const
  ).map(([subject, before, after]) => ({
    ...base,
    week_start: '2026-08-03',
    channel: 'openrouter',
    kind: 'mover',
    metric: 'or_top20_rank',
    subject,
    origin_country: 'US',
    organisation: 'Acme',
    value_before: before,
    value_after: after,
    unit: 'rank',
    detail: `${subject} moved.`,
    as_of: '2026-08-11 00:05:00',
  })),
];

describe('buildAtomFeed()', () => {
  it('writes an Atom 1.0 feed with one entry per week: its id the week’s digest, a summary title, the changes as escaped HTML', () => {
    const xml = buildAtomFeed(ROWS, { siteUrl: 'https://adoption.example', updated: new Date('2026-08-18T00:05:18Z') });
    const head = [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<feed xmlns="http://www.w3.org/2005/Atom">',
      '    <id>https://adoption.example/feed.xml</id>',
      '    <title>adoption-tracker: what changed this week</title>',
      '    <updated>2026-08-18T00:05:18.000Z</updated>',
    ].join('\n');
    expect(xml.startsWith(head)).toBe(true);
    expect(xml.match(/<entry>/g)).toHaveLength(2);
    expect([...xml.matchAll(/<id>(.*?)<\/id>/g)].map((m) => m[1])).toEqual([
      'https://adoption.example/feed.xml',
      'https://adoption.example/digest?week=2026-08-10',
      'https://adoption.example/digest?week=2026-08-03',
    ]);
    expect([...xml.matchAll(/<title type="html"><!\[CDATA\[(.*?)\]\]><\/title>/g)].map((m) => m[1])).toEqual([
      'Week of 2026-08-10: OpenRouter: 1 new in the top 20; Hugging Face: 1 crossing',
      'Week of 2026-08-03: OpenRouter: 3 moved',
    ]);
    // The latest as_of of the week's rows.
    expect([...xml.matchAll(/<updated>(.*?)<\/updated>/g)].map((m) => m[1])).toEqual([
      '2026-08-18T00:05:18.000Z',
      '2026-08-18T00:05:18.000Z',
      '2026-08-11T00:05:00.000Z',
    ]);
    // Short sentences under their headings, text escaped, one-place moves folded, biggest moves first.
    expect(xml).toContain(
      '<content type="html"><![CDATA[<h2>OpenRouter</h2><h3>New in the top 20</h3><ul><li>Model X (free) (China, Acme): rank 12.</li></ul>' +
        '<h2>Hugging Face</h2><h3>Crossings</h3><ul><li>R&amp;D &lt;Lab&gt; passed Other, 30-day downloads: 30.0M downloads vs 25.0M downloads (the week before: 10.0M downloads vs 20.0M downloads).</li></ul>',
    );
    expect(xml).toContain(
      '<h3>Biggest moves in the top 20</h3><ul><li>Big Move (United States, Acme): up 12 places, rank 15 → 3.</li>' +
        '<li>Fall (United States, Acme): down 4 places, rank 2 → 6.</li><li>Moved by one place: Small Move (United States, Acme) rank 5 → 4.</li></ul>',
    );
    expect(xml).not.toContain('<R&D');
  });

  it('writes a valid empty feed when nothing has changed yet', () => {
    const xml = buildAtomFeed([], { siteUrl: 'https://adoption.example', updated: new Date('2026-08-18T00:00:00Z') });
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(xml).toContain('<updated>2026-08-18T00:00:00.000Z</updated>');
    expect(xml).not.toContain('<entry>');
    expect(xml.endsWith('</feed>')).toBe(true);
  });

  it('entryId() is the same for the same change and differs between changes that share a slug-like subject', () => {
    const a = entryId('https://x.test', {
      week_start: '2026-08-10',
      kind: 'mover',
      metric: 'or_top20_rank',
      subject: 'a/b',
    });
    const b = entryId('https://x.test', {
      week_start: '2026-08-10',
      kind: 'mover',
      metric: 'or_top20_rank',
      subject: 'a-b',
    });
    expect(a).toBe('https://x.test/digest?week=2026-08-10#mover-or_top20_rank-a%2Fb');
    expect(b).toBe('https://x.test/digest?week=2026-08-10#mover-or_top20_rank-a-b');
  });

  it('utcTimestamp() reads a database timestamp as UTC and rejects anything else', () => {
    expect(utcTimestamp('2026-08-16 21:19:23.964').toISOString()).toBe('2026-08-16T21:19:23.964Z');
    expect(() => utcTimestamp('last Tuesday')).toThrow(new RangeError('not a timestamp: "last Tuesday"'));
  });
});
