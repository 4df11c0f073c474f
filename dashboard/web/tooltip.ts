/**
 * Tooltips with exact values for every chart: the charts carry the text on their hover targets (`data-tip`); this
 * shows it on pointer hover and, for keyboard users, when a chart has focus (arrow keys move week by week, Home/End
 * jump, Escape hides). The tooltip is a live region, so a screen reader reads the values too.
 */

let tip: HTMLDivElement | undefined;

function tooltip(): HTMLDivElement {
  if (!tip || !tip.isConnected) {
    tip = document.createElement('div');
    tip.className = 'tooltip';
    tip.id = 'chart-tooltip';
    tip.setAttribute('role', 'status');
    tip.setAttribute('aria-live', 'polite');
    tip.hidden = true;
    document.body.append(tip);
  }
  return tip;
}

function targetsOf(svg: Element): HTMLElement[] {
  return [...svg.querySelectorAll<HTMLElement>('.hover-target')];
}

function show(target: Element, pointer?: { x: number; y: number }): void {
  const box = tooltip();
  const svg = target.closest('svg');
  svg?.querySelectorAll('.hover-target.active').forEach((node) => node.classList.remove('active'));
  target.classList.add('active');
  box.replaceChildren(
    ...(target.getAttribute('data-tip') ?? '').split('\n').map((line, i) => {
      const div = document.createElement('div');
      if (i === 0) div.className = 'tooltip-head';
      div.textContent = line;
      return div;
    }),
  );
  box.hidden = false;
  const rect = target.getBoundingClientRect();
  const anchorX = pointer?.x ?? rect.left + rect.width / 2;
  const anchorY = pointer?.y ?? (svg?.getBoundingClientRect().top ?? rect.top) + 24;
  const { width, height } = box.getBoundingClientRect();
  let left = anchorX + 14;
  if (left + width > window.innerWidth - 4) left = Math.max(4, anchorX - 14 - width);
  let top = anchorY + 10;
  if (top + height > window.innerHeight - 4) top = Math.max(4, anchorY - 10 - height);
  box.style.left = `${Math.round(left)}px`;
  box.style.top = `${Math.round(top)}px`;
}

function hide(): void {
  if (tip) tip.hidden = true;
  document.querySelectorAll('.hover-target.active').forEach((node) => node.classList.remove('active'));
}

/** Makes a drawn chart focusable and wires its keys; call once per chart element. */
export function enableChartKeys(svg: SVGSVGElement): void {
  // The page's tooltip replaces the browser's: the targets' <title>s would show a second one (downloads put them back).
  svg.querySelectorAll('.hover-target > title').forEach((title) => title.remove());
  svg.setAttribute('tabindex', '0');
  svg.setAttribute('aria-describedby', 'chart-tooltip');
  svg.addEventListener('focus', () => {
    const targets = targetsOf(svg);
    const last = targets[targets.length - 1];
    if (last) show(last);
  });
  svg.addEventListener('blur', hide);
  svg.addEventListener('keydown', (event) => {
    const targets = targetsOf(svg);
    if (targets.length === 0) return;
    const current = targets.findIndex((t) => t.classList.contains('active'));
    let next = current;
    if (event.key === 'ArrowLeft') next = Math.max(0, current - 1);
    else if (event.key === 'ArrowRight') next = Math.min(targets.length - 1, current + 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = targets.length - 1;
    else if (event.key === 'Escape') {
      hide();
      return;
    } else return;
    event.preventDefault();
    show(targets[next]!);
  });
}

/** Pointer hover over any chart on the page (delegated: charts are redrawn freely). */
export function installTooltips(): void {
  tooltip();
  document.addEventListener('pointermove', (event) => {
    const target = (event.target as Element | null)?.closest?.('.hover-target');
    if (target) show(target, { x: event.clientX, y: event.clientY });
    else if (tip && !tip.hidden && !document.activeElement?.matches?.('svg.chart')) hide();
  });
  document.addEventListener('pointerleave', hide);
}
