/**
 * Form controls for the views: real <select>, <input> and <button> elements with labels, so every control is
 * reachable and operable by keyboard. Each control only reports a new value; the page owns the state.
 */
import { el } from './dom.ts';

export function selectControl<T extends string | number>(options: {
  id: string;
  label: string;
  value: T;
  choices: ReadonlyArray<{ value: T; label: string }>;
  onChange: (value: T) => void;
}): HTMLElement {
  const select = el('select', { id: options.id, name: options.id });
  for (const choice of options.choices) {
    const option = el('option', { value: String(choice.value) }, choice.label);
    option.selected = choice.value === options.value;
    select.append(option);
  }
  select.addEventListener('change', () => {
    const picked = options.choices.find((c) => String(c.value) === select.value);
    if (picked) options.onChange(picked.value);
  });
  return el('div', { class: 'control' }, el('label', { for: options.id }, options.label), select);
}

/** A radio group in a fieldset: one tab stop, arrow keys move between options (native behaviour). */
export function radioControl<T extends string>(options: {
  id: string;
  legend: string;
  value: T;
  choices: ReadonlyArray<{ value: T; label: string; hint?: string }>;
  onChange: (value: T) => void;
}): HTMLElement {
  const fieldset = el('fieldset', { class: 'control radio', id: options.id }, el('legend', {}, options.legend));
  for (const choice of options.choices) {
    const id = `${options.id}-${choice.value}`;
    const input = el('input', { type: 'radio', id, name: options.id, value: choice.value });
    input.checked = choice.value === options.value;
    input.addEventListener('change', () => {
      if (input.checked) options.onChange(choice.value);
    });
    fieldset.append(
      el('span', { class: 'choice' }, input, el('label', { for: id, title: choice.hint ?? null }, choice.label)),
    );
  }
  return fieldset;
}

export function checkboxControl(options: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}): HTMLElement {
  const input = el('input', { type: 'checkbox', id: options.id, name: options.id });
  input.checked = options.checked;
  input.addEventListener('change', () => options.onChange(input.checked));
  return el('div', { class: 'control checkbox' }, input, el('label', { for: options.id }, options.label));
}

/** A short sample of a chart line (colour and dash), as the legend draws it. */
export function lineSwatch(color: string, dash: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'line-swatch');
  svg.setAttribute('width', '20');
  svg.setAttribute('height', '10');
  svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS(ns, 'line');
  for (const [k, v] of Object.entries({ x1: '1', x2: '19', y1: '5', y2: '5', stroke: color, 'stroke-width': '2.5' }))
    line.setAttribute(k, v);
  if (dash) line.setAttribute('stroke-dasharray', dash);
  svg.append(line);
  return svg;
}

/** Whether each collapsible control was left open, so a redraw after a change keeps it as the reader left it. */
const openState = new Map<string, boolean>();

/**
 * Pick some of many (developers): a checkbox list in a fieldset, inside a disclosure that starts open on a wide
 * screen and closed on a phone, where a long list would push the chart out of sight.
 */
export function multiControl(options: {
  id: string;
  legend: string;
  choices: ReadonlyArray<{ value: string; label: string; swatch?: { color: string; dash?: string } }>;
  selected: readonly string[];
  onChange: (selected: string[]) => void;
}): HTMLElement {
  const fieldset = el(
    'fieldset',
    { class: 'control multi', id: options.id },
    el('legend', { class: 'sr-only' }, options.legend),
  );
  const inputs: HTMLInputElement[] = [];
  options.choices.forEach((choice, i) => {
    const id = `${options.id}-${i}`;
    const input = el('input', { type: 'checkbox', id, name: options.id, value: choice.value });
    input.checked = options.selected.includes(choice.value);
    input.addEventListener('change', () => options.onChange(inputs.filter((x) => x.checked).map((x) => x.value)));
    inputs.push(input);
    const swatch = choice.swatch ? lineSwatch(choice.swatch.color, choice.swatch.dash ?? '') : null;
    fieldset.append(el('span', { class: 'choice' }, input, el('label', { for: id }, swatch, choice.label)));
  });
  const shown = options.choices.filter((c) => options.selected.includes(c.value)).length;
  const details = el(
    'details',
    { class: 'picker', id: `${options.id}-picker` },
    el('summary', {}, `${options.legend}: ${shown} of ${options.choices.length} drawn`),
    fieldset,
  );
  details.open = openState.get(options.id) ?? window.matchMedia('(min-width: 700px)').matches;
  details.addEventListener('toggle', () => openState.set(options.id, details.open));
  return details;
}

/**
 * The date range: two date fields bounded by the data, and presets counted back from the latest data. Text fields
 * in the page's one date form (YYYY-MM-DD), not the browser's date input, which would show the reader's locale form.
 */
export function rangeControl(options: {
  from: string | null;
  to: string | null;
  min: string;
  max: string;
  onChange: (range: { from: string | null; to: string | null }) => void;
}): HTMLElement {
  const field = (id: string, name: string) =>
    el('input', {
      type: 'text',
      id,
      name,
      inputmode: 'numeric',
      pattern: '\\d{4}-\\d{2}-\\d{2}',
      placeholder: 'YYYY-MM-DD',
      size: '10',
      maxlength: '10',
      autocomplete: 'off',
      'aria-describedby': 'range-hint',
      'data-min': options.min,
      'data-max': options.max,
    });
  const from = field('range-from', 'from');
  const to = field('range-to', 'to');
  from.value = options.from ?? options.min;
  to.value = options.to ?? options.max;
  const valid = (input: HTMLInputElement) => {
    const ok =
      input.value === '' ||
      (/^\d{4}-\d{2}-\d{2}$/.test(input.value) && !Number.isNaN(Date.parse(`${input.value}T00:00:00Z`)));
    input.setAttribute('aria-invalid', String(!ok));
    return ok;
  };
  const apply = () => {
    if (!valid(from) || !valid(to)) return;
    const f = from.value ? (from.value < options.min ? options.min : from.value) : null;
    const t = to.value ? (to.value > options.max ? options.max : to.value) : null;
    if (f && t && f > t) return;
    options.onChange({ from: f === options.min ? null : f, to: t === options.max ? null : t });
  };
  from.addEventListener('change', apply);
  to.addEventListener('change', apply);
  const presets = el('div', { class: 'presets', role: 'group', 'aria-label': 'Preset ranges' });
  const back = (weeks: number) =>
    new Date(Date.parse(`${options.max}T00:00:00Z`) - (weeks * 7 - 1) * 86_400_000).toISOString().slice(0, 10);
  for (const [label, weeks] of [
    ['4 weeks', 4],
    ['13 weeks', 13],
    ['26 weeks', 26],
    ['All', 0],
  ] as const) {
    const start = weeks === 0 ? null : back(weeks);
    const button = el('button', { type: 'button', 'data-preset': String(weeks) }, label);
    const active =
      weeks === 0 ? options.from === null && options.to === null : options.from === start && options.to === null;
    button.setAttribute('aria-pressed', String(active));
    button.addEventListener('click', () =>
      options.onChange({ from: start !== null && start > options.min ? start : null, to: null }),
    );
    presets.append(button);
  }
  return el(
    'fieldset',
    { class: 'control range' },
    el('legend', {}, 'Date range'),
    el('span', { class: 'choice' }, el('label', { for: 'range-from' }, 'From'), from),
    el('span', { class: 'choice' }, el('label', { for: 'range-to' }, 'To'), to),
    el('span', { class: 'hint', id: 'range-hint' }, `YYYY-MM-DD, ${options.min} to ${options.max}`),
    presets,
  );
}
