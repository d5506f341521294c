import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Config } from '../../config/config.js';

export const KEY_FILE_NAME = 'second-factor.key';
const KEY_TEXT = /^[A-Za-z0-9_-]{43}$/;

export interface SecondFactorKeys {
  current: Buffer;
  previous: readonly Buffer[];
}

function createKeyFile(path: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  const descriptor = openSync(temporary, 'w', 0o600);
  try {
    writeSync(descriptor, `${randomBytes(32).toString('base64url')}\n`);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  try {
    // A hard link never replaces an existing file: a key once in use is never overwritten.
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** The embedded database's key: a file only this user may read, created on the first start. */
export function loadOrCreateKeyFile(dataDir: string): Buffer {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, KEY_FILE_NAME);
  try {
    statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
    createKeyFile(path);
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new ConfigError(
      `Invalid configuration: the key file ${path} may be read by others (mode ${mode.toString(8)}); allow ` +
        `only its owner: chmod 600 ${path}`,
    );
  }
  const text = readFileSync(path, 'utf8').trim();
  if (!KEY_TEXT.test(text)) {
    throw new ConfigError(
      `Invalid configuration: the key file ${path} does not hold a key (32 bytes in base64url); restore it ` +
        `from the backup`,
    );
  }
  return Buffer.from(text, 'base64url');
}

/** SECOND_FACTOR_KEY when set (config requires it for a server database), else the key file in DATA_DIR. */
export function resolveSecondFactorKeys(
  config: Pick<Config, 'secondFactorKey' | 'secondFactorPreviousKeys' | 'dataDir'>,
): SecondFactorKeys {
  return {
    current: config.secondFactorKey ?? loadOrCreateKeyFile(config.dataDir),
    previous: config.secondFactorPreviousKeys,
  };
}
