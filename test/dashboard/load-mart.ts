/**
 * The mart the serving tests load (serving.test.ts, fast-path.test.ts): a temp database with `marts.hf_load`,
 * SYNTHETIC, 200 rows (enough for a body worth compressing), its clean-up pushed to `cleanups`.
 */
import { tempDatabase } from '../support/tmp.ts';

export const LOAD_NOW = new Date('2026-04-29T12:00:00Z');

export async function loadMartDatabase(cleanups: Array<() => void | Promise<void>>) {
  const t = await tempDatabase();
  cleanups.push(t.cleanup);
  await t.db.run('create schema if not exists marts');
  await t.db.run(
    `create table marts.hf_load as
     select ('2026-04-01'::date + (i % 20)::integer) as day, 'synthetic/model-' || i as model_id, (i * 1000)::bigint as downloads_30d
     from range(200) t(i)`,
  );
  return t;
}
