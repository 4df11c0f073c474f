import type { Database, Session } from '../db/connection.ts';
import { HttpError } from './errors.ts';

/**
 * A connection per request: concurrent requests never share one (STACK.md), and it is closed whatever happens.
 * DuckDB's errors come from native code without a JavaScript stack; they are wrapped so the log shows where.
 */
export async function withSession<T>(db: Database, work: (session: Session) => Promise<T>): Promise<T> {
  const session = await db.connect();
  try {
    return await work(session);
  } catch (error) {
    if (error instanceof HttpError || !(error instanceof Error) || /\n\s+at /.test(error.stack ?? '')) throw error;
    throw new Error(`database: ${error.message}`, { cause: error });
  } finally {
    session.connection.closeSync();
  }
}
