/** Chart functions rendered in linkedom's DOM with SYNTHETIC rows; compared with stored snapshots. */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { ExitsTable } from '../../dashboard/web/charts/ExitsTable.ts';
import { fillKeys, markersInRange } from '../../dashboard/web/charts/frame.ts';
import { HeadlineCards } from '../../dashboard/web/charts/HeadlineCards.ts';
import { MultiLine } from '../../dashboard/web/charts/MultiLine.ts';
import { StackedArea } from '../../dashboard/web/charts/StackedArea.ts';
import { TopModelsTable } from '../../dashboard/web/charts/TopModelsTable.ts';
import { WeeklyLine, type WeekPoint } from '../../dashboard/web/charts/WeeklyLine.ts';
import {
  formatCount,
  formatCountChange,
  formatLargeAxis,
  formatShare,
  formatShareAxis,
  formatShareChange,
  formatTokens,
} from '../../dashboard/web/format.ts';
import { ORIGIN_COLORS, originBucket, originColor } from '../../dashboard/web/palette.ts';
import {
  createdMarkers,
  describeFirstSeen,
  describeHubCreated,
  releaseMarkers,
  type FirstSeenRow,
} from '../../dashboard/web/views/shared.ts';

function freshDocument(): Document {
  return parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
}

/** One tag per line, so a snapshot diff points at the mark that changed. */
function pretty(node: Element): string {
  return `${node.outerHTML.replace(/></g, '>\n<')}\n`;
}

const COUNT_ROWS: WeekPoint[] = [
  { week: '2026-04-13', value: 7, complete: true },
  { week: '2026-04-06', value: 6, complete: true },
  { week: '2026-04-20', value: 8, complete: true },
  { week: '2026-04-27', value: 9, complete: false },
];

const SHARE_ROWS: WeekPoint[] = [
  { week: '2025-12-22', value: 0.3, low: 0.25, high: 0.4, complete: true },
  { week: '2025-12-29', value: 0.32, low: 0.27, high: 0.41, complete: true },
  { week: '2026-01-05', value: null, low: null, high: null, complete: true },
  { week: '2026-01-12', value: 0.35, low: 0.3, high: 0.44, complete: true },
];

const GROUPS = [
  { key: 'CN', label: 'China', color: ORIGIN_COLORS.CN },
  { key: 'US', label: 'United States', color: ORIGIN_COLORS.US },
  { key: 'other', label: 'Other countries', color: ORIGIN_COLORS.other },
  { key: 'UNKNOWN', label: 'Unknown origin', color: ORIGIN_COLORS.UNKNOWN },
];

