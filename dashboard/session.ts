import { PoolBusyError, type Database, type Session } from '../db/connection.ts';
import { HttpError } from './errors.ts';

/**
 * A pooled session per request (db.pooled): concurrent requests never share one at the same time (STACK.md), sessions
 * are reused rather than opened per request, and past the pool's admission limit a request gets 503 at once instead
 * of a queue that outlives the load. DuckDB's errors come from native code without a JavaScript stack; they are
 * wrapped so the log shows where.
 */
export async function withSession<T>(db: Database, work: (session: Session) => Promise<T>): Promise<T> {
  try {
    return await db.pooled(work);
  } catch (error) {
    if (error instanceof PoolBusyError) throw new HttpError(503, error.message);
    if (error instanceof HttpError || !(error instanceof Error) || /\n\s+at /.test(error.stack ?? '')) throw error;
    throw new Error(`database: ${error.message}`, { cause: error });
  }
}
