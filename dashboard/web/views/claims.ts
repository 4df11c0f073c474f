/**
 * The claims view: published claims about the Chinese share, checked against our data. A summary table first (claim,
 * source, their value, our value, verdict and the definition that decided it), filters by verdict and channel (in the
 * URL), then each claim's details folded: our value under every definition it could mean, each week of the period,
 * the verdict's reasoning, its caveat and the query that reproduces our value. The general caveats are said once.
 */
import { loadMart } from '../api.ts';
import { selectControl } from '../controls.ts';
import { el, emptyState } from '../dom.ts';
import { formatExact, formatPricePerMillionTokens, formatRatio, formatShare, formatTokens } from '../format.ts';
import { CLAIM_VERDICTS, type State } from '../state.ts';
import type { View, ViewContext } from './types.ts';

export interface ClaimRow {
  id: string;
  claim: string;
  channel: string;
  source: string;
  source_kind: string | null;
  source_url: string | null;
  period: string | null;
  claim_value: string | null;
  note: string | null;
  metric: string | null;
  unit: string | null;
  subject: string | null;
  compare_subject: string | null;
  expected_value: number | null;
  compare_expected_value: number | null;
  tolerance: number | null;
  our_value: number | null;
  our_value_low: number | null;
  our_value_high: number | null;
  our_compare_value: number | null;
  our_value_text: string | null;
  verdict: string;
  verdict_detail: string | null;
  difference: number | null;
  weeks_covered: number | null;
  week_used: string | null;
  caveat: string | null;
  query: string | null;
  deciding_definition: string | null;
  verdict_by_definition: string | null;
  weekly_values_text: string | null;
  as_of: string | null;
}

const CLAIMS = 'claim_verdicts';
const VERDICT_ORDER = ['matches', 'partly', 'differs', 'no data for that period', 'not testable'];
/** The URL form of each verdict (state.verdict). */
const VERDICT_KEYS: Record<(typeof CLAIM_VERDICTS)[number], string> = {
  matches: 'matches',
  differs: 'differs',
  partly: 'partly',
  nodata: 'no data for that period',
  untestable: 'not testable',
};
const CHANNELS = [
  ['openrouter', 'OpenRouter'],
  ['huggingface', 'Hugging Face'],
] as const;

/** One value in the claim's unit, for people: '7 of 20', '13.0%', '4.12T', '1.15B downloads', '38.2x'. */
export function formatClaimValue(value: number, row: Pick<ClaimRow, 'unit' | 'metric'>): string {
  switch (row.unit) {
    case 'share':
      return formatShare(value);
    case 'tokens':
      return formatTokens(value);
    case 'downloads':
      return `${formatTokens(value)} downloads`;
    case 'ratio':
      // a price ratio claim ('up to 40 times'): subject's value / compare subject's
      return formatRatio(value);
    case 'usd_per_mtok':
      return formatPricePerMillionTokens(value);
    case 'count': {
      const n = /_in_top_(\d+)$/.exec(row.metric ?? '')?.[1];
      return n ? `${formatExact(value)} of ${n}` : formatExact(value);
    }
    default:
      return formatExact(value);
  }
}

/** Our value for the summary table, formatted for people; null when we have none. */
export function ourValueShort(row: ClaimRow): string | null {
  let text: string | null = null;
  if (row.our_value !== null) text = formatClaimValue(row.our_value, row);
  else if (row.our_value_low !== null && row.our_value_high !== null) {
    text = `${formatClaimValue(row.our_value_low, row)} to ${formatClaimValue(row.our_value_high, row)}`;
  }
  if (text !== null && row.unit === 'ratio' && row.subject && row.compare_subject) {
    text = `${row.subject} / ${row.compare_subject} ${text}`;
  } else if (text !== null && row.our_compare_value !== null) {
    text =
      `${row.subject ?? ''} ${text} vs ${row.compare_subject ?? ''} ${formatClaimValue(row.our_compare_value, row)}`.trim();
  }
  return text;
}

/** Their value for people: a bare number in the claim row ('0.130', '540000000') is formatted in the metric's unit. */
export function theirValue(row: ClaimRow): string {
  const text = row.claim_value ?? '–';
  if (row.expected_value === null || !/^-?[\d.]+( vs -?[\d.]+)?$/.test(text)) return text;
  const theirs = formatClaimValue(row.expected_value, row);
  return row.compare_expected_value !== null
    ? `${theirs} vs ${formatClaimValue(row.compare_expected_value, row)}`
    : theirs;
}

