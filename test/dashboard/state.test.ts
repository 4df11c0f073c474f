/** The page's URL state and its CSV writer: pure functions, no DOM. */
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../dashboard/web/csv.ts';
import {
  DEFAULT_STATE,
  dayInRange,
  parseState,
  sharedSearch,
  stateSearch,
  weekInRange,
} from '../../dashboard/web/state.ts';

describe('parseState() and stateSearch()', () => {
  it('reads every parameter and writes it back in a fixed order, defaults left out', () => {
    const search =
      '?hfdev=Alibaba&to=2026-08-09&from=2026-06-01&n=50&count=family&week=2026-06-29&ordev=Meta&ordev=Zhipu%20AI&hfn=10&attr=uploader&scope=all&markers=0' +
      '&devscale=log&channel=huggingface&id=Qwen%2FQwen3-8B&cchannel=openrouter&verdict=nodata';
    const state = parseState(search);
    expect(state).toEqual({
      from: '2026-06-01',
      to: '2026-08-09',
      n: 50,
      count: 'family',
      week: '2026-06-29',
      ordev: ['Meta', 'Zhipu AI'],
      hfn: 10,
      attr: 'uploader',
      scope: 'all',
      hfdev: ['Alibaba'],
      markers: false,
      devscale: 'log',
      channel: 'huggingface',
      id: 'Qwen/Qwen3-8B',
      verdict: 'nodata',
      claimChannel: 'openrouter',
    });
    expect(stateSearch(state)).toBe(
      '?from=2026-06-01&to=2026-08-09&n=50&count=family&week=2026-06-29&ordev=Meta&ordev=Zhipu+AI&hfn=10&attr=uploader&scope=all&hfdev=Alibaba&markers=0' +
        '&devscale=log&channel=huggingface&id=Qwen%2FQwen3-8B&verdict=nodata&cchannel=openrouter',
    );
    expect(parseState(stateSearch(state))).toEqual(state);
    expect(stateSearch(DEFAULT_STATE)).toBe('');
  });

  it('falls back to the default for a malformed or unknown value, and swaps a reversed range', () => {
    expect(
      parseState(
        '?n=7&hfn=50&attr=country&scope=LLM&from=2026-02-30&to=tomorrow&week=2026-13-01&markers=yes&count=slug&verdict=no%20data&cchannel=hf',
      ),
    ).toEqual(DEFAULT_STATE);
    expect(parseState('?from=2026-08-01&to=2026-06-01')).toMatchObject({ from: '2026-06-01', to: '2026-08-01' });
    expect(parseState(`?ordev=&ordev=${'x'.repeat(101)}`).ordev).toBeNull();
  });

  it('sharedSearch() keeps only what follows the reader to another view: range, attribution, scope, markers', () => {
    expect(sharedSearch(parseState('?from=2026-06-01&n=50&week=2026-06-29&attr=uploader&hfn=10&markers=0'))).toBe(
      '?from=2026-06-01&attr=uploader&markers=0',
    );
  });

  it('weekInRange() keeps a week any of whose days is in range; dayInRange() is inclusive', () => {
    const range = { from: '2026-06-03', to: '2026-06-15' };
    expect(
      ['2026-05-25', '2026-06-01', '2026-06-08', '2026-06-15', '2026-06-22'].filter((w) => weekInRange(w, range)),
    ).toEqual(['2026-06-01', '2026-06-08', '2026-06-15']);
    expect(['2026-06-02', '2026-06-03', '2026-06-15', '2026-06-16'].filter((d) => dayInRange(d, range))).toEqual([
      '2026-06-03',
      '2026-06-15',
    ]);
    expect(weekInRange('2020-01-06', { from: null, to: null })).toBe(true);
  });
});

describe('toCsv()', () => {
  it('writes comment lines, the header and the rows; NULL empty, never 0; quotes what needs quoting', () => {
    expect(
      toCsv({
        columns: ['week_start', 'model', 'value', 'complete'],
        rows: [
          { week_start: '2026-06-01', model: 'org/with,comma "quoted"', value: 0, complete: true },
          { week_start: '2026-06-08', model: 'plain', value: null, complete: false, ignored: 'x' },
        ],
        comments: ['Source: somewhere', 'line one\nline two', ''],
      }),
    ).toBe(
      '# Source: somewhere\n# line one\n# line two\n' +
        'week_start,model,value,complete\n' +
        '2026-06-01,"org/with,comma ""quoted""",0,true\n' +
        '2026-06-08,plain,,false\n',
    );
  });
});
