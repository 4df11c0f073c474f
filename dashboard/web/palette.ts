/**
 * Fixed origin colours, the same on every chart and table. From the Okabe-Ito palette, which stays distinguishable
 * for the common forms of colour blindness; UNKNOWN is neutral grey so it never reads as a country.
 */
export const ORIGIN_COLORS = {
  CN: '#D55E00',
  US: '#0072B2',
  UNKNOWN: '#8C8C8C',
  other: '#009E73',
} as const;

export function originColor(origin: string | null | undefined): string {
  if (origin === 'CN' || origin === 'US' || origin === 'UNKNOWN') return ORIGIN_COLORS[origin];
  return ORIGIN_COLORS.other;
}
