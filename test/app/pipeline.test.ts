import { afterEach, describe, expect, it } from 'vitest';
import { Pipeline } from '../../app/pipeline.ts';
import type { Source } from '../../ingest/run.ts';
import { tempDatabase } from '../support/tmp.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function deferred(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

/** A source whose fetch waits for its gate, and records when it starts and ends and how many fetches overlap. */
function gatedSource(
  name: string,
  gate: Promise<void>,
  trace: { events: string[]; active: number; most: number },
  fail = false,
): Source {
  return {
    name,
    description: `synthetic source ${name}`,
    schedule: '0 0 * * *',
    maxAgeHours: 24,
    unavailable: () => undefined,
    fetch: async () => {
      trace.active++;
      trace.most = Math.max(trace.most, trace.active);
      trace.events.push(`start ${name}`);
      await gate;
      trace.events.push(`end ${name}`);
      trace.active--;
      if (fail) throw new Error(`${name}: upstream is down`);
      return { rowsFetched: 0, write: async () => 0 };
    },
  };
}

describe('Pipeline job queue', () => {
  it('never overlaps jobs, runs them in the order asked, and a failing job does not stop the next', async () => {
    const t = await tempDatabase();
    cleanups.push(t.cleanup);
    const trace = { events: [] as string[], active: 0, most: 0 };
    const gates = { a: deferred(), b: deferred(), c: deferred() };
    const pipeline = new Pipeline({
      db: t.db,
      config: t.config,
      sources: [
        gatedSource('a', gates.a.promise, trace, true),
        gatedSource('b', gates.b.promise, trace),
        gatedSource('c', gates.c.promise, trace),
      ],
      now: () => new Date('2026-08-22T12:00:00Z'),
    });
    const jobs = ['a', 'b', 'c'].map((name) => pipeline.collect(name, {}, { transform: false }));
    // Open the later gates first: had b or c started beside a, they would finish before it.
    gates.c.release();
    gates.b.release();
    await Promise.resolve();
    gates.a.release();
    const results = await Promise.all(jobs);
    expect(trace.events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(trace.most).toBe(1);
    expect(results.map((r) => [r.run?.source, r.run?.status, r.run?.message])).toEqual([
      ['a', 'failed', 'a: upstream is down'],
      ['b', 'succeeded', null],
      ['c', 'succeeded', null],
    ]);
  });

  it('a job that throws outside its run (an unknown source) rejects alone; the queue goes on', async () => {
    const t = await tempDatabase();
    cleanups.push(t.cleanup);
    const trace = { events: [] as string[], active: 0, most: 0 };
    const pipeline = new Pipeline({
      db: t.db,
      config: t.config,
      sources: [gatedSource('ok', Promise.resolve(), trace)],
    });
    expect(() => pipeline.collect('nosuch')).toThrow('unknown source "nosuch"; known: ok');
    const result = await pipeline.collect('ok', {}, { transform: false });
    expect(result.run?.status).toBe('succeeded');
    await pipeline.idle();
  });
});
