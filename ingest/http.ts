/**
 * The one HTTP path of every collector: a fetch with a timeout, a request throttle, bounded retries with
 * backoff for 429/5xx/network errors that honours `Retry-After` and the Hub's `RateLimit: ...;t=<seconds>`, errors
 * that name the URL and status, and a hook that sees every response body (to keep payloads).
 *
 * Both upstream clients take a fetch: @openrouter/sdk through its HTTPClient, @huggingface/hub through `fetch`.
 * Their own retries are switched off so there is one retry policy, this one.
 */
import pRetry, { AbortError } from 'p-retry';
import pThrottle from 'p-throttle';
import { redactSecrets } from '../lib/redact.ts';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly url: string,
    readonly status: number,
    readonly bodySnippet: string,
    detail?: string,
  ) {
    super(`${status} from ${url}${detail ? `: ${detail}` : ''}${bodySnippet ? ` — ${bodySnippet}` : ''}`);
  }
}

export interface ResponseRecord {
  url: string;
  status: number;
  body: string;
  fetchedAt: Date;
}

export interface HttpOptions {
  fetch?: FetchLike;
  /** Per attempt. */
  timeoutMs?: number;
  /** Retries after the first attempt, for 429, 5xx and network errors. */
  retries?: number;
  /** First backoff; doubles each retry (with jitter), capped at maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A server asking to wait longer than this fails the request instead of stalling the run. */
  maxRetryAfterMs?: number;
  /** At most `limit` requests per `intervalMs`. */
  throttle?: { limit: number; intervalMs: number };
  /** Called with every response that has a body, successful or not, before it is handed on. */
  onResponse?: (record: ResponseRecord) => void | Promise<void>;
  onRetry?: (info: { url: string; attempt: number; waitMs: number; reason: string }) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  /** The signal that ends an attempt after `timeoutMs` (default AbortSignal.timeout); tests pass one they abort. */
  timeoutSignal?: (ms: number) => AbortSignal;
}

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Seconds to wait from `Retry-After` (seconds or HTTP date) or `RateLimit: "api";r=0;t=<seconds>`. */
export function retryAfterMs(headers: Headers, now: Date): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now.getTime());
  }
  const rateLimit = headers.get('ratelimit');
  const t = rateLimit?.match(/(?:^|;)\s*t=(\d+)/);
  if (t) return Number(t[1]) * 1000;
  return undefined;
}

function urlOf(input: string | URL | Request): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.toString();
  return input.url;
}

/** undici says only "fetch failed"; the cause (ENOTFOUND, ECONNREFUSED, ...) is what a person needs. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.message ? `${error.message} (${cause.code ? `${cause.code}: ` : ''}${cause.message})` : error.message;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Builds the fetch that collectors hand to the upstream clients. */
export function createHttpFetch(options: HttpOptions = {}): FetchLike {
  const baseFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 4;
  const minBackoffMs = options.minBackoffMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 10 * 60_000;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? (() => new Date());

  const attempt = async (input: string | URL | Request, init: RequestInit | undefined): Promise<Response> => {
    const url = urlOf(input);
    const request = input instanceof Request ? input.clone() : input;
    const signal = (options.timeoutSignal ?? AbortSignal.timeout)(timeoutMs);
    let response: Response;
    try {
      response = await baseFetch(request, {
        ...init,
        signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
      });
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'TimeoutError'
          ? `timed out after ${timeoutMs} ms`
          : describeNetworkError(error);
      throw Object.assign(new Error(`request to ${url} failed: ${reason}`), { retryable: true });
    }
    let body: string;
    try {
      body = await response.text();
    } catch (error) {
      // The connection broke off mid-body (a reset, a truncated transfer): retried like any network error.
      throw Object.assign(
        new Error(`request to ${url} failed while reading the body: ${describeNetworkError(error)}`),
        { retryable: true },
      );
    }
    await options.onResponse?.({ url, status: response.status, body, fetchedAt: now() });
    if (!response.ok) {
      // Known key shapes are masked before the snippet can reach a message (an error body may echo the key).
      const snippet = redactSecrets(body).slice(0, 300).replace(/\s+/g, ' ');
      const error = new HttpError(url, response.status, snippet);
      if (!RETRYABLE.has(response.status)) throw new AbortError(error);
      const wait = retryAfterMs(response.headers, now());
      if (wait !== undefined && wait > maxRetryAfterMs) {
        throw new AbortError(
          new HttpError(url, response.status, snippet, `server asks to wait ${Math.ceil(wait / 1000)} s`),
        );
      }
      throw Object.assign(error, { retryable: true, waitMs: wait });
    }
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };

  // The throttle counts every attempt, retries included: upstream quotas do.
  const limited = options.throttle
    ? pThrottle({ limit: options.throttle.limit, interval: options.throttle.intervalMs })(attempt)
    : attempt;

  return (input, init) =>
    pRetry(() => limited(input, init), {
      retries,
      // Waiting is done in onFailedAttempt (it knows Retry-After); p-retry's own delay stays at zero.
      minTimeout: 0,
      maxTimeout: 0,
      randomize: false,
      shouldRetry: ({ error }) => Boolean((error as { retryable?: boolean }).retryable),
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        if (retriesLeft <= 0 || !(error as { retryable?: boolean }).retryable) return;
        const backoff = Math.min(maxBackoffMs, minBackoffMs * 2 ** (attemptNumber - 1));
        const jittered = backoff / 2 + Math.random() * (backoff / 2);
        const waitMs = (error as { waitMs?: number }).waitMs ?? jittered;
        options.onRetry?.({ url: urlOf(input), attempt: attemptNumber, waitMs, reason: error.message });
        await sleep(waitMs);
      },
    });
}
