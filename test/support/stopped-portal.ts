import { cp, rm } from 'node:fs/promises';
import { newDataDir } from './portico-process.js';
import {
  createTestDatabase,
  databaseKind,
  snapshotOf,
  type DatabaseSnapshot,
  type TestDatabase,
} from './test-database.js';

/**
 * What a CLI run against a portal that is not running finds: the data folder and, on PostgreSQL,
 * the database (null on the embedded database, which the data folder holds).
 */
export interface StoppedPortal {
  readonly dataDir: string;
  readonly database: TestDatabase | null;
}

/** A stopped portal's data kept to begin tests with; each test works on a copy of its own. */
export interface PortalSnapshot {
  readonly dataDir: string;
  readonly database: DatabaseSnapshot | null;
}

/** An empty portal: the run's migrated data folder, or a fresh database on PostgreSQL. */
export async function newStoppedPortal(): Promise<StoppedPortal> {
  return {
    dataDir: await newDataDir(databaseKind === 'pglite'),
    database: databaseKind === 'pglite' ? null : await createTestDatabase(),
  };
}

/**
 * Keeps what `portal` holds now (no process may have it open) and returns the portal to go on
 * with: on PostgreSQL a copy, since the kept database may not be used any more.
 */
export async function keepPortal(portal: StoppedPortal): Promise<{ kept: PortalSnapshot; portal: StoppedPortal }> {
  const dataDir = await newDataDir(false);
  await cp(portal.dataDir, dataDir, { recursive: true });
  if (portal.database === null) {
    return { kept: { dataDir, database: null }, portal };
  }
  const database = await snapshotOf(portal.database);
  return { kept: { dataDir, database }, portal: { dataDir: portal.dataDir, database: await database.copy() } };
}

/** A portal of its own that begins with the snapshot's data. */
export async function copyPortal(snapshot: PortalSnapshot): Promise<StoppedPortal> {
  const dataDir = await newDataDir(false);
  await cp(snapshot.dataDir, dataDir, { recursive: true });
  return { dataDir, database: snapshot.database === null ? null : await snapshot.database.copy() };
}

export async function removePortal(portal: StoppedPortal | PortalSnapshot): Promise<void> {
  await portal.database?.drop();
  await rm(portal.dataDir, { recursive: true, force: true });
}
