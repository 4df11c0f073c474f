/**
 * Turns a request's query string into a MartQuery, or a 400 that names the bad parameter.
 * `_limit`, `_offset`, `_sort`, `_meta` are reserved; every other parameter is an equality filter on a column.
 */
import { HttpError } from './errors.ts';
import type { MartColumn, MartQuery } from './marts.ts';

export const DEFAULT_LIMIT = 10_000;
export const MAX_LIMIT = 100_000;
const RESERVED = new Set(['_limit', '_offset', '_sort', '_meta']);

export interface MartRequest extends MartQuery {
  /** CSV only: prepend `# ` comment lines with the citation and definition. */
  meta: boolean;
}

function clip(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}...` : text;
}

function single(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  throw new HttpError(400, `give ${clip(name)} once, as a plain value`);
}

function integer(name: string, text: string, min: number, max: number): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new HttpError(400, `${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(clip(text))}`);
  }
  return n;
}

export function parseMartRequest(
  mart: string,
  query: Record<string, unknown>,
  columns: readonly MartColumn[],
): MartRequest {
  const known = new Set(columns.map((c) => c.name));
  const request: MartRequest = { limit: DEFAULT_LIMIT, offset: 0, sort: null, filters: [], meta: false };
  for (const [name, raw] of Object.entries(query)) {
    const value = single(name, raw);
    if (name === '_limit') request.limit = integer('_limit', value, 1, MAX_LIMIT);
    else if (name === '_offset') request.offset = integer('_offset', value, 0, Number.MAX_SAFE_INTEGER);
    else if (name === '_meta') {
      if (value !== '0' && value !== '1')
        throw new HttpError(400, `_meta must be 0 or 1, got ${JSON.stringify(clip(value))}`);
      request.meta = value === '1';
    } else if (name === '_sort') {
      const descending = value.startsWith('-');
      const column = descending ? value.slice(1) : value;
      if (!known.has(column)) {
        throw new HttpError(400, `_sort: unknown column ${JSON.stringify(clip(column))} in ${mart}`);
      }
      request.sort = { column, descending };
    } else if (name.startsWith('_') && !RESERVED.has(name)) {
      throw new HttpError(
        400,
        `unknown parameter ${JSON.stringify(clip(name))}: use _limit, _offset, _sort, _meta or a column`,
      );
    } else if (!known.has(name)) {
      throw new HttpError(
        400,
        `unknown column ${JSON.stringify(clip(name))} in ${mart}; its columns are ${[...known].join(', ')}`,
      );
    } else request.filters.push({ column: name, value });
  }
  return request;
}
