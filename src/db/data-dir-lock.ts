import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../shared/errors.js';

export interface DataDirLock {
  release(): void;
}

const LOCK_FILE = 'portico.lock';

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite must never be opened by two processes at once. The lock file holds the owner's pid; a
 * file left by a process that died (kill -9, power loss) is recognised by that pid and taken over.
 */
export function tryLockDataDir(dataDir: string): DataDirLock | { heldBy: number } {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const descriptor = openSync(path, 'wx', 0o600);
      writeSync(descriptor, String(process.pid));
      closeSync(descriptor);
      let isReleased = false;
      const release = (): void => {
        if (!isReleased) {
          isReleased = true;
          rmSync(path, { force: true });
        }
      };
      process.once('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
      const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid)) {
        return { heldBy: pid };
      }
      rmSync(path, { force: true });
    }
  }
  throw new AppError('DATA_DIR_IN_USE', `Could not lock ${path}`);
}

export function isLock(value: DataDirLock | { heldBy: number }): value is DataDirLock {
  return 'release' in value;
}
