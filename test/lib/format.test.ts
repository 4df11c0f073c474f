import { format } from 'd3';
import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatCountChange,
  formatExact,
  formatIndex,
  formatInUnit,
  formatLargeAxis,
  formatPricePerMillionTokens,
  formatRatio,
  formatShare,
  formatShareAxis,
  formatShareChange,
  formatTokens,
} from '../../lib/format.ts';

const COUNTS = [0, 1, 7, 999, 1000, 12_345, 950_000, 1_234_567, 123_456_789_012, -1, -4321, 1234.5, 0.25];
const SHARES = [0, 0.0004, 0.0005, 0.1234, 0.12345, 0.5, 0.999, 1, -0.0004, -0.25, 1 / 3];

describe('lib/format: the one place numbers become text', () => {
  it("formatCount, formatShare and formatShareAxis write what d3-format's ',', '.1%' and '.0%' write", () => {
    expect(COUNTS.map(formatCount)).toEqual(COUNTS.map(format(',')));
    expect(SHARES.map(formatShare)).toEqual(SHARES.map(format('.1%')));
    expect(SHARES.map(formatShareAxis)).toEqual(SHARES.map(format('.0%')));
  });

  it('formats each kind of figure: literal examples', () => {
    expect(COUNTS.slice(0, 8).map(formatCount)).toEqual([
      '0',
      '1',
      '7',
      '999',
      '1,000',
      '12,345',
      '950,000',
      '1,234,567',
    ]);
    expect([0.1234, 0.0004, -0.25].map(formatShare)).toEqual(['12.3%', '0.0%', '−25.0%']);
    expect([4.123e12, 9.5e11, 1.23e6, 950_000, null, '9007199254740993'].map(formatTokens)).toEqual([
      '4.12T',
      '950.0B',
      '1.2M',
      '950,000',
      '–',
      '9007.20T',
    ]);
    expect(formatExact('9007199254740993')).toBe('9,007,199,254,740,993');
    expect([0.023, -0.004, 0.0004].map(formatShareChange)).toEqual(['+2.3 pts', '−0.4 pts', '0.0 pts']);
    expect([2, -1234, 0].map(formatCountChange)).toEqual(['+2', '−1,234', '0']);
    expect([0, 1500, 5e7, 1.5e12].map(formatLargeAxis)).toEqual(['0', '1.5k', '50M', '1.5T']);
    expect(formatRatio(38.24)).toBe('38.2x');
    expect(formatPricePerMillionTokens(0.5)).toBe('$0.50 per million tokens');
    expect(formatIndex(123.4)).toBe('123 (first whole week = 100)');
  });

  it('formatInUnit: the digest and the feed use the same short forms as the page (counts below a million grouped)', () => {
    expect(
      [
        [0.1234, 'share'],
        [4.123e12, 'tokens'],
        [950_000, 'downloads'],
        [3, 'rank'],
        [null, 'share'],
      ].map(([v, u]) => formatInUnit(v as number | null, u as string)),
    ).toEqual(['12.3%', '4.12T tokens', '950,000 downloads', '3', '–']);
  });
});
