// Fresh PostgresStorage instances for tests, each in its own schema of the test server, dropped
// after the file's tests; and `sql`, one statement on its own connection, for a test that sets
// rows up behind a storage's back.
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { PostgresStorage, type PostgresStorageOptions } from '../../../src/tune/storage/postgres/postgres-storage.ts';

export function postgresStorages(prefix: string): {
  url: string;
  next: (options?: PostgresStorageOptions) => PostgresStorage;
  nextSchema: () => string;
  sql: (text: string, values?: unknown[]) => Promise<void>;
} {
  const url = inject('pgUrl');
  const schemas: string[] = [];
  const storages: PostgresStorage[] = [];
  const nextSchema = (): string => {
    const schema = `${prefix}_${process.pid}_${schemas.length}`;
    schemas.push(schema);
    return schema;
  };
  afterAll(async () => {
    await Promise.all(storages.map((s) => s.close()));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });
  return {
    url,
    nextSchema,
    sql: async (text, values = []) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(text, values);
      } finally {
        await client.end();
      }
    },
    next: (options = {}) => {
      const storage = new PostgresStorage(url, { schema: nextSchema(), ...options });
      storages.push(storage);
      return storage;
    },
  };
}
