/**
 * TopModelsTable: one week's top models by tokens as a table (rank, model, origin, tokens), and with `showChange`
 * the move against the previous week ('new' for an entrant). A pure function: rows and options in, a <table> out.
 */
import { formatExact, formatTokens } from '../format.ts';
import { elementMaker, modelCell, modelTable, numCell, originCell, type Make } from './modelTable.ts';

export interface TopModelRow {
  rank: number;
  model_permaslug: string;
  /** The catalogue's name, when the data has one (else a name is read from the permaslug). */
  model_name?: string | null;
  origin_country: string | null;
  /** A JSON number, or a decimal string past 2^53. */
  total_tokens: number | string | null;
  /** 'new' | 'up' | 'down' | 'same'; NULL when there is no previous week to compare with. */
  status?: string | null;
  previous_rank?: number | null;
  rank_change?: number | null;
}

export interface TopModelsTableOptions {
  document?: Document;
  caption?: string;
  /** Rows ranked above this are left out. */
  limit?: number;
  /** Adds the "Change" column. */
  showChange?: boolean;
}

/** Visible arrows for the eye, words for a screen reader. */
function changeCell(make: Make, row: TopModelRow): HTMLTableCellElement {
  const td = make('td');
  td.className = 'num change';
  const shown = make('span');
  shown.setAttribute('aria-hidden', 'true');
  const spoken = make('span');
  spoken.className = 'sr-only';
  let visible: string;
  let words: string;
  if (row.status === 'new') {
    visible = 'new';
    words = 'new in the top 20';
    td.classList.add('new');
  } else if (row.status === 'up' || row.status === 'down' || row.status === 'same') {
    const n = row.rank_change ?? 0;
    visible = n > 0 ? `▲${n}` : n < 0 ? `▼${-n}` : '=';
    words =
      n > 0
        ? `up ${n} from rank ${row.previous_rank}`
        : n < 0
          ? `down ${-n} from rank ${row.previous_rank}`
          : 'same rank as the week before';
    td.classList.add(row.status);
  } else {
    visible = '–';
    words = 'no previous week to compare with';
  }
  shown.textContent = visible;
  spoken.textContent = words;
  td.title = words;
  td.append(shown, spoken);
  return td;
}

export function TopModelsTable(
  rows: readonly TopModelRow[],
  {
    document = globalThis.document,
    caption = 'Top models by tokens',
    limit = 20,
    showChange = false,
  }: TopModelsTableOptions = {},
): HTMLTableElement {
  const el = elementMaker(document);
  const columns: Array<[string, string]> = [
    ['Rank', 'num'],
    ['Model', 'model'],
    ['Origin', ''],
    ['Tokens', 'num'],
  ];
  if (showChange) columns.push(['Change', 'num']);
  const { table, body } = modelTable(el, { className: 'top-models', caption, columns });
  const shown = rows.filter((r) => r.rank <= limit).sort((a, b) => a.rank - b.rank);
  for (const row of shown) {
    const tr = el('tr');
    tr.setAttribute('data-rank', String(row.rank));
    if (row.status) tr.setAttribute('data-status', row.status);
    tr.append(
      numCell(el, String(row.rank)),
      modelCell(el, row.model_permaslug, { name: row.model_name }),
      originCell(el, row.origin_country),
      numCell(el, formatTokens(row.total_tokens), `${formatExact(row.total_tokens)} tokens`),
    );
    if (showChange) tr.append(changeCell(el, row));
    body.append(tr);
  }
  return table;
}
