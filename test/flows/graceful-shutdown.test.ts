import { rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { invite, runBeforeStart, tenantCreate } from '../support/process-commands.js';
import { newDataDir, startPorticoProcess, type PorticoProcess } from '../support/portico-process.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';
import { createTestDatabase, databaseKind, type TestDatabase } from '../support/test-database.js';

const INVITED = 20;
const addressOf = (index: number): string => `leaver-${index}@example.com`;

async function countByStatus(handle: DatabaseHandle): Promise<Record<string, number>> {
  const result = (await handle.db.execute(
    sql`select status, count(*)::int as count from outbox group by status`,
  )) as unknown as { rows: { status: string; count: number }[] };
  return Object.fromEntries(result.rows.map((row) => [row.status, row.count]));
}

/** A request whose body arrives only after the signal: the process must still answer it. */
function openSlowRequest(port: number, host: string): { sendBody(): void; response: Promise<string> } {
  const body = 'email=late%40example.com&password=x';
  const socket = connect(port, '127.0.0.1');
  socket.write(
    `POST /login HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`,
  );
  const response = new Promise<string>((resolve, reject) => {
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve(text));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
  return { sendBody: () => socket.write(body), response };
}

describe(`SIGTERM (${databaseKind})`, () => {
  let smtp: SmtpReceiver;
  let database: TestDatabase | null = null;
  let portico: PorticoProcess | null = null;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    database = databaseKind === 'postgres' ? await createTestDatabase() : null;
  });
  afterAll(async () => {
    await portico?.stop();
    await database?.drop();
    await smtp.close();
  });

  it('stops accepting, finishes requests and sends in flight, hands back unsent claims and exits 0', async () => {
    const dataDir = await newDataDir(database === null);
    const host = 'acme.localhost';
    await runBeforeStart({ database, dataDir, smtpUrl: smtp.url }, [
      tenantCreate('acme', host),
      ...Array.from({ length: INVITED }, (_, index) => invite('acme', addressOf(index))),
    ]);
    smtp.setBehaviour({ kind: 'slow', milliseconds: 1_500 });
    portico = await startPorticoProcess({ smtpUrl: smtp.url, database: database ?? { environment: {} }, dataDir });
    await vi.waitFor(() => expect(smtp.heldReplies, 'sends in flight').toBeGreaterThanOrEqual(2), {
      timeout: 30_000,
      interval: 20,
    });
    const slow = openSlowRequest(portico.port, host);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const signalledAt = Date.now();
    portico.signal('SIGTERM');
    const { port } = portico;
    await vi.waitFor(
      () => expect(fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow(),
      { timeout: 2_000, interval: 50 },
    );
    slow.sendBody();
    expect(await slow.response).toMatch(/^HTTP\/1\.1 (200|303|4\d\d) /);

    expect(await portico.waitForExit(9_000)).toBe(true);
    expect(portico.exitCode).toBe(0);
    // The sends in flight were answered before the exit (each takes 1.5 s, the grace period is 8 s).
    expect(Date.now() - signalledAt).toBeLessThan(9_000);
    const receivedBeforeRestart = smtp.mails.length;

    const handle = database?.handle ?? (await openDatabase({ kind: 'pglite', dataDir }));
    try {
      const counts = await countByStatus(handle);
      expect(counts['sending'] ?? 0).toBe(0);
      expect(counts['sent']).toBe(receivedBeforeRestart);
      expect(counts['queued']).toBeGreaterThan(0);
      const due = (await handle.db.execute(
        sql`select count(*)::int as count from outbox where status = 'queued' and next_attempt_at <= now() and lease_until is null`,
      )) as unknown as { rows: { count: number }[] };
      expect(due.rows[0]!.count).toBe(counts['queued']);
    } finally {
      if (database === null) {
        await handle.close();
      }
    }

    // The handed-back mails go out with the next process at once, each exactly once.
    smtp.setBehaviour({ kind: 'accept' });
    portico = await startPorticoProcess({ smtpUrl: smtp.url, database: database ?? { environment: {} }, dataDir });
    await vi.waitFor(() => expect(smtp.mails.length, 'the rest of the mails').toBeGreaterThanOrEqual(INVITED), {
      timeout: 20_000,
      interval: 20,
    });
    // After a graceful stop nothing of this process can still be sending: the count is final.
    await portico.stop();
    expect(smtp.mails.map((mail) => mail.to[0]).sort()).toEqual(
      Array.from({ length: INVITED }, (_, index) => addressOf(index)).sort(),
    );
    if (database === null) {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
