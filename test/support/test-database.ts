import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { required } from '../../src/shared/required.js';

/** Seals authenticator secrets in tests; a server database needs one in the environment (see config.ts). */
export const TEST_SECOND_FACTOR_KEY = Buffer.alloc(32, 42).toString('base64url');

export interface TestDatabase {
  readonly handle: DatabaseHandle;
  /** For a Portico process started by a test: where its database is. */
  readonly environment: Record<string, string>;
  drop(): Promise<void>;
}

/** A database's data kept to begin tests with: each copy is a database of its own. */
export interface DatabaseSnapshot {
  copy(): Promise<TestDatabase>;
  drop(): Promise<void>;
}

/**
 * The PostgreSQL server of this file's run (see vitest.config.ts); null: every test file gets a fresh in-memory PGlite.
 */
export const testDatabaseUrl = inject('databaseUrl');
export const databaseKind = testDatabaseUrl === null ? 'pglite' : 'postgres';

/** The names of the databases this process created on the server, to copy one as a snapshot. */
const serverNames = new WeakMap<TestDatabase, string>();

/** A database of its own for one test file: a fresh PGlite, or a fresh database on the PostgreSQL server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseUrl === null) {
    // Starts from the run's migrated template (see global-setup.ts); migrate() then finds nothing to do.
    return openPglite(new Blob([await readFile(inject('pgliteTemplate').dump)]));
  }
  // A copy of the run's migrated database (see global-setup.ts) where there is one; migrate() then finds nothing to do.
  return createServerDatabase(testDatabaseUrl, inject('postgresTemplate'));
}

/**
 * Closes `database` and keeps its data: every copy begins with it. Cheaper than building the same
 * data again for each test (PostgreSQL copies a database only while nobody is connected to it).
 */
export async function snapshotOf(database: TestDatabase): Promise<DatabaseSnapshot> {
  if (testDatabaseUrl === null) {
    const dump = required(await database.handle.dump?.());
    await database.handle.close();
    return { copy: () => openPglite(dump), drop: () => Promise.resolve() };
  }
  const serverUrl = testDatabaseUrl;
  const name = required(serverNames.get(database));
  await database.handle.close();
  return {
    copy: () => createServerDatabase(serverUrl, name),
    drop: () => onServer(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

async function openPglite(initialData: Blob): Promise<TestDatabase> {
  const handle = await openDatabase({ kind: 'pglite', dataDir: null, initialData });
  await handle.migrate();
  return { handle, environment: {}, drop: () => handle.close() };
}

async function createServerDatabase(serverUrl: string, template: string | null): Promise<TestDatabase> {
  const name = `portico_test_${randomBytes(6).toString('hex')}`;
  await onServer(
    serverUrl,
    template === null ? `create database ${name}` : `create database ${name} template ${template}`,
  );
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: url.toString() });
  await handle.migrate();
  const database: TestDatabase = {
    handle,
    // The processes of one test share the database and store no document in their own folders.
    environment: {
      DATABASE_URL: url.toString(),
      SECOND_FACTOR_KEY: TEST_SECOND_FACTOR_KEY,
      STORAGE_FOLDER_SHARED: 'true',
    },
    async drop() {
      await handle.close();
      await onServer(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
  serverNames.set(database, name);
  return database;
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
