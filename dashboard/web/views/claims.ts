/**
 * The claims view: published claims about the Chinese share, each with its source, the query that tests it on our
 * data, our value and the verdict (matches, differs by how much, no data for that period, not testable).
 */
import { loadMart } from '../api.ts';
import { el, emptyState } from '../dom.ts';
import { formatExact, formatShare } from '../format.ts';
import type { View, ViewContext } from './types.ts';

export interface ClaimRow {
  id: string;
  claim: string;
  channel: string;
  source: string;
  source_kind: string | null;
  period: string | null;
  claim_value: string | null;
  note: string | null;
  metric: string | null;
  unit: string | null;
  expected_value: number | null;
  tolerance: number | null;
  our_value: number | null;
  our_value_low: number | null;
  our_value_high: number | null;
  our_value_text: string | null;
  verdict: string;
  verdict_detail: string | null;
  difference: number | null;
  weeks_covered: number | null;
  week_used: string | null;
  caveat: string | null;
  query: string | null;
  as_of: string | null;
}

const CLAIMS = 'claim_verdicts';
const VERDICT_ORDER = ['matches', 'differs', 'no data for that period', 'not testable'];

/** A difference in the claim's own unit: percentage points for shares, an exact count otherwise. */
function formatDifference(row: ClaimRow): string | null {
  if (row.difference === null) return null;
  if (row.unit === 'share') {
    const points = Math.round(row.difference * 1000) / 10;
    return `${points > 0 ? '+' : points < 0 ? '−' : ''}${Math.abs(points).toFixed(1)} percentage points`;
  }
  const n = Math.round(row.difference);
  return `${n > 0 ? '+' : n < 0 ? '−' : ''}${formatExact(Math.abs(n))}${row.unit ? ` ${row.unit}` : ''}`;
}

function ourValue(row: ClaimRow): string {
  if (row.our_value_text) return row.our_value_text;
  if (row.our_value_low !== null && row.our_value_high !== null) {
    return row.unit === 'share'
      ? `${formatShare(row.our_value_low)} to ${formatShare(row.our_value_high)}`
      : `${formatExact(row.our_value_low)} to ${formatExact(row.our_value_high)}`;
  }
  if (row.our_value === null) return 'no value';
  return row.unit === 'share' ? formatShare(row.our_value) : formatExact(row.our_value);
}

function claimCard(row: ClaimRow): HTMLElement {
  const verdictClass = `verdict verdict-${row.verdict.replace(/[^a-z]+/g, '-')}`;
  const difference = row.verdict === 'differs' ? formatDifference(row) : null;
  const facts = el(
    'dl',
    { class: 'facts' },
    el('dt', {}, 'Source'),
    el('dd', {}, row.source, row.source_kind ? ` (${row.source_kind})` : ''),
    el('dt', {}, 'Period'),
    el('dd', {}, row.period ?? '–'),
    el('dt', {}, 'Their value'),
    el('dd', {}, row.claim_value ?? '–'),
    el('dt', {}, 'Our value'),
    el(
      'dd',
      { 'data-our-value': '' },
      ourValue(row),
      row.weeks_covered ? ` (${row.weeks_covered} week${row.weeks_covered > 1 ? 's' : ''}${row.week_used ? `; week of ${row.week_used}` : ''})` : '',
    ),
    el('dt', {}, 'Verdict'),
    el('dd', {}, el('span', { class: verdictClass, 'data-verdict': row.verdict }, row.verdict), difference ? ` by ${difference}` : ''),
  );
  return el(
    'article',
    { class: 'card claim', id: `claim-${row.id}`, 'data-claim': row.id, 'aria-labelledby': `claim-${row.id}-title` },
    el('h2', { id: `claim-${row.id}-title` }, `“${row.claim}”`),
    facts,
    row.verdict_detail ? el('p', { class: 'note' }, row.verdict_detail) : null,
    row.caveat ? el('p', { class: 'note' }, el('strong', {}, 'Caveat: '), row.caveat) : null,
    row.query
      ? el(
          'details',
          { class: 'query' },
          el('summary', {}, 'Our query (DuckDB, on the published database)'),
          el('pre', {}, el('code', {}, row.query)),
        )
      : el('p', { class: 'note' }, `No query: ${row.metric ? 'see the verdict detail' : 'the claim names no metric we hold'}.`),
  );
}

async function render(ctx: ViewContext): Promise<Node[]> {
  if (!ctx.catalog.get(CLAIMS)?.built) {
    return [emptyState('No verdicts yet', `The table ${CLAIMS} has not been built yet: run \`adoption-tracker transform\`.`)];
  }
  const claims = await loadMart<ClaimRow>(CLAIMS);
  if (claims.rows.length === 0) return [emptyState('No claims', 'The claims list (transform/seeds/claims.csv) is empty.')];
  const counts = VERDICT_ORDER.map((v) => [v, claims.rows.filter((r) => r.verdict === v).length] as const).filter(([, n]) => n > 0);
  return [
    el(
      'p',
      { class: 'note', 'data-claims-summary': '' },
      `${claims.rows.length} claims: ${counts.map(([v, n]) => `${n} ${v}`).join(', ')}. Verdicts as of ${claims.as_of ?? 'the latest build'} UTC. `,
      'All of it as ',
      el('a', { href: `data/${CLAIMS}.csv?_meta=1` }, 'CSV'),
      ' or ',
      el('a', { href: `data/${CLAIMS}.json` }, 'JSON'),
      '. A claim is one line in transform/seeds/claims.csv.',
    ),
    ...claims.rows.map(claimCard),
    el('details', { class: 'definition' }, el('summary', {}, 'How a claim is tested'), ...(claims.definition ?? '').split('\n').filter((l) => l.trim()).map((l) => el('p', {}, l))),
  ];
}

export const claimsView: View = {
  path: 'claims',
  nav: 'Claims',
  title: 'Claims, checked against our data',
  lede: 'Published numbers about Chinese models’ share of open-model adoption, each tested on the data behind this dashboard.',
  render,
};
