import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/log.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger()', () => {
  it('redacts secrets by key and by value, wherever they appear', () => {
    const { lines, destination } = capture();
    const log = createLogger({ secrets: ['sk-or-v1-secret', 'hf_secret'], destination, level: 'info' });
    log.info({ headers: { authorization: 'Bearer sk-or-v1-secret' }, apiKey: 'sk-or-v1-secret' }, 'calling');
    log.warn('request with hf_secret failed');
    const text = lines.join('');
    expect(text).not.toContain('sk-or-v1-secret');
    expect(text).not.toContain('hf_secret');
    const [first, second] = lines.map((l) => JSON.parse(l));
    expect(first.headers).toEqual({ authorization: '[redacted]' });
    expect(first.apiKey).toBe('[redacted]');
    expect(second.msg).toBe('request with [redacted] failed');
  });
});
