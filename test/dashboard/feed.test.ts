import { describe, expect, it } from 'vitest';
import { buildAtomFeed, entryId, utcTimestamp, type ChangeRow } from '../../dashboard/feed.ts';

// SYNTHETIC rows in the shape of marts.weekly_changes (invented subjects and sentences).
const ROWS: ChangeRow[] = [
  {
    week_start: '2026-08-10',
    channel: 'openrouter',
    kind: 'entrant',
    metric: 'or_top20_rank',
    subject: 'acme/model-x:free',
    detail: "acme/model-x:free (CN, Acme) entered OpenRouter's weekly top 20 at rank 12 in the week of 2026-08-10.",
    definition: 'Rank by prompt + completion tokens that week.',
    as_of: '2026-08-18 00:05:18',
  },
  {
    week_start: '2026-08-10',
    channel: 'huggingface',
    kind: 'crossing',
    metric: 'hf_org_all_uploader_downloads_30d',
    subject: 'R&D <Lab> passed Other',
    detail: 'In the week of 2026-08-10, R&D <Lab> (CN) passed Other (US).',
    definition: null,
    as_of: '2026-08-16 21:19:23.964',
  },
];

describe('buildAtomFeed()', () => {
  it('writes an Atom 1.0 feed: feed id, title, updated and author; one entry per change with a stable id, escaped text', () => {
    const xml = buildAtomFeed(ROWS, { siteUrl: 'https://adoption.example', updated: new Date('2026-08-18T00:05:18Z') });
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        '    <id>https://adoption.example/feed.xml</id>',
        '    <title>adoption-tracker: what changed this week</title>',
        '    <updated>2026-08-18T00:05:18.000Z</updated>',
        '    <author>',
        '        <name>adoption-tracker</name>',
        '        <uri>https://adoption.example/</uri>',
        '    </author>',
        '    <link rel="alternate" href="https://adoption.example/digest"/>',
        '    <link rel="self" href="https://adoption.example/feed.xml"/>',
        '    <subtitle>Weekly changes in the adoption of Chinese-built models on OpenRouter and Hugging Face: entrants and exits of the top 20, the biggest movers, and crossings.</subtitle>',
        '    <rights>Source: OpenRouter (openrouter.ai/rankings), CC BY 4.0. Source: Hugging Face Hub (huggingface.co).</rights>',
        '    <entry>',
        '        <title type="html"><![CDATA[OpenRouter, week of 2026-08-10: New in the top 20: acme/model-x:free]]></title>',
        '        <id>https://adoption.example/digest?week=2026-08-10#entrant-or_top20_rank-acme%2Fmodel-x%3Afree</id>',
        '        <link href="https://adoption.example/digest?week=2026-08-10"/>',
        '        <updated>2026-08-18T00:05:18.000Z</updated>',
        "        <summary type=\"html\"><![CDATA[acme/model-x:free (CN, Acme) entered OpenRouter's weekly top 20 at rank 12 in the week of 2026-08-10. Definition: Rank by prompt + completion tokens that week.]]></summary>",
        '    </entry>',
        '    <entry>',
        '        <title type="html"><![CDATA[Hugging Face, week of 2026-08-10: Crossing: R&amp;D &lt;Lab&gt; passed Other]]></title>',
        '        <id>https://adoption.example/digest?week=2026-08-10#crossing-hf_org_all_uploader_downloads_30d-R%26D%20%3CLab%3E%20passed%20Other</id>',
        '        <link href="https://adoption.example/digest?week=2026-08-10"/>',
        '        <updated>2026-08-16T21:19:23.964Z</updated>',
        '        <summary type="html"><![CDATA[In the week of 2026-08-10, R&amp;D &lt;Lab&gt; (CN) passed Other (US).]]></summary>',
        '    </entry>',
        '</feed>',
      ].join('\n'),
    );
  });

  it('writes a valid empty feed when nothing has changed yet', () => {
    const xml = buildAtomFeed([], { siteUrl: 'https://adoption.example', updated: new Date('2026-08-18T00:00:00Z') });
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(xml).toContain('<updated>2026-08-18T00:00:00.000Z</updated>');
    expect(xml).not.toContain('<entry>');
    expect(xml.endsWith('</feed>')).toBe(true);
  });

  it('entryId() is the same for the same change and differs between changes that share a slug-like subject', () => {
    const a = entryId('https://x.test', { week_start: '2026-08-10', kind: 'mover', metric: 'or_top20_rank', subject: 'a/b' });
    const b = entryId('https://x.test', { week_start: '2026-08-10', kind: 'mover', metric: 'or_top20_rank', subject: 'a-b' });
    expect(a).toBe('https://x.test/digest?week=2026-08-10#mover-or_top20_rank-a%2Fb');
    expect(b).toBe('https://x.test/digest?week=2026-08-10#mover-or_top20_rank-a-b');
  });

  it('utcTimestamp() reads a database timestamp as UTC and rejects anything else', () => {
    expect(utcTimestamp('2026-08-16 21:19:23.964').toISOString()).toBe('2026-08-16T21:19:23.964Z');
    expect(() => utcTimestamp('last Tuesday')).toThrow(new RangeError('not a timestamp: "last Tuesday"'));
  });
});