describe('WeeklyLine()', () => {
  it('draws one point per week in week order, the incomplete week hollow, with a text alternative', async () => {
    const svg = WeeklyLine(COUNT_ROWS, {
      document: freshDocument(),
      id: 'count',
      title: 'Chinese models in the top 20',
      width: 480,
      height: 240,
      color: ORIGIN_COLORS.CN,
      format: formatCount,
      integerTicks: true,
      valueLabel: 'models in the top 20',
    });
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe(
      'Chinese models in the top 20. 4 weeks from 2026-04-06 to 2026-04-27; latest 9 in the week of 2026-04-27 (partial week).',
    );
    expect(svg.querySelector('title')!.textContent).toBe('Chinese models in the top 20');
    const points = [...svg.querySelectorAll('.points [data-week]')];
    expect(
      points.map((p) => [p.getAttribute('data-week'), p.getAttribute('data-complete'), p.getAttribute('fill')]),
    ).toEqual([
      ['2026-04-06', 'true', '#D55E00'],
      ['2026-04-13', 'true', '#D55E00'],
      ['2026-04-20', 'true', '#D55E00'],
      ['2026-04-27', 'false', '#fff'],
    ]);
    expect(svg.querySelectorAll('path.line-incomplete')).toHaveLength(1);
    expect(svg.querySelector('[data-band]')).toBeNull();
    expect([...svg.querySelectorAll('.axis-y .tick text')].map((t) => t.textContent)).toEqual([
      '0',
      '2',
      '4',
      '6',
      '8',
      '10',
    ]);
    expect([...svg.querySelectorAll('.hover-target')].map((t) => t.getAttribute('data-tip'))).toEqual([
      'Week of 2026-04-06: 6',
      'Week of 2026-04-13: 7',
      'Week of 2026-04-20: 8',
      'Week of 2026-04-27: 9 (partial week)',
    ]);
    await expect(pretty(svg)).toMatchFileSnapshot('__snapshots__/WeeklyLine.count.svg');
  });

  it('draws the low-high band, leaves a gap for a NULL week and marks the year on the axis', async () => {
    const svg = WeeklyLine(SHARE_ROWS, {
      document: freshDocument(),
      id: 'share',
      title: 'Chinese share of tokens',
      width: 360,
      height: 260,
      format: formatShare,
      axisFormat: formatShareAxis,
      valueLabel: 'share of ranked tokens',
      bandLabel: 'share of all tokens',
    });
    expect(svg.querySelectorAll('path.band[data-band="share"]')).toHaveLength(1);
    expect(svg.querySelector('path.band')!.getAttribute('d')!.split('M')).toHaveLength(3); // two pieces around the gap
    expect([...svg.querySelectorAll('.points [data-week]')].map((p) => p.getAttribute('data-week'))).toEqual([
      '2025-12-22',
      '2025-12-29',
      '2026-01-12',
    ]);
    expect(svg.querySelectorAll('path.line-incomplete')).toHaveLength(0);
    expect([...svg.querySelectorAll('.axis-y .tick text')].map((t) => t.textContent)).toEqual([
      '0%',
      '10%',
      '20%',
      '30%',
      '40%',
      '50%',
    ]);
    expect([...svg.querySelectorAll('.axis-x .tick text')].map((t) => t.textContent)).toEqual([
      'Dec 22',
      '2025',
      'Dec 29',
      'Jan 5',
      '2026',
      'Jan 12',
    ]);
    expect(svg.querySelector('[data-week="2026-01-12"] title')!.textContent).toBe(
      'Week of 2026-01-12: 35.0%; share of all tokens: 30.0% to 44.0%',
    );
    // The NULL week still has a hover target that says so.
    expect(svg.querySelector('.hover-target[data-key="2026-01-05"]')!.getAttribute('data-tip')).toBe(
      'Week of 2026-01-05: no value',
    );
    await expect(pretty(svg)).toMatchFileSnapshot('__snapshots__/WeeklyLine.share.svg');
  });

  it('puts release markers on their weeks, inside the range only, and names them in the hover text', async () => {
    const svg = WeeklyLine(COUNT_ROWS, {
      document: freshDocument(),
      id: 'markers',
      width: 480,
      height: 240,
      markers: [
        { date: '2026-04-13', label: 'z-ai/glm-5 (CN)' },
        { date: '2026-04-13', label: 'anthropic/claude-5 (US)' },
        { date: '2026-04-27', label: 'qwen/qwen4 (CN)' },
        { date: '2026-03-30', label: 'before the range (CN)' },
      ],
    });
    expect(
      [...svg.querySelectorAll('.marker')].map((m) => [m.getAttribute('data-marker'), m.getAttribute('data-count')]),
    ).toEqual([
      ['2026-04-13', '2'],
      ['2026-04-27', '1'],
    ]);
    expect(svg.querySelector('.marker title')!.textContent).toBe(
      '2026-04-13: first seen: anthropic/claude-5 (US), z-ai/glm-5 (CN)',
    );
    expect(svg.querySelector('.hover-target[data-key="2026-04-13"]')!.getAttribute('data-tip')).toBe(
      'Week of 2026-04-13: 7\nfirst seen: anthropic/claude-5 (US), z-ai/glm-5 (CN)',
    );
    expect([...svg.querySelectorAll('.legend text')].map((t) => t.textContent)).toContain('new in the rankings');
    await expect(pretty(svg)).toMatchFileSnapshot('__snapshots__/WeeklyLine.markers.svg');
  });

  it('says "No data" rather than drawing empty axes', () => {
    const svg = WeeklyLine([], { document: freshDocument(), title: 'Empty' });
    expect(svg.getAttribute('aria-label')).toBe('Empty: no data.');
    expect(svg.querySelectorAll('.axis-x, .axis-y, [data-week], .hover-target')).toHaveLength(0);
    expect(svg.lastElementChild!.textContent).toBe('No data');
  });
});

