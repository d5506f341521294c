import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isLock, isProcessAlive, tryLockDataDir } from './data-dir-lock.js';
import { required } from '../shared/required.js';

describe('data folder lock', () => {
  const folders: string[] = [];
  afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));
  const folder = (): string => {
    const path = mkdtempSync(join(tmpdir(), 'portico-lock-'));
    folders.push(path);
    return path;
  };

  it('lets one holder in and names it to the next', () => {
    const dataDir = folder();
    const first = tryLockDataDir(dataDir);
    expect(isLock(first)).toBe(true);
    const second = tryLockDataDir(dataDir);
    expect(second).toEqual({ heldBy: process.pid });
    if (isLock(first)) first.release();
    const third = tryLockDataDir(dataDir);
    expect(isLock(third)).toBe(true);
    if (isLock(third)) third.release();
  });

  it('takes over a lock left by a process that no longer runs', () => {
    const dataDir = folder();
    // Pid numbers this high are not handed out on Linux (pid_max is at most 2^22).
    writeFileSync(join(dataDir, 'portico.lock'), '9999999');
    const lock = tryLockDataDir(dataDir);
    expect(isLock(lock)).toBe(true);
    expect(readFileSync(join(dataDir, 'portico.lock'), 'utf8')).toBe(String(process.pid));
    if (isLock(lock)) lock.release();
  });
});

describe('data folder lock and a killed holder not yet reaped', () => {
  it.skipIf(process.platform !== 'linux')(
    'takes over the lock of a zombie and still refuses a live holder',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'portico-lock-'));
      let parent: ChildProcess | undefined;
      try {
        // Node reaps its own children, so the holder is a grandchild whose parent (an exec'd sleep) never reaps it.
        parent = spawn('sh', ['-c', 'sleep 300 & echo $!; exec sleep 300'], { stdio: ['ignore', 'pipe', 'ignore'] });
        const pid = await new Promise<number>((resolve) =>
          required(required(parent).stdout).once('data', (chunk: Buffer) =>
            resolve(Number.parseInt(chunk.toString(), 10)),
          ),
        );
        writeFileSync(join(dataDir, 'portico.lock'), String(pid));
        expect(isProcessAlive(pid)).toBe(true);
        expect(tryLockDataDir(dataDir)).toEqual({ heldBy: pid });
        process.kill(pid, 'SIGKILL');
        await expect.poll(() => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.charAt(0)).toBe('Z');
        expect(isProcessAlive(pid)).toBe(false);
        const lock = tryLockDataDir(dataDir);
        expect(isLock(lock)).toBe(true);
        if (isLock(lock)) lock.release();
      } finally {
        parent?.kill('SIGKILL');
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
