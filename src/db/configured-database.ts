import { resolve } from 'node:path';
import type { Config } from '../config/config.js';
import { AppError } from '../shared/errors.js';
import { isLock, tryLockDataDir } from './data-dir-lock.js';
import { openDatabase, type DatabaseHandle } from './database.js';

/** The database the configuration names, opened by this process. */
export interface ConfiguredDatabase {
  readonly handle: DatabaseHandle;
  /** The embedded database: this process holds its data folder's lock until `close`. */
  readonly holdsDataDir: boolean;
  /** Closes the database and gives up the data folder. */
  close(): Promise<void>;
}

/**
 * Opens PostgreSQL when the configuration names it, otherwise the embedded database in the data folder, taking the
 * folder's lock first (PGlite must never be opened by two processes at once). Migrations are the caller's.
 */
export async function openConfiguredDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
): Promise<ConfiguredDatabase> {
  if (config.databaseUrl !== null) {
    const handle = await openDatabase({ kind: 'postgres', url: config.databaseUrl });
    return { handle, holdsDataDir: false, close: () => handle.close() };
  }
  const dataDir = resolve(config.dataDir);
  const lock = tryLockDataDir(dataDir);
  if (!isLock(lock)) {
    throw new AppError('DATA_DIR_IN_USE', `The data folder ${dataDir} is in use by process ${lock.heldBy}`);
  }
  try {
    const handle = await openDatabase({ kind: 'pglite', dataDir });
    return {
      handle,
      holdsDataDir: true,
      async close() {
        try {
          await handle.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
