/**
 * The local replay server: serves recorded upstream responses over real HTTP so the real collector code runs
 * against it. OpenRouter under /api/v1, the Hugging Face Hub under /api/models. Loopback only.
 *
 * The replay has a clock ("as of"): a recorded value is served only from the time it was archived, so a test can
 * ask what the API said on any day of the recording.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { openrouterReplay, type OpenRouterReplayOptions } from './openrouter.ts';
import { huggingfaceReplay, type HuggingFaceReplayOptions } from './huggingface.ts';

export interface ReplayContext {
  /** The server's own origin, e.g. http://127.0.0.1:41234 (for absolute Link headers). */
  origin(): string;
  /** The replay's clock. */
  now(): Date;
}

export interface ReplayOptions {
  /** The replay's "now"; default the time of the last recording. Changeable later with setNow. */
  now?: Date;
  openrouter?: OpenRouterReplayOptions;
  huggingface?: HuggingFaceReplayOptions;
  host?: string;
  port?: number;
}

export interface ReplayServer {
  origin: string;
  openrouterBaseUrl: string;
  hfEndpoint: string;
  setNow(now: Date): void;
  /** Requests seen, newest last, for assertions (method, path with query, authorization present). */
  requests: Array<{ method: string; url: string; authorized: boolean }>;
  close(): Promise<void>;
}

export const DEFAULT_REPLAY_NOW = new Date('2026-08-22T23:59:59Z');

export async function startReplayServer(options: ReplayOptions = {}): Promise<ReplayServer> {
  let now = options.now ?? DEFAULT_REPLAY_NOW;
  let origin = '';
  const requests: ReplayServer['requests'] = [];
  const ctx: ReplayContext = { origin: () => origin, now: () => now };

  const app = express();
  app.disable('x-powered-by');
  app.use((req, _res, next) => {
    requests.push({ method: req.method, url: req.originalUrl, authorized: Boolean(req.headers.authorization) });
    next();
  });
  app.use('/api/v1', openrouterReplay(ctx, options.openrouter));
  app.use('/api', huggingfaceReplay(ctx, options.huggingface));
  app.use((req, res) => {
    res.status(404).json({ error: { code: 404, message: `no replay for ${req.method} ${req.path}` } });
  });

  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  origin = `http://${address.address}:${address.port}`;
  return {
    origin,
    openrouterBaseUrl: `${origin}/api/v1`,
    hfEndpoint: origin,
    setNow: (value) => {
      now = value;
    },
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
