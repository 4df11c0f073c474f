/**
 * A chart's card: heading, a line on what it shows, the chart, its notices, "CSV" and "SVG" downloads, the data as
 * a table on request (the text alternative beside the SVG's own label), the definition and the citation.
 */
import type { CsvTable, CsvValue } from './csv.ts';
import { el } from './dom.ts';
import { downloadCsv, downloadSvg } from './downloads.ts';
import { enableChartKeys } from './tooltip.ts';
import { cellText, columnLabel } from './words.ts';

export interface CardSpec {
  /** The chart's id (`data-chart` of its SVG); names the card and the downloaded files. */
  id: string;
  title: string;
  note?: string;
  chart: SVGSVGElement | HTMLElement;
  /** Exactly the rows the chart draws, with the citation and definition as comments. */
  csv: CsvTable;
  /** Plain-text citation lines, printed under the SVG download. */
  citation: readonly string[];
  /** The state part of the file name, e.g. '2026-05-18_2026-08-17'. */
  fileSuffix?: string;
  /** The JSON route the chart is drawn from (a mart with its filters), linked as "JSON". */
  json?: string;
  controls?: HTMLElement | null;
  notices?: ReadonlyArray<HTMLElement | null>;
  after?: ReadonlyArray<HTMLElement | null>;
}

function dataTable(table: CsvTable, caption: string): HTMLTableElement {
  // Column names in words (the CSV keeps the real ones, with the name on hover); flags as yes/no.
  const head = el('tr', {}, ...table.columns.map((c) => el('th', { scope: 'col', title: c }, columnLabel(c))));
  const body = table.rows.map((row) => {
    const values = row as Record<string, CsvValue>;
    return el('tr', {}, ...table.columns.map((c) => el('td', {}, cellText(values[c]))));
  });
  return el(
    'table',
    { class: 'data-table' },
    el('caption', {}, caption),
    el('thead', {}, head),
    el('tbody', {}, ...body),
  );
}

export function chartCard(spec: CardSpec): HTMLElement {
  const titleId = `${spec.id}-title`;
  const base = `${spec.id}${spec.fileSuffix ? `_${spec.fileSuffix}` : ''}`;
  const figure = el('figure', { class: 'chart-figure' }, spec.chart);
  if (spec.chart instanceof SVGSVGElement) enableChartKeys(spec.chart);

  const csvButton = el(
    'button',
    {
      type: 'button',
      class: 'download',
      'data-download': 'csv',
      'aria-label': `Download the data of “${spec.title}” as CSV`,
    },
    'CSV',
  );
  csvButton.addEventListener('click', () => downloadCsv(spec.csv, `${base}.csv`));
  const actions = el('div', { class: 'actions' }, csvButton);
  if (spec.chart instanceof SVGSVGElement) {
    const svg = spec.chart;
    const svgButton = el(
      'button',
      { type: 'button', class: 'download', 'data-download': 'svg', 'aria-label': `Download “${spec.title}” as SVG` },
      'SVG',
    );
    svgButton.addEventListener('click', () => downloadSvg(svg, spec.citation, `${base}.svg`));
    actions.append(svgButton);
  }

  if (spec.json) {
    actions.append(
      el(
        'a',
        {
          class: 'json',
          href: spec.json,
          'data-download': 'json',
          title: 'The data behind this chart, as served by the API',
        },
        'JSON',
      ),
    );
  }
  // Built on first opening: a daily chart's table runs to hundreds of rows.
  const tableBlock = el('details', { class: 'data' }, el('summary', {}, `Data table (${spec.csv.rows.length} rows)`));
  tableBlock.addEventListener('toggle', () => {
    if (tableBlock.open && !tableBlock.querySelector('table')) {
      tableBlock.append(el('div', { class: 'table-wrap' }, dataTable(spec.csv, `The rows drawn in “${spec.title}”`)));
    }
  });
  actions.append(tableBlock);

  return el(
    'section',
    { class: 'card', 'aria-labelledby': titleId, 'data-card': spec.id },
    el('h3', { id: titleId }, spec.title),
    spec.note ? el('p', { class: 'note' }, spec.note) : null,
    spec.controls ?? null,
    ...(spec.notices ?? []),
    figure,
    actions,
    ...(spec.after ?? []),
  );
}