function verdictBadge(row: ClaimRow): HTMLElement {
  return el(
    'span',
    { class: `verdict verdict-${row.verdict.replace(/[^a-z]+/g, '-')}`, 'data-verdict': row.verdict },
    row.verdict,
  );
}

function sourceCell(row: ClaimRow): Array<Node | string> {
  const kind = row.source_kind ? ` (${row.source_kind})` : '';
  return row.source_url ? [el('a', { href: row.source_url, rel: 'noopener' }, row.source), kind] : [row.source, kind];
}

/** A link into a claim's folded details: following it opens them. */
function claimLink(id: string, href: string, text: string, attrs: Record<string, string> = {}): HTMLAnchorElement {
  const link = el('a', { href, ...attrs }, text);
  link.addEventListener('click', () => {
    const details = document.getElementById(`claim-${id}`);
    if (details instanceof HTMLDetailsElement) details.open = true;
  });
  return link;
}

function summaryTable(rows: ClaimRow[]): HTMLElement {
  const head = el(
    'tr',
    {},
    ...['Claim', 'Source', 'Their value', 'Our value', 'Verdict', 'Query'].map((h) => el('th', { scope: 'col' }, h)),
  );
  const body = rows.map((row) => {
    const ours = ourValueShort(row);
    const decided =
      row.deciding_definition && (row.verdict === 'matches' || row.verdict === 'differs' || row.verdict === 'partly');
    return el(
      'tr',
      { 'data-claim-row': row.id, 'data-verdict': row.verdict, 'data-channel': row.channel },
      el('td', {}, claimLink(row.id, `#claim-${row.id}`, row.claim)),
      el('td', {}, ...sourceCell(row)),
      el('td', { 'data-their-value': '' }, theirValue(row)),
      el('td', { 'data-our-value-short': '' }, ours ?? '–'),
      el(
        'td',
        {},
        verdictBadge(row),
        decided ? el('span', { class: 'decided-by' }, ` by ${row.deciding_definition}`) : null,
      ),
      el('td', {}, row.query ? claimLink(row.id, `#claim-${row.id}-query`, 'SQL', { 'data-query-link': row.id }) : '–'),
    );
  });
  return el(
    'div',
    { class: 'table-wrap' },
    el(
      'table',
      { class: 'claims-summary' },
      el('caption', { class: 'sr-only' }, 'Every claim, its value and ours, and the verdict'),
      el('thead', {}, head),
      el('tbody', {}, ...body),
    ),
  );
}

function claimDetails(row: ClaimRow): HTMLElement {
  const byDefinition = (row.verdict_by_definition ?? '').split('; ').filter((d) => d.trim());
  return el(
    'details',
    { class: 'card claim', id: `claim-${row.id}`, 'data-claim': row.id, 'data-channel': row.channel },
    el('summary', {}, el('span', { class: 'claim-title' }, `“${row.claim}”`), ' ', verdictBadge(row)),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, 'Source'),
      el('dd', {}, ...sourceCell(row)),
      el('dt', {}, 'Period'),
      el('dd', {}, row.period ?? '–'),
      el('dt', {}, 'Their value'),
      el(
        'dd',
        {},
        theirValue(row),
        row.claim_value && theirValue(row) !== row.claim_value ? ` (as written: ${row.claim_value})` : '',
      ),
      el('dt', {}, 'Our value'),
      el('dd', { 'data-our-value': '' }, row.our_value_text ?? ourValueShort(row) ?? 'no value'),
      el('dt', {}, 'Each definition'),
      el(
        'dd',
        {},
        byDefinition.length ? el('ul', { class: 'definitions' }, ...byDefinition.map((d) => el('li', {}, d))) : '–',
      ),
      row.weekly_values_text ? el('dt', {}, 'Each week of the period') : null,
      row.weekly_values_text ? el('dd', { 'data-weekly-values': '' }, row.weekly_values_text) : null,
    ),
    row.verdict_detail ? el('p', { class: 'note' }, row.verdict_detail) : null,
    row.note ? el('p', { class: 'note' }, el('strong', {}, 'What is known of its definition: '), row.note) : null,
    row.query
      ? el(
          'div',
          { class: 'query', id: `claim-${row.id}-query` },
          el('p', {}, 'Our query (paste into DuckDB on the published database, or run `adoption-tracker sql`):'),
          el('pre', {}, el('code', {}, row.query)),
        )
      : el(
          'p',
          { class: 'note' },
          `No query: ${row.metric ? 'see the verdict detail' : 'the claim names no metric we hold'}.`,
        ),
  );
}

