import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { collectAfterCommitWork } from './after-commit.js';
import { keepPlansOn } from './kept-plans.js';
import { clientForDrizzle } from './pglite-client.js';
import { compiledPgliteModule, EMBEDDED_SETTINGS } from './pglite-module.js';
import * as schema from './schema.js';

/** A database or a transaction on it: repos accept either. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  readonly db: Database;
  readonly kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /**
   * Commits one small write (and, for a data folder, writes and syncs a file there); throws when the database cannot
   * write.
   */
  probeWrite(): Promise<void>;
  /** The embedded database only: its whole data folder as PGlite's dump, which `initialData` takes. */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
}

/** The committed SQL migrations; the same folder is two levels above both src/db and dist/db. */
const migrationsFolder = fileURLToPath(new URL('../../src/db/migrations', import.meta.url));

export type DatabaseLocation =
  | { kind: 'postgres'; url: string }
  /** `initialData`: a data folder dumped by PGlite's dumpDataDir, to begin with instead of an empty database. */
  | { kind: 'pglite'; dataDir: string | null; initialData?: Blob };

export async function openDatabase(location: DatabaseLocation): Promise<DatabaseHandle> {
  if (location.kind === 'postgres') {
    return openPostgres(location.url);
  }
  return openPglite(location.dataDir, location.initialData);
}

const PROBE_WRITE = sql`insert into readiness_probe (id, checked_at) values (1, now()) on conflict (id) do update set
  checked_at = excluded.checked_at`;
const PROBE_FILE_BYTES = 64 * 1024;

/**
 * Updating one existing row usually fits in its page and in the write-ahead log already allocated,
 * so it still succeeds on a full disk while every insert that needs a new page fails. A file as
 * large as a few of the database's pages, written and synced in its folder, fails there first.
 */
async function probeFolder(dataDir: string): Promise<void> {
  const path = join(dataDir, 'readiness-probe.tmp');
  try {
    const file = await open(path, 'w', 0o600);
    try {
      await file.write(Buffer.alloc(PROBE_FILE_BYTES));
      await file.sync();
    } finally {
      await file.close();
    }
  } finally {
    await rm(path, { force: true });
  }
}

// Each driver is loaded only when it is used: a process needs one of the two.
async function openPglite(dataDir: string | null, initialData: Blob | undefined): Promise<DatabaseHandle> {
  const [pglite, { drizzle: drizzlePglite }, { migrate: migratePglite }, pgliteWasmModule] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
    compiledPgliteModule(),
  ]);
  const { PGlite } = pglite;
  const client = new PGlite({
    ...(dataDir === null ? {} : { dataDir }),
    ...(initialData === undefined ? {} : { loadDataDir: initialData }),
    pgliteWasmModule,
    startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS],
  });
  await client.waitReady;
  const db = drizzlePglite(clientForDrizzle(client, pglite), { schema });
  return {
    db: collectAfterCommitWork(db),
    kind: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder }),
    ping: async () => {
      await client.query('select 1');
    },
    probeWrite: async () => {
      if (dataDir !== null) {
        await probeFolder(dataDir);
      }
      await db.execute(PROBE_WRITE);
    },
    dump: () => client.dumpDataDir('none'),
    close: () => client.close(),
  };
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const [{ default: pg }, { drizzle: drizzlePostgres }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
  ]);
  // A short connect timeout: while the server is away, requests should fail fast rather than pile up.
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 2_000 });
  // An idle client's error (server restart) is emitted on the pool; unhandled it would end the process.
  pool.on('error', () => undefined);
  // Statements marked with KEEP_PLAN are prepared once per connection (kept-plans.ts).
  pool.on('connect', (client) => keepPlansOn(client));
  const db = drizzlePostgres(pool, { schema });
  return {
    db: collectAfterCommitWork(db),
    kind: 'postgres',
    migrate: () => migrateUnderLock(pool),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    probeWrite: async () => {
      await db.execute(PROBE_WRITE);
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
  const [{ drizzle: drizzlePostgres }, { migrate: migratePostgres }] = await Promise.all([
    import('drizzle-orm/node-postgres'),
    import('drizzle-orm/node-postgres/migrator'),
  ]);
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
