import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.js';

/** A database or a transaction on it: repos accept either. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  readonly db: Database;
  readonly kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The committed SQL migrations; the same folder is two levels above both src/db and dist/db. */
const migrationsFolder = fileURLToPath(new URL('../../src/db/migrations', import.meta.url));

export type DatabaseLocation = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | null };

export async function openDatabase(location: DatabaseLocation): Promise<DatabaseHandle> {
  if (location.kind === 'postgres') {
    return openPostgres(location.url);
  }
  return openPglite(location.dataDir);
}

async function openPglite(dataDir: string | null): Promise<DatabaseHandle> {
  const client = dataDir === null ? new PGlite() : new PGlite(dataDir);
  await client.waitReady;
  const db = drizzlePglite(client, { schema });
  return {
    db: db as unknown as Database,
    kind: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder }),
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
  };
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  // A short connect timeout: while the server is away, requests should fail fast rather than pile up.
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 2_000 });
  // An idle client's error (server restart) is emitted on the pool; unhandled it would end the process.
  pool.on('error', () => undefined);
  const db = drizzlePostgres(pool, { schema });
  return {
    db: db as unknown as Database,
    kind: 'postgres',
    migrate: () => migrateUnderLock(pool),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}

/** Any fixed number shared by every Portico process: the key of the session-level advisory lock around migrations. */
const MIGRATION_LOCK_KEY = 7_310_420_517;

/**
 * Processes starting at the same time on one database would otherwise all see a migration as
 * pending and apply it together; the advisory lock lets one migrate while the others wait and
 * then find nothing left to do. It is tied to the connection, so a process that dies frees it.
 */
async function migrateUnderLock(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  let isLocked = false;
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    isLocked = true;
    await migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder });
  } finally {
    try {
      if (isLocked) {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      }
      client.release();
    } catch (error) {
      // A broken connection drops its session and with it the lock.
      client.release(error instanceof Error ? error : true);
    }
  }
}
