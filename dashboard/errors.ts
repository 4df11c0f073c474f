/**
 * One error shape for every failure: `{ ok: false, error, status }`.
 * 4xx messages are ours and safe to send; anything else is logged with its stack and answered 'internal error'.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../lib/log.ts';

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: 400 | 404 | 413 | 429 | 503,
    message: string,
  ) {
    super(message);
  }
}

export interface ErrorBody {
  ok: false;
  error: string;
  status: number;
}

/** Express' own client errors (a malformed URL, say) carry `status` and `expose: true` from http-errors. */
function clientStatus(error: unknown): number | undefined {
  if (error instanceof HttpError) return error.status;
  // The router's "Failed to decode param" for malformed percent-encoding (/data/%zz.csv): the client's fault.
  if (error instanceof URIError) return 400;
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : undefined;
}

export const notFound: RequestHandler = (req) => {
  throw new HttpError(404, `not found: ${req.method} ${req.path.slice(0, 200)}`);
};

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const status = clientStatus(error);
    const body: ErrorBody =
      status === undefined
        ? { ok: false, error: 'internal error', status: 500 }
        : {
            ok: false,
            error: error instanceof URIError ? 'malformed percent-encoding in the path' : (error as Error).message,
            status,
          };
    if (status === undefined) log.error({ err: error, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // 503: the admission limit of the database pool; the client may retry at once.
    if (body.status === 503) res.set('Retry-After', '1');
    res.status(body.status).type('application/json').send(JSON.stringify(body));
  };
}
