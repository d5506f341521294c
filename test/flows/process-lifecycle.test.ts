import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPorticoProcess, type PorticoProcess } from '../support/portico-process.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';

/** The embedded database may be opened by one process only; these checks are about that folder. */
describe.skipIf(databaseKind !== 'pglite')('a Portico process on the embedded database', () => {
  let smtp: SmtpReceiver;
  let portico: PorticoProcess;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    portico = await startPorticoProcess({ smtpUrl: smtp.url, database: { environment: {} } });
  });
  afterAll(async () => {
    await portico.stop();
    await smtp.close();
  });

  it('refuses a second process on the same data folder with a clear message', async () => {
    const second = await portico.runCli(['start', '--no-demo']);
    expect(second.code).toBe(1);
    expect(second.stderr.trim()).toMatch(/^Error: The data folder .+ is in use by process \d+$/);
    const worker = await portico.runCli(['worker']);
    expect(worker.code).toBe(1);
    expect(worker.stderr).toContain('is in use by process');
  });

  it('answers the outbox status through the running portal', async () => {
    const status = await portico.runCli(['outbox', 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^Outbox: queued 0, sending 0, sent 0, failed 0, abandoned 0; none waiting/);
  });

  it('shuts down cleanly on SIGTERM and releases the data folder', async () => {
    const lockFile = join(portico.dataDir, 'portico.lock');
    expect(existsSync(lockFile)).toBe(true);
    await portico.stop({ keepDataDir: true });
    expect(portico.exitCode).toBe(0);
    expect(existsSync(lockFile)).toBe(false);
    expect(existsSync(join(portico.dataDir, 'PG_VERSION'))).toBe(true);
  });
});
