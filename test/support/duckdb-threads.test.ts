import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { Database } from '../../db/connection.ts';

describe('the test workers’ DuckDB (test/support/duckdb-threads.ts)', () => {
  it('opens every database of the tests on one thread', async () => {
    const db = await Database.open(':memory:');
    try {
      expect(await db.json("select current_setting('threads')::integer as threads")).toEqual([{ threads: 1 }]);
    } finally {
      db.close();
    }
  });

  it('keeps a thread count the opener names', async () => {
    const instance = await DuckDBInstance.create(':memory:', { threads: '3' });
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll("select current_setting('threads')::integer as threads");
      expect(reader.getRowObjectsJson()).toEqual([{ threads: 3 }]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
