import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';

/** Seals authenticator secrets in tests; a server database needs one in the environment (see config.ts). */
export const TEST_SECOND_FACTOR_KEY = Buffer.alloc(32, 42).toString('base64url');

export interface TestDatabase {
  readonly handle: DatabaseHandle;
  /** For a Portico process started by a test: where its database is. */
  readonly environment: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * The PostgreSQL server of this file's run (see vitest.config.ts); null: every test file gets a fresh in-memory PGlite.
 */
export const testDatabaseUrl = inject('databaseUrl');
export const databaseKind = testDatabaseUrl === null ? 'pglite' : 'postgres';

/** A database of its own for one test file: a fresh PGlite, or a fresh database on the PostgreSQL server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseUrl === null) {
    // Starts from the run's migrated template (see global-setup.ts); migrate() then finds nothing to do.
    const initialData = new Blob([await readFile(inject('pgliteTemplate').dump)]);
    const handle = await openDatabase({ kind: 'pglite', dataDir: null, initialData });
    await handle.migrate();
    return { handle, environment: {}, drop: () => handle.close() };
  }
  const name = `portico_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString() });
  await handle.migrate();
  return {
    handle,
    // The processes of one test share the database and store no document in their own folders.
    environment: {
      DATABASE_URL: url.toString(),
      SECOND_FACTOR_KEY: TEST_SECOND_FACTOR_KEY,
      STORAGE_FOLDER_SHARED: 'true',
    },
    async drop() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: testDatabaseUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
