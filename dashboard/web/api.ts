/**
 * Fetching for the page: the marts (/data/<mart>.json), /api/marts and the other JSON routes. Each URL is fetched
 * once per page load and kept, so redrawing after a toggle or a resize asks the server nothing new.
 * Paths are relative, so the dashboard also works under a path prefix behind a proxy.
 */

export interface MartResponse<R> {
  ok: true;
  mart: string;
  definition: string | null;
  as_of: string | null;
  source: string;
  licence: string | null;
  licence_url: string | null;
  columns: string[];
  rows: R[];
  truncated: boolean;
}

export interface MartInfo {
  name: string;
  built: boolean;
  definition: string | null;
  row_count: number | null;
  built_at: string | null;
}

/** A failure whose message is fit to show: it names the URL and the server's own error text. */
export class LoadError extends Error {
  override name = 'LoadError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const cache = new Map<string, Promise<unknown>>();

export function getJson<T>(url: string): Promise<T> {
  let pending = cache.get(url) as Promise<T> | undefined;
  if (!pending) {
    pending = (async () => {
      const res = await fetch(url, { headers: { accept: 'application/json' } });
      const body = (await res.json().catch(() => null)) as (T & { ok?: boolean }) | { ok: false; error: string } | null;
      if (!res.ok || !body || body.ok === false) {
        const why = body && 'error' in body && typeof body.error === 'string' ? body.error : `HTTP ${res.status}`;
        throw new LoadError(`${url}: ${why}`, res.status);
      }
      return body as T;
    })();
    // A failed request is asked again next time instead of being remembered.
    pending.catch(() => cache.delete(url));
    cache.set(url, pending);
  }
  return pending;
}

export function martUrl(mart: string, query: Record<string, string>, format: 'json' | 'csv' = 'json'): string {
  const search = new URLSearchParams(query).toString();
  return `data/${mart}.${format}${search ? `?${search}` : ''}`;
}

export function loadMart<R>(mart: string, query: Record<string, string> = {}): Promise<MartResponse<R>> {
  return getJson<MartResponse<R>>(martUrl(mart, { _limit: '100000', ...query }));
}

/** Asked first, so a fresh install says why it is empty instead of logging a 404. */
export async function martCatalog(): Promise<Map<string, MartInfo>> {
  const { marts } = await getJson<{ marts: MartInfo[] }>('api/marts');
  return new Map(marts.map((m) => [m.name, m]));
}
