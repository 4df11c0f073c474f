/** Every SQL text run through `Session.run` while `work` runs, in order (a spy on the prototype, removed after). */
import { vi } from 'vitest';
import { Session } from '../../db/connection.ts';

export async function recordStatements(work: (statements: string[]) => Promise<void>): Promise<string[]> {
  const statements: string[] = [];
  const run = Session.prototype.run;
  const spy = vi.spyOn(Session.prototype, 'run').mockImplementation(function (this: Session, sqlText, params) {
    statements.push(sqlText);
    return run.call(this, sqlText, params);
  });
  try {
    await work(statements);
  } finally {
    spy.mockRestore();
  }
  return statements;
}
