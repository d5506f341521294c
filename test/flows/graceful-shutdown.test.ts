import { rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { invite, runBeforeStart, tenantCreate } from '../support/process-commands.js';
import { newDataDir, startPorticoProcess, type PorticoProcess } from '../support/portico-process.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';
import { createTestDatabase, databaseKind, type TestDatabase } from '../support/test-database.js';
import { required } from '../../src/shared/required.js';

const INVITED = 20;
const addressOf = (index: number): string => `leaver-${index}@example.com`;

async function waitUntil(condition: () => boolean, timeoutMilliseconds: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMilliseconds;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function countByStatus(handle: DatabaseHandle): Promise<Record<string, number>> {
  const result = (await handle.db.execute(sql`select status, count(*)::int as count from outbox group by status`)) as {
    rows: { status: string; count: number }[];
  };
  return Object.fromEntries(result.rows.map((row) => [row.status, row.count]));
}

/** A request whose body arrives only after the signal: the process must still answer it. */
function openSlowRequest(port: number, host: string): { sendBody(): void; response: Promise<string> } {
  const body = 'email=late%40example.com&password=x';
  const socket = connect(port, '127.0.0.1');
  socket.write(
    `POST /login HTTP/1.1\r\nHost: ${host}\r\nContent-Type: ` +
      `application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`,
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
    await waitUntil(() => smtp.heldReplies >= 2, 30_000, 'sends in flight');
    const slow = openSlowRequest(portico.port, host);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const signalledAt = Date.now();
    portico.signal('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(
      fetch(`http://127.0.0.1:${portico.port}/healthz`, { signal: AbortSignal.timeout(2_000) }),
    ).rejects.toThrow();
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
        sql`select count(*)::int as count from outbox where status = 'queued' and next_attempt_at <= now() and
          lease_until is null`,
      )) as { rows: { count: number }[] };
      expect(required(due.rows[0]).count).toBe(counts['queued']);
    } finally {
      if (database === null) {
        await handle.close();
      }
    }

    // The handed-back mails go out with the next process at once, each exactly once.
    smtp.setBehaviour({ kind: 'accept' });
    portico = await startPorticoProcess({ smtpUrl: smtp.url, database: database ?? { environment: {} }, dataDir });
    await waitUntil(() => smtp.mails.length >= INVITED, 20_000, 'the rest of the mails');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.mails.map((mail) => mail.to[0]).sort()).toEqual(
      Array.from({ length: INVITED }, (_, index) => addressOf(index)).sort(),
    );
    await portico.stop();
    if (database === null) {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
