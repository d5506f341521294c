import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../shared/errors.js';

export interface DataDirLock {
  release(): void;
}

const LOCK_FILE = 'portico.lock';

/**
 * A process killed with SIGKILL stays a zombie until its parent reaps it, and signal 0 still
 * reaches a zombie; it holds no files any more, so on Linux its state 'Z' counts as dead.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') {
      return false;
    }
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    // Without /proc (not Linux) signal 0 decides alone.
    return false;
  }
  // The command name in parentheses may itself contain spaces and parentheses; the state follows the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
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