describe('StackedArea()', () => {
  const rows = [
    { date: '2026-04-06', group: 'CN', value: 0.5, complete: true },
    { date: '2026-04-06', group: 'US', value: 0.4, complete: true },
    { date: '2026-04-06', group: 'UNKNOWN', value: 0.1, complete: true },
    { date: '2026-04-13', group: 'CN', value: 0.6, complete: true },
    { date: '2026-04-13', group: 'US', value: 0.4, complete: true },
    // 2026-04-20 has no rows at all: a gap.
    { date: '2026-04-27', group: 'US', value: 0.3, complete: false },
    { date: '2026-04-27', group: 'CN', value: 0.7, complete: false },
    { date: '2026-04-27', group: 'FR', value: 0.2, complete: false },
  ];

  it('stacks the groups in their order, leaves a date without rows as a gap and veils the incomplete one', async () => {
    const svg = StackedArea(rows, {
      document: freshDocument(),
      id: 'stack',
      title: 'Share by origin',
      width: 480,
      height: 260,
      groups: GROUPS,
      dates: fillKeys(['2026-04-06', '2026-04-27'], 'week'),
      format: formatShare,
      axisFormat: formatShareAxis,
    });
    expect(svg.getAttribute('aria-label')).toBe(
      'Share by origin. 3 weeks from 2026-04-06 to 2026-04-27; latest: China 70.0%, United States 30.0% (partial).',
    );
    expect([...svg.querySelectorAll('path.area')].map((p) => p.getAttribute('data-group'))).toEqual([
      'CN',
      'US',
      'UNKNOWN',
    ]);
    // Two pieces (before and after the gap) in every area path.
    for (const path of svg.querySelectorAll('path.area')) expect(path.getAttribute('d')!.split('M')).toHaveLength(3);
    // 2026-04-27 stands alone after the gap: drawn as a bar; a group it lacks draws nothing.
    expect([...svg.querySelectorAll('rect.area-lone')].map((r) => r.getAttribute('data-group'))).toEqual(['CN', 'US']);
    expect([...svg.querySelectorAll('rect.incomplete-veil')].map((r) => r.getAttribute('data-key'))).toEqual([
      '2026-04-27',
    ]);
    expect(
      [...svg.querySelectorAll('.hover-target')].map((t) => [
        t.getAttribute('data-key'),
        t.getAttribute('data-values'),
      ]),
    ).toEqual([
      ['2026-04-06', 'CN=0.5;US=0.4;UNKNOWN=0.1'],
      ['2026-04-13', 'CN=0.6;US=0.4'],
      ['2026-04-20', ''],
      ['2026-04-27', 'CN=0.7;US=0.3'],
    ]);
    expect(svg.querySelector('.hover-target[data-key="2026-04-13"]')!.getAttribute('data-tip')).toBe(
      'Week of 2026-04-13\nUnknown origin: 0.0% (none)\nUnited States: 40.0%\nChina: 60.0%',
    );
    expect(svg.querySelector('.hover-target[data-key="2026-04-20"]')!.getAttribute('data-tip')).toBe(
      'Week of 2026-04-20\nno data',
    );
    await expect(pretty(svg)).toMatchFileSnapshot('__snapshots__/StackedArea.svg');
  });

  it('says "No data" when no row belongs to a drawn group', () => {
    const svg = StackedArea([{ date: '2026-04-06', group: 'FR', value: 1 }], {
      document: freshDocument(),
      title: 'Empty',
      groups: GROUPS,
    });
    expect(svg.getAttribute('aria-label')).toBe('Empty: no data.');
    expect(svg.querySelectorAll('path.area, .hover-target')).toHaveLength(0);
  });
});