/** The caveats every claim shares, said once. */
function caveats(): HTMLElement {
  return el(
    'section',
    { class: 'card caveats', 'data-caveats': '' },
    el('h2', {}, 'Caveats'),
    el(
      'ul',
      {},
      el(
        'li',
        {},
        'A verdict compares complete weeks (Monday to Sunday, UTC) wholly inside the claim’s period; an incomplete week is named but never compared. Periods the record does not reach are “no data for that period”, never a guess.',
      ),
      el(
        'li',
        {},
        'OpenRouter: “a model” is either a permaslug (dated versions and :free variants separately, as the Data API lists them) or a family (together, as the rankings page shows them); a claim is checked under both and the verdict names the definition that decided it.',
      ),
      el(
        'li',
        {},
        'Shares of all tokens are ranges: OpenRouter’s “other” bucket (everything outside the daily top 50) has no origin, so low counts it as not this origin and high as this origin. Open-weights shares also count models of unknown weights status only in high.',
      ),
      el(
        'li',
        {},
        'Each claim’s own caveat is in its details; the tolerance is the one the claim’s row in transform/seeds/claims.csv states.',
      ),
    ),
  );
}

function filterChoices<T extends string>(
  all: string,
  values: ReadonlyArray<readonly [T, string]>,
): Array<{ value: T | 'all'; label: string }> {
  return [{ value: 'all', label: all }, ...values.map(([value, label]) => ({ value, label }))];
}

function filtered(rows: ClaimRow[], state: Pick<State, 'verdict' | 'claimChannel'>): ClaimRow[] {
  return rows.filter(
    (r) =>
      (state.verdict === null || r.verdict === VERDICT_KEYS[state.verdict]) &&
      (state.claimChannel === null || r.channel === state.claimChannel),
  );
}

async function render(ctx: ViewContext): Promise<Node[]> {
  if (!ctx.catalog.get(CLAIMS)?.built) {
    return [
      emptyState('No verdicts yet', `The table ${CLAIMS} has not been built yet: run \`adoption-tracker transform\`.`),
    ];
  }
  const claims = await loadMart<ClaimRow>(CLAIMS);
  if (claims.rows.length === 0)
    return [emptyState('No claims', 'The claims list (transform/seeds/claims.csv) is empty.')];
  const counts = VERDICT_ORDER.map((v) => [v, claims.rows.filter((r) => r.verdict === v).length] as const).filter(
    ([, n]) => n > 0,
  );
  const shown = filtered(claims.rows, ctx.state);
  const controls = el(
    'div',
    { class: 'view-controls' },
    selectControl({
      id: 'claims-verdict',
      label: 'Verdict',
      value: ctx.state.verdict ?? 'all',
      choices: filterChoices(
        'every verdict',
        CLAIM_VERDICTS.map((key) => [key, VERDICT_KEYS[key]] as const),
      ),
      onChange: (picked) => ctx.setState({ verdict: picked === 'all' ? null : picked }),
    }),
    selectControl({
      id: 'claims-channel',
      label: 'Channel',
      value: ctx.state.claimChannel ?? 'all',
      choices: filterChoices('both channels', CHANNELS),
      onChange: (picked) => ctx.setState({ claimChannel: picked === 'all' ? null : picked }),
    }),
  );
  return [
    el(
      'p',
      { class: 'note', 'data-claims-summary': '' },
      `${claims.rows.length} claims: ${counts.map(([v, n]) => `${n} ${v}`).join(', ')}. Verdicts as of ${claims.as_of ?? 'the latest build'} UTC. `,
      'All of it as ',
      el('a', { href: `data/${CLAIMS}.csv?_meta=1` }, 'CSV'),
      ' or ',
      el('a', { href: `data/${CLAIMS}.json` }, 'JSON'),
      '; each definition of each claim in ',
      el('a', { href: 'data/claim_evaluations.csv?_meta=1' }, 'claim_evaluations'),
      '. A claim is one line in transform/seeds/claims.csv.',
    ),
    controls,
    shown.length
      ? summaryTable(shown)
      : el(
          'p',
          { class: 'note', 'data-claims-none': '' },
          'No claim has that verdict on that channel. Choose “every verdict” or “both channels”.',
        ),
    caveats(),
    el('h2', { class: 'claims-details-title' }, 'Each claim in detail'),
    ...shown.map(claimDetails),
    el(
      'details',
      { class: 'definition' },
      el('summary', {}, 'How a claim is tested'),
      ...(claims.definition ?? '')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => el('p', {}, l)),
    ),
  ];
}

export const claimsView: View = {
  path: 'claims',
  nav: 'Claims',
  title: 'Claims, checked against our data',
  lede: 'Published numbers about Chinese models’ share of open-model adoption, each tested on the data behind this dashboard.',
  render,
};
