/**
 * Every example of the SQL page runs on the marts as the transform builds them (a fresh install: built, no rows), so
 * a renamed mart or column fails here, not in a visitor's browser. The same text runs with `adoption-tracker sql`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../dashboard/web/sql-examples.ts';
import { martNames, runTransform } from '../../transform/run.ts';
import { tempDatabase } from '../support/tmp.ts';

let t: Awaited<ReturnType<typeof tempDatabase>>;

beforeAll(async () => {
  t = await tempDatabase();
  await runTransform(t.db, { now: () => new Date('2026-04-29T03:00:00Z') });
});

afterAll(() => t?.cleanup());

describe('the SQL page’s examples', () => {
  it('name only marts that exist, headline numbers first', () => {
    const marts = martNames();
    for (const example of EXAMPLES)
      for (const mart of example.uses) expect([example.id, marts.includes(mart)]).toEqual([example.id, true]);
    expect(EXAMPLES.slice(0, 2).map((e) => e.id)).toEqual(['cn-top20', 'cn-token-share']);
  });

  it.each(EXAMPLES.map((e) => [e.id, e] as const))('%s runs on freshly built marts', async (_id, example) => {
    const session = await t.db.connect();
    try {
      const reader = await session.connection.runAndReadAll(example.sql);
      expect(reader.columnNames().length).toBeGreaterThan(0);
    } finally {
      session.connection.closeSync();
    }
  });

  it('the headline example gives the columns the page test compares with /data/<mart>.json', async () => {
    const reader = await t.db.session.connection.runAndReadAll(EXAMPLES[0]!.sql);
    expect(reader.columnNames()).toEqual(['week_start', 'models_in_top_20', 'is_complete_week', 'as_of']);
  });
});
