/**
 * ExitsTable: the models that left a top-20 list since the week before: last week's rank, and this week's tokens
 * when the model still had some. A pure function: rows and options in, a <table> out.
 */
import { formatExact, formatTokens } from '../format.ts';
import { elementMaker, modelCell, modelTable, numCell, originCell } from './modelTable.ts';

export interface ExitRow {
  model_permaslug: string;
  model_name?: string | null;
  origin_country: string | null;
  previous_rank: number | null;
  /** Tokens this week outside the top 20; NULL when it had none in the data. */
  total_tokens: number | string | null;
}

export function ExitsTable(
  rows: readonly ExitRow[],
  // "Was" = rank the week before; "Tokens" = this week's, outside the top 20 ('none' = not in the data at all).
  { document = globalThis.document, caption = 'Left the top 20' }: { document?: Document; caption?: string } = {},
): HTMLTableElement {
  const el = elementMaker(document);
  const { table, body } = modelTable(el, {
    className: 'top-models exits',
    caption,
    columns: [
      ['Was', 'num'],
      ['Model', 'model'],
      ['Origin', ''],
      ['Tokens', 'num'],
    ],
  });
  const sorted = [...rows].sort(
    (a, b) => (a.previous_rank ?? 99) - (b.previous_rank ?? 99) || (a.model_permaslug < b.model_permaslug ? -1 : 1),
  );
  for (const row of sorted) {
    const tr = el('tr');
    tr.setAttribute('data-exit', row.model_permaslug);
    tr.append(
      numCell(el, row.previous_rank === null ? '–' : String(row.previous_rank)),
      modelCell(el, row.model_permaslug, { name: row.model_name }),
      originCell(el, row.origin_country),
      numCell(
        el,
        row.total_tokens === null ? 'none' : formatTokens(row.total_tokens),
        row.total_tokens === null ? 'no tokens in the data that week' : `${formatExact(row.total_tokens)} tokens`,
      ),
    );
    body.append(tr);
  }
  return table;
}
