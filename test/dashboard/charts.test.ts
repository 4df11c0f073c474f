/** Chart functions rendered in linkedom's DOM with SYNTHETIC rows; compared with stored snapshots. */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { TopModelsTable } from '../../dashboard/web/charts/TopModelsTable.ts';
import { WeeklyLine, type WeekPoint } from '../../dashboard/web/charts/WeeklyLine.ts';
import { formatCount, formatShare, formatShareAxis, formatTokens } from '../../dashboard/web/format.ts';
import { ORIGIN_COLORS, originColor } from '../../dashboard/web/palette.ts';

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
      'Chinese models in the top 20. 4 weeks from 2026-04-06 to 2026-04-27; latest 9 in the week of 2026-04-27 (incomplete week).',
    );
    expect(svg.querySelector('title')!.textContent).toBe('Chinese models in the top 20');
    const points = [...svg.querySelectorAll('[data-week]')];
    expect(points.map((p) => [p.getAttribute('data-week'), p.getAttribute('data-complete'), p.getAttribute('fill')])).toEqual([
      ['2026-04-06', 'true', '#D55E00'],
      ['2026-04-13', 'true', '#D55E00'],
      ['2026-04-20', 'true', '#D55E00'],
      ['2026-04-27', 'false', '#fff'],
    ]);
    expect(svg.querySelectorAll('path.line-incomplete')).toHaveLength(1);
    expect(svg.querySelector('[data-band]')).toBeNull();
    expect([...svg.querySelectorAll('.axis-y .tick text')].map((t) => t.textContent)).toEqual(['0', '5', '10']);
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
    expect([...svg.querySelectorAll('[data-week]')].map((p) => p.getAttribute('data-week'))).toEqual([
      '2025-12-22',
      '2025-12-29',
      '2026-01-12',
    ]);
    expect(svg.querySelectorAll('path.line-incomplete')).toHaveLength(0);
    expect([...svg.querySelectorAll('.axis-y .tick text')].map((t) => t.textContent)).toEqual(['0%', '10%', '20%', '30%', '40%', '50%']);
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
    await expect(pretty(svg)).toMatchFileSnapshot('__snapshots__/WeeklyLine.share.svg');
  });

  it('says "No data" rather than drawing empty axes', () => {
    const svg = WeeklyLine([], { document: freshDocument(), title: 'Empty' });
    expect(svg.getAttribute('aria-label')).toBe('Empty: no data.');
    expect(svg.querySelectorAll('.axis-x, .axis-y, [data-week]')).toHaveLength(0);
    expect(svg.lastElementChild!.textContent).toBe('No data');
  });
});

describe('TopModelsTable()', () => {
  it('lists rank, model, origin and tokens for ranks 1-20 in rank order', async () => {
    const table = TopModelsTable(
      [
        { rank: 21, model_permaslug: 'mistralai/mistral-small', origin_country: 'FR', total_tokens: 1000000 },
        { rank: 2, model_permaslug: 'deepseek/deepseek-v3.2', origin_country: 'CN', total_tokens: 610000000000 },
        { rank: 1, model_permaslug: 'anthropic/claude-sonnet-4', origin_country: 'US', total_tokens: 950000000000 },
        { rank: 3, model_permaslug: 'stealth/mystery-model', origin_country: 'UNKNOWN', total_tokens: '9007199254740993' },
        { rank: 4, model_permaslug: 'x/no-tokens', origin_country: null, total_tokens: null },
      ],
      { document: freshDocument(), caption: 'Week of 2026-04-20' },
    );
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toEqual([
      ['1', 'anthropic/claude-sonnet-4', 'US', '950.0B'],
      ['2', 'deepseek/deepseek-v3.2', 'CN', '610.0B'],
      ['3', 'stealth/mystery-model', 'UNKNOWN', '9007.20T'],
      ['4', 'x/no-tokens', '–', '–'],
    ]);
    expect(table.querySelector('tr[data-rank="3"] td:last-child')!.getAttribute('title')).toBe('9,007,199,254,740,993 tokens');
    await expect(pretty(table)).toMatchFileSnapshot('__snapshots__/TopModelsTable.html');
  });
});

describe('palette and formats', () => {
  it('gives each origin bucket one fixed colour; any other country shares the "other" colour', () => {
    expect(['CN', 'US', 'UNKNOWN', 'FR', 'INTL', null].map(originColor)).toEqual([
      '#D55E00',
      '#0072B2',
      '#8C8C8C',
      '#009E73',
      '#009E73',
      '#009E73',
    ]);
  });

  it('formats tokens short, shares as percents', () => {
    expect([1234, 12345678, 480500000000, 1.6e12].map(formatTokens)).toEqual(['1,234', '12.3M', '480.5B', '1.60T']);
    expect(formatShare(0.3456)).toBe('34.6%');
  });
});
