import { afterEach, describe, expect, it } from 'vitest';
import type { Source } from '../../ingest/run.ts';
import { overdueSources, startScheduler } from '../../ingest/schedule.ts';
import { Pipeline } from '../../app/pipeline.ts';
import { tempDatabase } from '../support/tmp.ts';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A source that writes nothing and counts its runs; `fail` makes every run throw. */
function fakeSource(name: string, options: { fail?: boolean; maxAgeHours?: number; unavailable?: string } = {}) {
  const calls: string[] = [];
  const source: Source = {
    name,
    description: `fake ${name}`,
    schedule: '0 3 * * *',
    maxAgeHours: options.maxAgeHours ?? 26,
    unavailable: () => options.unavailable,
    fetch: async () => {
      calls.push(name);
      if (options.fail) throw new Error(`${name} upstream is down`);
      return { rowsFetched: 0, write: async () => 0 };
    },
  };
  return { source, calls };
}

describe('overdueSources()', () => {
  it('lists sources that never succeeded or whose last success is older than maxAgeHours', async () => {
    const t = await tempDatabase();
    cleanups.push(t.cleanup);
    await t.db.run(`insert into meta.job_state (job, last_success_at) values
        ('fresh', '2026-08-22 02:00:00'), ('stale', '2026-08-20 02:00:00')`);
    const sources = ['fresh', 'stale', 'never'].map((n) => fakeSource(n).source);
    const due = await overdueSources(t.db, sources, new Date('2026-08-22T12:00:00Z'));
    expect(due.map((s) => s.name)).toEqual(['stale', 'never']);
  });
});

describe('startScheduler()', () => {
  it('runs overdue jobs once at start, in order, and a failing job does not stop the next', async () => {
    const t = await tempDatabase();
    cleanups.push(t.cleanup);
    const failing = fakeSource('failing', { fail: true });
    const ok = fakeSource('ok');
    const pipeline = new Pipeline({ db: t.db, config: t.config, sources: [failing.source, ok.source] });
    await pipeline.start();
    const scheduler = await startScheduler(pipeline, { now: () => new Date('2026-08-22T12:00:00Z') });
    cleanups.push(() => scheduler.stop());
    // Catch-up is queued behind the pipeline; the scheduler says when it went through.
    await scheduler.caughtUp();
    await pipeline.idle();
    expect([...failing.calls, ...ok.calls]).toEqual(['failing', 'ok']);
    const runs = await t.db.json('select source, status, message from meta.runs order by run_id');
    expect(runs).toEqual([
      { source: 'failing', status: 'failed', message: 'failing upstream is down' },
      { source: 'ok', status: 'succeeded', message: null },
    ]);
  });

  it('reports each job with its schedule, next run (UTC) and why it cannot run', async () => {
    const t = await tempDatabase();
    cleanups.push(t.cleanup);
    const keyless = fakeSource('keyless', { unavailable: 'KEY is not set' });
    const pipeline = new Pipeline({ db: t.db, config: t.config, sources: [keyless.source] });
    const scheduler = await startScheduler(pipeline, { catchUp: false });
    cleanups.push(() => scheduler.stop());
    const [job] = scheduler.jobs();
    expect(job).toMatchObject({ job: 'keyless', schedule: '0 3 * * *', unavailable: 'KEY is not set' });
    expect(job!.nextRunAt).toMatch(/^\d{4}-\d{2}-\d{2}T03:00:00\.000Z$/);
    expect(keyless.calls).toEqual([]);
  });
});
