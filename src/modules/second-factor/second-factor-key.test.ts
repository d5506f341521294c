import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/config.js';
import { KEY_FILE_NAME, loadOrCreateKeyFile, resolveSecondFactorKeys } from './second-factor-key.js';

describe('the key file of the embedded database', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) {
      rmSync(folder, { recursive: true, force: true });
    }
  });
  function newDataDir(): string {
    const folder = mkdtempSync(join(tmpdir(), 'portico-key-'));
    folders.push(folder);
    return join(folder, 'data');
  }

  it('is created on the first start with mode 0600 and read unchanged afterwards', () => {
    const dataDir = newDataDir();
    const key = loadOrCreateKeyFile(dataDir);
    expect(key).toHaveLength(32);
    expect(statSync(join(dataDir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(dataDir)).toEqual(key);
    expect(readFileSync(join(dataDir, KEY_FILE_NAME), 'utf8').trim()).toBe(key.toString('base64url'));
  });

  it('stops the start when others may read the file or it holds no key', () => {
    const dataDir = newDataDir();
    loadOrCreateKeyFile(dataDir);
    const path = join(dataDir, KEY_FILE_NAME);
    chmodSync(path, 0o644);
    expect(() => loadOrCreateKeyFile(dataDir)).toThrow(ConfigError);
    expect(() => loadOrCreateKeyFile(dataDir)).toThrow(`chmod 600 ${path}`);
    writeFileSync(path, 'not a key\n', { mode: 0o600 });
    chmodSync(path, 0o600);
    expect(() => loadOrCreateKeyFile(dataDir)).toThrow(/does not hold a key/);
  });

  it('is not used when SECOND_FACTOR_KEY is set', () => {
    const dataDir = newDataDir();
    const keys = resolveSecondFactorKeys({
      secondFactorKey: Buffer.alloc(32, 1),
      secondFactorPreviousKeys: [Buffer.alloc(32, 2)],
      dataDir,
    });
    expect(keys).toEqual({ current: Buffer.alloc(32, 1), previous: [Buffer.alloc(32, 2)] });
    expect(() => statSync(join(dataDir, KEY_FILE_NAME))).toThrow();
  });
});
