import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runBeforeStart, tenantCreate } from '../support/process-commands.js';
import { startPorticoProcess, type PorticoProcess } from '../support/portico-process.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { required } from '../../src/shared/required.js';

/** Room for the migrated embedded database (about 40 MB) and a little more. */
const DISK_SIZE = '72m';

/** Fills the file system until it refuses, big blocks first, then small ones. */
function fillDisk(path: string): void {
  const descriptor = openSync(path, 'w');
  try {
    for (const size of [1024 * 1024, 4096, 512]) {
      const block = Buffer.alloc(size, 1);
      try {
        for (;;) writeSync(descriptor, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(descriptor);
  }
}

/**
 * The embedded database's folder on a small tmpfs that is then filled up. Mounting needs root, as
 * the tests run here and in CI; elsewhere the case is skipped, and readiness.test.ts still covers a
 * database that refuses writes through the same path. PostgreSQL's disk is the server's, not Portico's.
 */
describe.skipIf(databaseKind !== 'pglite')('a full disk under the embedded database', () => {
  let mountPoint: string;
  let mountProblem: string | null = null;
  let smtp: SmtpReceiver;
  let portico: PorticoProcess | null = null;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    mountPoint = mkdtempSync(join(tmpdir(), 'portico-full-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_SIZE}`, 'tmpfs', mountPoint], { stdio: 'pipe' });
    } catch (error) {
      mountProblem = (error as { stderr?: Buffer }).stderr?.toString().trim() || String(error);
    }
  });
  afterAll(async () => {
    await portico?.stop({ keepDataDir: true });
    if (mountProblem === null) {
      execFileSync('umount', [mountPoint]);
    }
    rmSync(mountPoint, { recursive: true, force: true });
    await smtp.close();
  });

  it('fails readiness within seconds, says why at the command line in one line, and recovers once there is room', async (context) => {
    if (mountProblem !== null) {
      context.skip(`cannot mount a tmpfs to fill (needs root): ${mountProblem}`);
    }
    const dataDir = join(mountPoint, 'data');
    await cp(inject('pgliteTemplate').dataDir, dataDir, { recursive: true });
    await runBeforeStart({ database: null, dataDir, smtpUrl: smtp.url }, [tenantCreate('acme', 'acme.localhost')]);
    portico = await startPorticoProcess({ smtpUrl: smtp.url, database: { environment: {} }, dataDir });
    const readiness = async () => {
      const answer = await fetch(`http://127.0.0.1:${required(portico).port}/readyz`);
      return `${answer.status} ${((await answer.json()) as { status: string }).status}`;
    };
    expect(await readiness()).toBe('200 ready');

    const filler = join(mountPoint, 'filler');
    fillDisk(filler);
    const filledAt = performance.now();
    await expect.poll(readiness, { timeout: 20_000, interval: 100 }).toBe('503 database cannot write');
    const secondsToNotice = (performance.now() - filledAt) / 1000;
    expect(secondsToNotice).toBeLessThan(10);

    const file = join(tmpdir(), `portico-full-${process.pid}.csv`);
    writeFileSync(
      file,
      ['email,name', ...Array.from({ length: 300 }, (_, index) => `voll${index}@example.com,Voll ${index}`)].join('\n'),
    );
    try {
      const refused = await portico.runCli(['invite', '--tenant', 'acme', '--csv', file]);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim().split('\n').at(-1)).toMatch(
        /^Error: The database cannot write: .*No space left on device/,
      );

      rmSync(filler);
      const freedAt = performance.now();
      await expect.poll(readiness, { timeout: 20_000, interval: 100 }).toBe('200 ready');
      expect((performance.now() - freedAt) / 1000).toBeLessThan(10);
      const imported = await portico.runCli(['invite', '--tenant', 'acme', '--csv', file]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toMatch(
        /Imported .*: \d+ invited, 0 already had a password and have access now, \d+ already invited \(nothing sent again\), 0 rows not imported/,
      );
    } finally {
      rmSync(file, { force: true });
    }
  }, 180_000);
});
