/** GET /api/marts: every mart of the allowlist, whether it is built, its definition and its URLs. */
import { Router } from 'express';
import type { Database } from '../../db/connection.ts';
import { tableExists } from '../marts.ts';
import { withSession } from '../session.ts';

export function catalogRoutes(options: { db: Database; martNames: () => readonly string[] }): Router {
  const router = Router();
  router.get('/api/marts', async (_req, res) => {
    const marts = await withSession(options.db, async (session) => {
      const built = new Map<string, { header: string | null; row_count: number | null; built_at: string | null }>();
      if (await tableExists(session, 'meta', 'marts')) {
        const rows = await session.json<{
          name: string;
          header: string | null;
          row_count: number | null;
          built_at: string | null;
        }>('select name, header, row_count, built_at from meta.marts');
        for (const { name, ...rest } of rows) built.set(name, rest);
      }
      return options.martNames().map((name) => ({
        name,
        built: built.has(name),
        definition: built.get(name)?.header ?? null,
        row_count: built.get(name)?.row_count ?? null,
        built_at: built.get(name)?.built_at ?? null,
        csv: `/data/${name}.csv`,
        json: `/data/${name}.json`,
        parquet: `/data/${name}.parquet`,
      }));
    });
    res.json({ ok: true, marts });
  });
  return router;
}
