import { existsSync } from 'node:fs';
import { request } from 'node:http';
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
    // A first start: the cluster is created and migrated in the empty folder.
    portico = await startPorticoProcess({ smtpUrl: smtp.url, database: { environment: {} }, isDataDirEmpty: true });
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

  it('refuses --no-worker on the embedded database, where no separate worker could deliver', async () => {
    const result = await portico.runCli(['start', '--no-worker']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Error: --no-worker needs DATABASE_URL: on the embedded database the portal delivers its own mail',
    );
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

describe.skipIf(databaseKind !== 'pglite')('the development mailbox', () => {
  let portico: PorticoProcess;

  beforeAll(async () => {
    // No SMTP_URL: mail goes to the development mailbox.
    portico = await startPorticoProcess({ smtpUrl: '', database: { environment: {} } });
  });
  afterAll(() => portico.stop());

  /** fetch() will not send a chosen Host header, so this uses node:http. */
  function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const outgoing = request(
        { host: '127.0.0.1', port: portico.port, path, headers: { host: `localhost:${portico.port}`, ...headers } },
        (incoming) => {
          let body = '';
          incoming.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body }));
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    });
  }

  it('is shown to a browser on this machine only', async () => {
    const direct = await get('/_dev/mail', {});
    expect(direct.status).toBe(200);
    expect(direct.body).toContain('Entwicklungs-Postfach');
    const relayed = await get('/_dev/mail', { 'x-forwarded-for': '203.0.113.9' });
    expect(relayed.status).toBe(404);
  });
});