describe('MultiLine()', () => {
  it('draws a line and a point per value for each series, NULL as a gap, with dashes and a legend', async () => {
    const svg = MultiLine(
      [
        {
          key: 'alibaba',
          label: 'Alibaba',
          color: ORIGIN_COLORS.CN,
          points: [
            { date: '2026-04-06', value: 100, complete: true },
            { date: '2026-04-13', value: 150, complete: true },
            { date: '2026-04-20', value: 210, complete: false },
          ],
        },
        {
          key: 'meta',
          label: 'Meta',
          color: ORIGIN_COLORS.US,
          dash: '6 3',
          points: [
            { date: '2026-04-06', value: 180, complete: true },
            { date: '2026-04-13', value: null, complete: true },
            { date: '2026-04-20', value: 170, complete: false },
          ],
        },
      ],
      {
        document: freshDocument(),
        id: 'devs',
        title: 'Downloads per developer',
        width: 480,
        height: 260,
        format: formatCount,
        axisFormat: formatLargeAxis,
      },
    );
    expect(svg.getAttribute('aria-label')).toBe(
      'Downloads per developer. 2 series over 3 weeks from 2026-04-06 to 2026-04-20; latest: Alibaba 210 (2026-04-20, partial week); Meta 170 (2026-04-20, partial week).',
    );
    expect(
      [...svg.querySelectorAll('.series')].map((g) => [
        g.getAttribute('data-series'),
        [...g.querySelectorAll('circle.mark')].map((c) => c.getAttribute('data-value')),
      ]),
    ).toEqual([
      ['alibaba', ['100', '150', '210']],
      ['meta', ['180', '170']],
    ]);
    expect(svg.querySelector('[data-series="meta"] path.line')!.getAttribute('stroke-dasharray')).toBe('6 3');
    expect(svg.querySelector('[data-series="meta"] path.line')!.getAttribute('d')!.split('M')).toHaveLength(3);
    expect([...svg.querySelectorAll('.legend text')].map((t) => t.textContent)).toEqual([
      'Alibaba',
      'Meta',
      'partial week',
    ]);
    expect(svg.querySelector('.hover-target[data-key="2026-04-13"]')!.getAttribute('data-tip')).toBe(
      'Week of 2026-04-13\nAlibaba: 150\nMeta: no value',
    );
    expect(svg.querySelector('.hover-target[data-key="2026-04-20"]')!.getAttribute('data-tip')).toBe(
      'Week of 2026-04-20 (partial week)\nAlibaba: 210\nMeta: 170',
    );
    await expect(pretty(svg)).toMatchFileSnapshot('__snapshots__/MultiLine.svg');
  });

  it('wraps a long legend into rows that fit the width', () => {
    const series = ['DeepSeek', 'Xiaomi', 'Anthropic', 'Tencent', 'Google', 'OpenAI'].map((label, i) => ({
      key: label,
      label,
      color: i % 2 ? ORIGIN_COLORS.US : ORIGIN_COLORS.CN,
      points: [{ date: '2026-04-06', value: i }],
    }));
    const svg = MultiLine(series, { document: freshDocument(), width: 300, height: 260 });
    const rows = new Set(
      [...svg.querySelectorAll('.legend > g')].map((g) => g.getAttribute('transform')!.split(',')[1]),
    );
    expect([...rows]).toEqual(['0)', '16)']);
  });
});

