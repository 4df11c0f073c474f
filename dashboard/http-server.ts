/**
 * The HTTP server around the app: Node's own answers (a malformed request line, headers past the size limit, a
 * request that takes too long) get the same JSON error shape as the app's, instead of an empty body.
 *
 * An app may carry a fast path (`app[FAST_PATH]`, set by createApp: kept data answers, routes/data.ts `dataFastPath`):
 * it runs first in node's 'request' handler and hands whatever it does not answer to the app.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ErrorBody } from './errors.ts';

/** Request headers larger than this are answered 431. */
export const MAX_HEADER_BYTES = 16 * 1024;

function statusOf(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

const MESSAGES: Record<number, string> = {
  400: 'bad request: the request could not be parsed',
  408: 'request timeout: the request took too long to arrive',
  431: `request header fields too large: at most ${MAX_HEADER_BYTES} bytes of headers`,
};

/** Node's 'clientError' handler: one JSON answer, then the connection closes. */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = statusOf(error.code);
  const body: ErrorBody = { ok: false, error: MESSAGES[status]!, status };
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n` +
      'Connection: close\r\n\r\n' +
      text,
  );
}

/** Where an app keeps its fast path: `(req, res, next)`, answering or calling `next()` to hand the request on. */
export const FAST_PATH = Symbol.for('adoption-tracker.fast-path');

export type FastPath = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** The app's request listener with its fast path, if it has one, in front. */
export function withFastPath(app: RequestListener & { [FAST_PATH]?: FastPath }): RequestListener {
  const fast = app[FAST_PATH];
  if (!fast) return app;
  return (req, res) => fast(req, res, () => app(req, res));
}

export function createHttpServer(app: RequestListener & { [FAST_PATH]?: FastPath }): http.Server {
  const server = http.createServer(
    { maxHeaderSize: MAX_HEADER_BYTES, requestTimeout: 60_000, headersTimeout: 30_000 },
    withFastPath(app),
  );
  server.on('clientError', answerClientError);
  return server;
}
