/**
 * The SYNTHETIC dataset of the kill tests and the reliability bench: DAYS days x MODELS models of made-up OpenRouter
 * token counts, collected one day per run by a source that writes only a day not yet held (so a re-run after a kill
 * never duplicates), then transformed and published. Small on purpose: each kill costs a process start.
 */
import type { Database } from '../../db/connection.ts';
import type { Source } from '../../ingest/run.ts';

export const DAYS = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05'];
export const MODELS = Array.from({ length: 12 }, (_, i) => `killtest/synthetic-model-${String(i).padStart(2, '0')}`);
export const EXPECTED_ROWS = DAYS.length * MODELS.length;

export function tokensOf(day: string, model: string): bigint {
  let h = 0;
  for (const ch of `${day}${model}`) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return BigInt(1_000_000 + (h % 9_000_000));
}

async function nextDay(db: { one: Database['one'] }): Promise<string | undefined> {
  const row = await db.one<{ d: string | null }>(
    "select max(date)::varchar as d from raw.openrouter_rankings where model_permaslug like 'killtest/%'",
  );
  return DAYS.find((day) => row?.d == null || day > row.d);
}

/** One day per run: the first day after the latest held. */
export const killSource: Source = {
  name: 'killtest',
  description: 'SYNTHETIC rankings for the kill tests',
  schedule: '0 0 1 1 *',
  maxAgeHours: 1_000_000,
  unavailable: () => undefined,
  fetch: async (ctx) => {
    const day = await nextDay(ctx.db);
    if (!day) return { rowsFetched: 0, write: async () => 0, message: 'all days held' };
    return {
      rowsFetched: MODELS.length,
      write: async (tx) => {
        // Checked again inside the transaction: a day is written whole, once.
        if ((await nextDay(tx)) !== day) return 0;
        for (const model of MODELS) {
          await tx.run(
            `insert into raw.openrouter_rankings (period, category, date, model_permaslug, total_tokens, as_of, fetched_at, run_id)
             values ('day', 'all', $1::date, $2, $3::bigint, '2026-03-10 00:00:00', '2026-03-10 00:00:00', $4)`,
            [day, model, tokensOf(day, model).toString(), ctx.runId],
          );
        }
        return MODELS.length;
      },
    };
  },
};

export async function allDaysHeld(db: Database): Promise<boolean> {
  return (await nextDay(db)) === undefined;
}