describe('TopModelsTable()', () => {
  it('lists rank, model, origin and tokens for ranks 1-20 in rank order', async () => {
    const table = TopModelsTable(
      [
        { rank: 21, model_permaslug: 'mistralai/mistral-small', origin_country: 'FR', total_tokens: 1000000 },
        { rank: 2, model_permaslug: 'deepseek/deepseek-v3.2', origin_country: 'CN', total_tokens: 610000000000 },
        { rank: 1, model_permaslug: 'anthropic/claude-sonnet-4', origin_country: 'US', total_tokens: 950000000000 },
        {
          rank: 3,
          model_permaslug: 'stealth/mystery-model',
          origin_country: 'UNKNOWN',
          total_tokens: '9007199254740993',
        },
        { rank: 4, model_permaslug: 'x/no-tokens', origin_country: null, total_tokens: null },
      ],
      { document: freshDocument(), caption: 'Week of 2026-04-20' },
    );
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    // Models by a readable name with a link out, origins in words; the id and the code stay on hover.
    expect(rows).toEqual([
      ['1', 'Claude Sonnet 4 ↗', 'United States', '950.0B'],
      ['2', 'Deepseek V3.2 ↗', 'China', '610.0B'],
      ['3', 'Mystery Model ↗', 'Unknown', '9007.20T'],
      ['4', 'No Tokens ↗', 'Unknown', '–'],
    ]);
    const model = table.querySelector('tr[data-rank="1"] td.model')!;
    expect(model.getAttribute('data-model')).toBe('anthropic/claude-sonnet-4');
    expect([...model.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.getAttribute('title')])).toEqual([
      ['model?channel=openrouter&id=anthropic%2Fclaude-sonnet-4', 'anthropic/claude-sonnet-4'],
      ['https://openrouter.ai/anthropic/claude-sonnet-4', 'anthropic/claude-sonnet-4 on OpenRouter'],
    ]);
    expect(table.querySelector('tr[data-rank="1"] td[title="US"]')!.textContent).toBe('United States');
    expect(table.querySelector('tr[data-rank="3"] td:last-child')!.getAttribute('title')).toBe(
      '9,007,199,254,740,993 tokens',
    );
    await expect(pretty(table)).toMatchFileSnapshot('__snapshots__/TopModelsTable.html');
  });

  it('with showChange, says each move in arrows for the eye and in words for a screen reader', async () => {
    const table = TopModelsTable(
      [
        {
          rank: 1,
          model_permaslug: 'a/up',
          origin_country: 'CN',
          total_tokens: 3,
          status: 'up',
          previous_rank: 3,
          rank_change: 2,
        },
        {
          rank: 2,
          model_permaslug: 'b/new',
          origin_country: 'US',
          total_tokens: 2,
          status: 'new',
          previous_rank: null,
          rank_change: null,
        },
        {
          rank: 3,
          model_permaslug: 'c/down',
          origin_country: 'CN',
          total_tokens: 1,
          status: 'down',
          previous_rank: 1,
          rank_change: -2,
        },
        {
          rank: 4,
          model_permaslug: 'd/same',
          origin_country: 'FR',
          total_tokens: 1,
          status: 'same',
          previous_rank: 4,
          rank_change: 0,
        },
        {
          rank: 5,
          model_permaslug: 'e/first-week',
          origin_country: 'US',
          total_tokens: 1,
          status: null,
          previous_rank: null,
          rank_change: null,
        },
      ],
      { document: freshDocument(), showChange: true },
    );
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual([
      'Rank',
      'Model',
      'Origin',
      'Tokens',
      'Change',
    ]);
    expect(
      [...table.querySelectorAll('td.change')].map((td) => [
        td.querySelector('[aria-hidden]')!.textContent,
        td.querySelector('.sr-only')!.textContent,
      ]),
    ).toEqual([
      ['▲2', 'up 2 from rank 3'],
      ['new', 'new in the top 20'],
      ['▼2', 'down 2 from rank 1'],
      ['=', 'same rank as the week before'],
      ['–', 'no previous week to compare with'],
    ]);
    await expect(pretty(table)).toMatchFileSnapshot('__snapshots__/TopModelsTable.change.html');
  });
});

