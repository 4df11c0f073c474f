/**
 * The HTTP fuzzer of issue 9, shared by test/reliability/fuzz.test.ts and bench/reliability.ts: seeded random
 * requests over every route and parameter of the dashboard app (bad and huge values, unicode, NUL, path traversal,
 * malformed percent-encoding, every method, bodies), sent over real HTTP to the app in this process. Every answer
 * must be below 500, and every error must have the one JSON shape.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../dashboard/app.ts';
import { createHttpServer } from '../../dashboard/http-server.ts';
import { VIEW_PATHS } from '../../dashboard/routes/page.ts';
import { createSyntheticMarts } from '../dashboard/marts-fixture.ts';
import { tempDatabase } from '../support/tmp.ts';
import { seeded } from './kills.ts';

export interface FuzzReport {
  requests: number;
  status5xx: number;
  /** Errors whose body is not `{ ok: false, error, status }` with the answer's status. */
  badShape: number;
  byStatus: Record<string, number>;
  examples: string[];
}

const MARTS = ['openrouter_weekly_origin_share', 'openrouter_weekly_top_models', 'not_built', 'nope'];
const COLUMNS = [
  'week_start',
  'category',
  'origin_country',
  'rank',
  'model_permaslug',
  'total_tokens',
  'as_of',
  'is_complete_week',
];
const RESERVED = ['_limit', '_offset', '_sort', '_meta', '_size', '_', '__proto__', 'constructor'];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

const NASTY = [
  '',
  '0',
  '-1',
  '1e3',
  '0x10',
  '99999999999999999999999',
  '2026-08-17',
  '2026-02-30',
  'CN',
  'all',
  'true',
  '%00',
  '%zz',
  '%',
  '%E0%A4%A',
  '..%2F..%2Fetc%2Fpasswd',
  '../../etc/passwd',
  '%2e%2e%2f',
  encodeURIComponent("' or 1=1 --"),
  encodeURIComponent('"; drop table marts.x; --'),
  encodeURIComponent('<script>alert(1)</script>'),
  encodeURIComponent('javascript:alert(1)'),
  encodeURIComponent('中国 🇨🇳 \u202e'),
  encodeURIComponent('\u0000\u0001\u001f'),
  encodeURIComponent('=HYPERLINK("x")'),
  'a'.repeat(3000),
  encodeURIComponent('-week_start'),
  '-rank',
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function randomPath(random: () => number): string {
  // Weighted: the routes that take parameters (and the paths that must be refused) get most requests; the routes that
  // ignore their query string are each still asked hundreds of times.
  const r = random();
  const base =
    r < 0.3
      ? `/data/${pick(random, MARTS)}.${pick(random, ['csv', 'json', 'xml', 'parquet', ''])}`
      : r < 0.4
        ? `/data/${pick(random, NASTY)}`
        : r < 0.55
          ? `/${pick(random, NASTY)}`
          : r < 0.62
            ? `/api/${pick(random, NASTY)}`
            : r < 0.7
              ? `/assets/${pick(random, ['main.js', 'styles.css', 'index.html', ...NASTY])}`
              : r < 0.76
                ? pick(random, ['/', ...VIEW_PATHS])
                : r < 0.8
                  ? `//${pick(random, ['data', 'api'])}//x`
                  : r < 0.88
                    ? '/api/digest'
                    : r < 0.94
                      ? '/api/headlines'
                      : pick(random, [
                          '/api/marts',
                          '/api/status',
                          '/api/claims',
                          '/feed.xml',
                          '/sql',
                          '/data/all.zip',
                          `/vendor/${pick(random, ['duckdb-wasm', 'parquet-wasm', '..'])}/${pick(random, NASTY)}`,
                        ]);
  const params: string[] = [];
  const n = Math.floor(random() * 5);
  for (let i = 0; i < n; i++) {
    const name = pick(random, [...COLUMNS, ...RESERVED, 'week', 'origin', pick(random, NASTY)]);
    params.push(`${name}=${pick(random, NASTY)}`);
    if (random() < 0.1) params.push(`${name}=${pick(random, NASTY)}`); // repeated parameter
  }
  if (random() < 0.05) params.push(`${pick(random, COLUMNS)}[a]=1`);
  return params.length ? `${base}?${params.join('&')}` : base;
}

function send(origin: URL, agent: http.Agent, method: string, target: string, body: string | undefined) {
  return new Promise<{ status: number; type: string; text: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: origin.hostname,
        port: origin.port,
        method,
        path: target,
        agent,
        headers:
          body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function fuzzApp(options: { seed: number; requests: number; concurrency?: number }): Promise<FuzzReport> {
  const random = seeded(options.seed);
  const t = await tempDatabase();
  await createSyntheticMarts(t.db);
  const app = createApp({
    db: t.db,
    config: t.config,
    martNames: () => MARTS.slice(0, 3),
    bundle: async () =>
      new Map([
        ['index.html', { type: 'text/html; charset=utf-8', contents: new TextEncoder().encode('<!doctype html>') }],
      ]),
    rateLimitPerMinute: false,
    // As `serve` runs it (bin/commands.ts): answers kept per data version, so a repeated valid request is answered
    // from the response cache (and its fast path) after the first, as in production. Errors are never kept.
    dataVersion: () => 'fuzz',
  });
  const server = createHttpServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency ?? 8 });
  const report: FuzzReport = { requests: 0, status5xx: 0, badShape: 0, byStatus: {}, examples: [] };
  const plan = Array.from({ length: options.requests }, () => {
    const method = pick(random, METHODS);
    const body =
      method === 'POST' || method === 'PUT' || method === 'PATCH'
        ? pick(random, ['{}', '{"a":', 'x'.repeat(70_000), '\u0000'])
        : undefined;
    return { method, target: randomPath(random), body };
  });
  try {
    let next = 0;
    const worker = async () => {
      while (next < plan.length) {
        const { method, target, body } = plan[next++]!;
        const res = await send(origin, agent, method, target, body);
        report.requests += 1;
        report.byStatus[res.status] = (report.byStatus[res.status] ?? 0) + 1;
        if (res.status >= 500) {
          report.status5xx += 1;
          if (report.examples.length < 5) report.examples.push(`${method} ${target.slice(0, 120)} -> ${res.status}`);
        }
        if (res.status >= 400 && method !== 'HEAD') {
          let shapeOk = false;
          try {
            const parsed = JSON.parse(res.text) as Record<string, unknown>;
            shapeOk =
              res.type.startsWith('application/json') &&
              Object.keys(parsed).sort().join() === 'error,ok,status' &&
              parsed.ok === false &&
              typeof parsed.error === 'string' &&
              parsed.status === res.status;
          } catch {
            shapeOk = false;
          }
          if (!shapeOk) {
            report.badShape += 1;
            if (report.examples.length < 5)
              report.examples.push(`${method} ${target.slice(0, 120)} -> ${res.status} ${res.text.slice(0, 80)}`);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  } finally {
    agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    t.cleanup();
  }
  return report;
}
