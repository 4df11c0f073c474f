/**
 * Fixed origin colours, the same on every chart and table. From the Okabe-Ito palette, which stays distinguishable
 * for the common forms of colour blindness; UNKNOWN is neutral grey so it never reads as a country.
 * Charts by origin draw these buckets: CN, US, INTL (the registry's international groups), every other country
 * together, and UNKNOWN, which is never folded into another bucket.
 */
export const ORIGIN_COLORS = {
  CN: '#D55E00',
  US: '#0072B2',
  INTL: '#CC79A7',
  other: '#009E73',
  UNKNOWN: '#8C8C8C',
} as const;

export type OriginBucket = keyof typeof ORIGIN_COLORS;

/** Stacking order, bottom to top: the subject of the question first, unknown last. */
export const ORIGIN_BUCKETS: readonly OriginBucket[] = ['CN', 'US', 'other', 'INTL', 'UNKNOWN'];

export const ORIGIN_LABELS: Record<OriginBucket, string> = {
  CN: 'China',
  US: 'United States',
  other: 'Other countries',
  INTL: 'International groups',
  UNKNOWN: 'Unknown origin',
};

export function originBucket(origin: string | null | undefined): OriginBucket {
  if (origin === 'CN' || origin === 'US' || origin === 'INTL') return origin;
  // NULL here is "no registry entry", which the marts already call UNKNOWN; never "not Chinese".
  if (origin === 'UNKNOWN' || origin == null) return 'UNKNOWN';
  return 'other';
}

export function originColor(origin: string | null | undefined): string {
  return ORIGIN_COLORS[originBucket(origin)];
}

/** Dash patterns that tell apart lines of one origin colour (developers of one country, two channels). */
export const DASHES = ['', '6 3', '2 3', '10 3 2 3', '1 2'] as const;

const COUNTRY_NAMES: Record<string, string> = {
  CN: 'China',
  US: 'United States',
  FR: 'France',
  GB: 'United Kingdom',
  DE: 'Germany',
  CA: 'Canada',
  IL: 'Israel',
  KR: 'South Korea',
  JP: 'Japan',
  AE: 'United Arab Emirates',
  IN: 'India',
  SG: 'Singapore',
  CH: 'Switzerland',
  NL: 'Netherlands',
  SE: 'Sweden',
  FI: 'Finland',
  TW: 'Taiwan',
  HK: 'Hong Kong',
  RU: 'Russia',
  INTL: 'International group',
  COMMUNITY: 'Community',
  REDIST: 'Re-uploader',
  UNKNOWN: 'Unknown',
};

/** An origin code in words ('CN' -> 'China'); a code without a name stays the code; NULL is 'Unknown'. */
export function originWords(origin: string | null | undefined): string {
  if (origin == null) return 'Unknown';
  return COUNTRY_NAMES[origin] ?? origin;
}

/**
 * Distinct hues for lines that are told apart by what they are, not by country (developers, channels): the
 * Okabe-Ito palette in an order that keeps neighbours apart. Country is said in the line's label instead.
 */
export const SERIES_COLORS = [
  '#D55E00',
  '#0072B2',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#8C6D31',
  '#404040',
] as const;
