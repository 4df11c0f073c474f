/**
 * Client-side downloads: a chart's CSV (exactly its drawn rows, with the citation and definition as `# ` lines)
 * and its SVG (with the citation printed under it). Nothing is asked of the server.
 */
import { toCsv, type CsvTable } from './csv.ts';

function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by the next task; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadCsv(table: CsvTable, filename: string): void {
  save(new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }), filename);
}

/** The chart as a standalone SVG file: colours are attributes already; text colour and the citation are added. */
export function svgText(svg: SVGSVGElement, citation: readonly string[]): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const width = Number(copy.getAttribute('width'));
  const height = Number(copy.getAttribute('height'));
  const extra = citation.length * 14 + 8;
  copy.setAttribute('height', String(height + extra));
  copy.setAttribute('viewBox', `0 0 ${width} ${height + extra}`);
  copy.removeAttribute('tabindex');
  copy.removeAttribute('aria-describedby');
  copy.querySelectorAll('.hover-target').forEach((node) => {
    node.classList.remove('active');
    // The file has no page tooltip: the browser's own shows the exact values.
    if (!node.querySelector('title')) {
      const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
      title.textContent = node.getAttribute('data-tip') ?? '';
      node.append(title);
    }
  });
  const ns = 'http://www.w3.org/2000/svg';
  const background = document.createElementNS(ns, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#fff');
  const desc = copy.querySelector('desc');
  if (desc) desc.after(background);
  else copy.prepend(background);
  citation.forEach((line, i) => {
    const text = document.createElementNS(ns, 'text');
    text.setAttribute('x', '8');
    text.setAttribute('y', String(height + 14 + i * 14));
    text.setAttribute('font-size', '11');
    text.setAttribute('fill', '#404040');
    text.setAttribute('class', 'citation');
    text.textContent = line;
    copy.append(text);
  });
  copy.setAttribute('fill', '#1a1a1a');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

export function downloadSvg(svg: SVGSVGElement, citation: readonly string[], filename: string): void {
  save(new Blob([svgText(svg, citation)], { type: 'image/svg+xml;charset=utf-8' }), filename);
}
