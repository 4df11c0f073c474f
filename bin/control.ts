/**
 * The control socket: while a server owns the live database, `collect` and `transform` from the CLI hand their job to
 * it instead of failing on the database lock, and print its progress as it comes.
 *
 * A Unix socket in the data folder (`$ADOPTION_DATA_DIR/control.sock`), owner-only permissions (0600), never TCP.
 * Protocol: the client writes one JSON line `{command, source?, from?, to?}`; the server answers JSON lines
 * `{type: 'line', text}` (progress, what the command would have printed) and ends with `{type: 'done', exitCode}`
 * or `{type: 'error', message, usage?}`.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const CONTROL_SOCKET = 'control.sock';

export function controlSocketPath(dataDir: string): string {
  return path.join(dataDir, CONTROL_SOCKET);
}

export interface ControlRequest {
  command: 'collect' | 'transform';
  source?: string;
  from?: string;
  to?: string;
}

/** Runs a request, printing lines with `out`; resolves to the exit code. Throws a UsageError-like error for bad input. */
export type ControlHandler = (request: ControlRequest, out: (text: string) => void) => Promise<number>;

export interface ControlServer {
  path: string;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 4096;

function parseRequest(line: string): ControlRequest {
  const value = JSON.parse(line) as Record<string, unknown>;
  const text = (key: string) => {
    const v = value[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw new Error(`${key} must be a string`);
    return v;
  };
  if (value.command !== 'collect' && value.command !== 'transform')
    throw new Error('command must be collect or transform');
  return { command: value.command, source: text('source'), from: text('from'), to: text('to') };
}

export async function startControlServer(
  dataDir: string,
  handle: ControlHandler,
  options: { isUsageError?: (error: unknown) => boolean } = {},
): Promise<ControlServer> {
  const file = controlSocketPath(dataDir);
  // Only the owner of the live database gets here, so a socket file left over is from a process that died.
  fs.rmSync(file, { force: true });
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffer = '';
    let started = false;
    const send = (message: object) => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
    };
    socket.on('data', (chunk) => {
      if (started) return;
      buffer += chunk.toString('utf8');
      if (buffer.length > MAX_REQUEST_BYTES) {
        send({ type: 'error', message: 'control request too large' });
        socket.end();
        return;
      }
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      started = true;
      let request: ControlRequest;
      try {
        request = parseRequest(buffer.slice(0, newline));
      } catch (error) {
        send({ type: 'error', message: `bad control request: ${(error as Error).message}` });
        socket.end();
        return;
      }
      handle(request, (text) => send({ type: 'line', text }))
        .then((exitCode) => send({ type: 'done', exitCode }))
        .catch((error: unknown) =>
          send({
            type: 'error',
            message: error instanceof Error ? error.message : String(error),
            usage: options.isUsageError?.(error) ?? false,
          }),
        )
        .finally(() => socket.end());
    });
  });
  // Owner-only from the moment the socket exists: no window in which another user could connect.
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(file, () => resolve());
    });
  } finally {
    process.umask(umask);
  }
  fs.chmodSync(file, 0o600);
  return {
    path: file,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.end();
        fs.rmSync(file, { force: true });
      }),
  };
}

export class ControlError extends Error {
  override name = 'ControlError';
  constructor(
    message: string,
    readonly usage: boolean,
  ) {
    super(message);
  }
}

/**
 * Hands a request to a running server. Resolves to its exit code, or to undefined when no server listens (no socket,
 * or one a dead process left): the caller then runs the job itself.
 */
export async function sendToServer(
  dataDir: string,
  request: ControlRequest,
  out: (text: string) => void,
): Promise<number | undefined> {
  const file = controlSocketPath(dataDir);
  if (!fs.existsSync(file)) return undefined;
  const socket = await new Promise<net.Socket | undefined>((resolve) => {
    const s = net.connect(file);
    s.once('connect', () => resolve(s));
    s.once('error', () => resolve(undefined));
  });
  if (!socket) return undefined;
  out(`handing ${request.command} to the running server (${file})`);
  return new Promise<number>((resolve, reject) => {
    let buffer = '';
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      action();
    };
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const message = JSON.parse(buffer.slice(0, newline)) as
          | { type: 'line'; text: string }
          | { type: 'done'; exitCode: number }
          | { type: 'error'; message: string; usage?: boolean };
        buffer = buffer.slice(newline + 1);
        if (message.type === 'line') out(message.text);
        else if (message.type === 'done') finish(() => resolve(message.exitCode));
        else finish(() => reject(new ControlError(message.message, message.usage === true)));
      }
    });
    socket.on('error', (error) =>
      finish(() => reject(new ControlError(`the server's control socket failed: ${error.message}`, false))),
    );
    socket.on('close', () =>
      finish(() => reject(new ControlError('the server closed the control socket before the job finished', false))),
    );
    socket.write(`${JSON.stringify(request)}\n`);
  });
}