describe('ExitsTable()', () => {
  it('lists the models that left, by their rank the week before, with this week’s tokens or none', () => {
    const table = ExitsTable(
      [
        { model_permaslug: 'b/later', origin_country: 'US', previous_rank: 19, total_tokens: null },
        { model_permaslug: 'a/earlier', origin_country: 'CN', previous_rank: 12, total_tokens: 450000000 },
      ],
      { document: freshDocument(), caption: 'Left the top 20' },
    );
    expect(
      [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
    ).toEqual([
      ['12', 'Earlier ↗', 'China', '450.0M'],
      ['19', 'Later ↗', 'United States', 'none'],
    ]);
  });
});

describe('HeadlineCards()', () => {
  it('shows each number with its change, as of and definition; a missing number says why instead of a zero', async () => {
    const list = HeadlineCards(
      [
        {
          id: 'top20',
          label: 'Models in the top 20',
          value: '9 of 20',
          sentence: '9 of the top 20 models are Chinese.',
          change: '−1',
          direction: 'down',
          definition: 'Count of CN models among the 20 with the most tokens.',
          asOf: '2026-08-18 00:05:18',
          partial: 'The week of 2026-08-17 is still incomplete: 9 so far.',
          precise: 'or_models_in_top_20: grain week x origin (synthetic).',
          // SYNTHETIC trend: three whole weeks and a gap.
          trend: [
            { week: '2026-07-27', value: 8 },
            { week: '2026-08-03', value: 10 },
            { week: '2026-08-10', value: null },
            { week: '2026-08-17', value: 9 },
          ],
          trendFormat: (v: number) => `${v} of 20`,
        },
        {
          id: 'all-time',
          label: 'All-time downloads',
          value: null,
          sentence: null,
          change: null,
          definition: 'Cumulative downloads.',
          asOf: null,
          missing: 'Not collected yet.',
        },
      ],
      { document: freshDocument() },
    );
    expect([...list.querySelectorAll('li')].map((li) => li.getAttribute('class'))).toEqual([
      'headline',
      'headline headline-missing',
    ]);
    // The trend: the whole record, a gap left a gap (two segments), its ends named for a screen reader.
    const spark = list.querySelector('[data-headline="top20"] svg.sparkline')!;
    expect(spark.getAttribute('data-points')).toBe('3');
    expect(spark.getAttribute('aria-label')).toBe(
      'Models in the top 20, week by week: 3 complete weeks, from 8 of 20 in the week of 2026-07-27 to 9 of 20 in the week of 2026-08-17.',
    );
    expect(spark.querySelector('.spark-line')!.getAttribute('d')!.match(/M/g)).toHaveLength(2);
    expect(list.querySelector('[data-headline="top20"] details.definition p')!.textContent).toBe(
      'or_models_in_top_20: grain week x origin (synthetic).',
    );
    expect(list.querySelector('[data-headline="top20"] .headline-change')!.textContent).toBe(
      '−1 against the week before',
    );
    expect(list.querySelector('[data-headline="all-time"] .headline-value')!.textContent).toBe('No value');
    expect(list.querySelector('[data-headline="all-time"] .headline-missing-why')!.textContent).toBe(
      'Not collected yet.',
    );
    expect(list.querySelector('[data-headline="all-time"] .headline-change')).toBeNull();
    expect(list.querySelector('[data-headline="top20"] article')!.getAttribute('aria-describedby')).toBe(
      'headline-top20-definition',
    );
    await expect(pretty(list)).toMatchFileSnapshot('__snapshots__/HeadlineCards.html');
  });
});

describe('frame helpers', () => {
  it('fillKeys() lists every week or day between the first and last key, so a missing one is a gap', () => {
    expect(fillKeys(['2026-04-06', '2026-04-27'], 'week')).toEqual([
      '2026-04-06',
      '2026-04-13',
      '2026-04-20',
      '2026-04-27',
    ]);
    expect(fillKeys(['2026-02-27', '2026-03-02'], 'day')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(fillKeys([], 'day')).toEqual([]);
  });

  it('markersInRange() groups markers by date within the keys’ span', () => {
    expect(
      markersInRange(
        [
          { date: '2026-04-13', label: 'b' },
          { date: '2026-04-06', label: 'c' },
          { date: '2026-04-13', label: 'a' },
          { date: '2026-05-04', label: 'after' },
        ],
        ['2026-04-06', '2026-04-13', '2026-04-20'],
      ),
    ).toEqual([
      { date: '2026-04-06', labels: ['c'] },
      { date: '2026-04-13', labels: ['a', 'b'] },
    ]);
  });
});

// SYNTHETIC model_first_seen rows (invented repos and dates, for the shape of the markers only).
const FIRST_SEEN_SYNTHETIC: FirstSeenRow[] = [
  {
    channel: 'huggingface',
    model_id: 'synthetic-lab/alpha-7b',
    first_seen_day: '2026-04-15',
    first_seen_week_start: '2026-04-13',
    first_seen_rank: 12,
    hub_created_at: '2026-04-08 09:30:00',
    origin_country: 'CN',
    is_left_censored: false,
    as_of: '2026-04-26 21:00:00',
  },
  {
    channel: 'huggingface',
    model_id: 'synthetic-lab/beta-3b',
    first_seen_day: '2026-04-21',
    first_seen_week_start: '2026-04-20',
    first_seen_rank: null,
    hub_created_at: null,
    origin_country: 'US',
    is_left_censored: false,
    as_of: '2026-04-26 21:00:00',
  },
  {
    channel: 'huggingface',
    model_id: 'synthetic-lab/gamma-1b',
    first_seen_day: '2026-04-22',
    first_seen_week_start: '2026-04-20',
    first_seen_rank: null,
    hub_created_at: '2025-12-30 12:00:00',
    origin_country: null,
    is_left_censored: false,
    as_of: '2026-04-26 21:00:00',
  },
  {
    channel: 'huggingface',
    model_id: 'synthetic-lab/already-there',
    first_seen_day: '2026-04-06',
    first_seen_week_start: '2026-04-06',
    first_seen_rank: 3,
    hub_created_at: '2026-04-14 08:00:00',
    origin_country: 'FR',
    is_left_censored: true,
    as_of: '2026-04-26 21:00:00',
  },
];

describe('Hub creation markers', () => {
  it('createdMarkers() puts each marked model’s Hub creation at its day or week, for the models first-seen markers cover', () => {
    expect(createdMarkers(FIRST_SEEN_SYNTHETIC, 'week')).toEqual([
      { date: '2026-04-06', label: 'synthetic-lab/alpha-7b (CN)' },
      { date: '2025-12-29', label: 'synthetic-lab/gamma-1b (UNKNOWN)' },
    ]);
    expect(createdMarkers(FIRST_SEEN_SYNTHETIC, 'day')).toEqual([
      { date: '2026-04-08', label: 'synthetic-lab/alpha-7b (CN)' },
      { date: '2025-12-30', label: 'synthetic-lab/gamma-1b (UNKNOWN)' },
    ]);
    expect(createdMarkers(FIRST_SEEN_SYNTHETIC, 'week', 20)).toEqual([
      { date: '2026-04-06', label: 'synthetic-lab/alpha-7b (CN)' },
    ]);
  });

  it('draws Hub creation dates apart from first appearances: own shape, legend entry and hover line', async () => {
    const svg = MultiLine(
      [
        {
          key: 'synthetic-lab',
          label: 'synthetic-lab',
          color: ORIGIN_COLORS.CN,
          points: [
            { date: '2026-04-06', value: 100, complete: true },
            { date: '2026-04-13', value: 140, complete: true },
            { date: '2026-04-20', value: 190, complete: true },
          ],
        },
      ],
      {
        document: freshDocument(),
        id: 'created',
        title: 'Downloads per developer',
        width: 480,
        height: 260,
        format: formatCount,
        axisFormat: formatLargeAxis,
        markers: releaseMarkers(FIRST_SEEN_SYNTHETIC, 'week'),
        markerLabel: describeFirstSeen,
        createdMarkers: createdMarkers(FIRST_SEEN_SYNTHETIC, 'week'),
        createdLabel: describeHubCreated,
      },
    );
    expect([...svg.querySelectorAll('.marker')].map((m) => m.getAttribute('data-marker'))).toEqual([
      '2026-04-13',
      '2026-04-20',
    ]);
    // gamma-1b was created before the chart's range: no creation marker for it.
    expect(
      [...svg.querySelectorAll('.created-marker')].map((m) => [
        m.getAttribute('data-created'),
        m.getAttribute('data-count'),
      ]),
    ).toEqual([['2026-04-06', '1']]);
    expect(svg.querySelector('.created-marker title')!.textContent).toBe(
      '2026-04-06: created on the Hub: synthetic-lab/alpha-7b (CN)',
    );
    expect(svg.querySelector('.created-marker path')!.getAttribute('d')).not.toBe(
      svg.querySelector('.marker path')!.getAttribute('d'),
    );
    expect([...svg.querySelectorAll('.legend text')].map((t) => t.textContent)).toEqual([
      'synthetic-lab',
      'new in the rankings',
      'created on the Hub',
    ]);
    expect([...svg.querySelectorAll('.hover-target')].map((t) => t.getAttribute('data-tip'))).toEqual([
      'Week of 2026-04-06\nsynthetic-lab: 100\ncreated on the Hub: synthetic-lab/alpha-7b (CN)',
      'Week of 2026-04-13\nsynthetic-lab: 140\nfirst seen: synthetic-lab/alpha-7b (CN, entered at rank 12)',
      'Week of 2026-04-20\nsynthetic-lab: 190\nfirst seen: synthetic-lab/beta-3b (US); synthetic-lab/gamma-1b (UNKNOWN)',
    ]);
    await expect(pretty(svg)).toMatchFileSnapshot('__snapshots__/MultiLine.created.svg');
  });
});

describe('palette and formats', () => {
  it('gives each origin bucket one fixed colour; UNKNOWN is never folded into another country', () => {
    expect(['CN', 'US', 'UNKNOWN', 'FR', 'INTL', 'COMMUNITY', null].map(originColor)).toEqual([
      '#D55E00',
      '#0072B2',
      '#8C8C8C',
      '#009E73',
      '#CC79A7',
      '#009E73',
      '#8C8C8C',
    ]);
    expect(['CN', 'KR', 'UNKNOWN', 'INTL'].map(originBucket)).toEqual(['CN', 'other', 'UNKNOWN', 'INTL']);
  });

  it('formats tokens short, shares as percents, changes with a true minus sign', () => {
    expect([1234, 12345678, 480500000000, 1.6e12].map(formatTokens)).toEqual(['1,234', '12.3M', '480.5B', '1.60T']);
    expect(formatShare(0.3456)).toBe('34.6%');
    expect([2, -1, 0].map(formatCountChange)).toEqual(['+2', '−1', '0']);
    expect([0.0234, -0.0223, 0.00001].map(formatShareChange)).toEqual(['+2.3 pts', '−2.2 pts', '0.0 pts']);
    expect([0, 1500, 250_000_000, 1.5e13].map(formatLargeAxis)).toEqual(['0', '1.5k', '250M', '15T']);
  });
});

describe('model names in tables', () => {
  it('shows the catalogue’s name where the data has one, the permaslug on hover, and a name read from the permaslug otherwise', () => {
    const table = TopModelsTable(
      [
        {
          rank: 1,
          model_permaslug: 'qwen/qwen3-coder-480b-a35b-07-25:free',
          model_name: 'Qwen: Qwen3 Coder 480B A35B (free)',
          origin_country: 'CN',
          total_tokens: 1,
        },
        {
          rank: 2,
          model_permaslug: 'qwen/qwen3-coder-480b-a35b-07-25',
          model_name: null,
          origin_country: 'CN',
          total_tokens: 1,
        },
      ],
      { document: freshDocument() },
    );
    const links = [...table.querySelectorAll('td.model a:first-child')].map((a) => [
      a.textContent,
      a.getAttribute('title'),
    ]);
    expect(links).toEqual([
      ['Qwen: Qwen3 Coder 480B A35B (free)', 'qwen/qwen3-coder-480b-a35b-07-25:free'],
      ['Qwen3 Coder 480b A35b 07 25', 'qwen/qwen3-coder-480b-a35b-07-25'],
    ]);
  });
});
