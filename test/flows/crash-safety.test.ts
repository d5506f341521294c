import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { createCommandRunner, invite, runBeforeStart, tenantCreate } from '../support/process-commands.js';
import { newDataDir, startPorticoProcess, type PorticoProcess } from '../support/portico-process.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';
import { createTestDatabase, databaseKind, type TestDatabase } from '../support/test-database.js';

const INVITED = 15;
const addressOf = (index: number): string => `person-${index}@example.com`;

async function rowsOf<T>(handle: DatabaseHandle, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await handle.db.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * A real Portico process is killed with SIGKILL while a slow SMTP server holds its sends; a new
 * process on the same data (the stale lock of the embedded database taken over) delivers the rest.
 */
describe(`kill -9 mid-delivery (${databaseKind})`, () => {
  let smtp: SmtpReceiver;
  let database: TestDatabase | null = null;
  let commands: Awaited<ReturnType<typeof createCommandRunner>> | null = null;
  let portico: PorticoProcess | null = null;
  const environment = { OUTBOX_LEASE_SECONDS: '5' };

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    database = databaseKind === 'postgres' ? await createTestDatabase() : null;
    commands = await createCommandRunner({ database, smtpUrl: smtp.url });
  }, 60_000);
  afterAll(async () => {
    await portico?.stop();
    await commands?.close();
    await database?.drop();
    await smtp.close();
  });

  /** Mails marked sent; read through the running process on the embedded database. */
  async function sentCount(): Promise<number> {
    if (database !== null) {
      return (
        await rowsOf<{ count: number }>(
          database.handle,
          sql`select count(*)::int as count from outbox where status = 'sent'`,
        )
      )[0]!.count;
    }
    const status = await portico!.runCli(['outbox', 'status']);
    return Number(/sent (\d+)/.exec(status.stdout)?.[1] ?? 0);
  }

  it('loses no committed invitation and sends each mail at most twice, with one Message-ID', async () => {
    // The database is created here, so the process starts on existing data within its ready time even on a busy machine.
    const dataDir = await newDataDir(database === null);
    await runBeforeStart({ database, dataDir, smtpUrl: smtp.url }, [tenantCreate('acme', 'acme.localhost')]);
    portico = await startPorticoProcess({
      smtpUrl: smtp.url,
      database: database ?? { environment: {} },
      dataDir,
      environment: environment,
    });
    smtp.setBehaviour({ kind: 'slow', milliseconds: 1_500 });
    for (let batch = 0; batch < INVITED; batch += 5) {
      await Promise.all(
        Array.from({ length: Math.min(5, INVITED - batch) }, (_, offset) =>
          commands!.run(invite('acme', addressOf(batch + offset)), () => portico!),
        ),
      );
    }
    await vi.waitFor(() => expect(smtp.mails.length, 'the first mails').toBeGreaterThanOrEqual(2), {
      timeout: 30_000,
      interval: 50,
    });
    expect(smtp.mails.length).toBeLessThan(INVITED);
    await portico.kill();
    expect(portico.exitCode).toBeNull(); // killed by a signal, no exit code of its own
    if (database === null) {
      // The dead process's lock file is still there; the next start must take it over.
      expect(existsSync(join(dataDir, 'portico.lock'))).toBe(true);
    }
    // Killed mid-delivery: mails were claimed and never marked, so only their lease (or the next start) frees them.
    const afterKill = database?.handle ?? (await openDatabase({ kind: 'pglite', dataDir }));
    const claimed = await rowsOf<{ count: number }>(
      afterKill,
      sql`select count(*)::int as count from outbox where status = 'sending'`,
    );
    if (database === null) {
      await afterKill.close();
    }
    expect(claimed[0]!.count).toBeGreaterThan(0);

    smtp.setBehaviour({ kind: 'accept' });
    portico = await startPorticoProcess({
      smtpUrl: smtp.url,
      database: database ?? { environment: {} },
      dataDir,
      environment: environment,
    });
    const received = (address: string) => smtp.mails.filter((mail) => mail.to.includes(address));
    await vi.waitFor(
      () => {
        for (let index = 0; index < INVITED; index++) {
          expect(received(addressOf(index)).length, 'every invitation mail after the restart').toBeGreaterThan(0);
        }
      },
      { timeout: 40_000, interval: 50 },
    );
    // Mails that arrived before the kill were never marked; wait until the new process has sent them again.
    await vi.waitFor(async () => expect(await sentCount()).toBeGreaterThanOrEqual(INVITED), {
      timeout: 40_000,
      interval: 250,
    });
    await portico.stop({ keepDataDir: true });
    expect(portico.exitCode).toBe(0);

    const handle = database?.handle ?? (await openDatabase({ kind: 'pglite', dataDir }));
    try {
      const outbox = await rowsOf<{ to_address: string; message_id: string; status: string }>(
        handle,
        sql`select to_address, message_id, status from outbox where kind = 'invitation'`,
      );
      const invited = await rowsOf<{ email: string }>(
        handle,
        sql`select i.email from identities i join memberships m on m.identity_id = i.id`,
      );
      expect(invited.map((row) => row.email).sort()).toEqual(
        Array.from({ length: INVITED }, (_, index) => addressOf(index)).sort(),
      );
      expect(outbox).toHaveLength(INVITED);
      for (const row of outbox) {
        expect(row.status).toBe('sent');
        const mails = received(row.to_address);
        expect(mails.length).toBeGreaterThanOrEqual(1);
        expect(mails.length).toBeLessThanOrEqual(2);
        expect(new Set(mails.map((mail) => mail.messageId))).toEqual(new Set([row.message_id]));
      }
    } finally {
      if (database === null) {
        await handle.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    }
  }, 180_000);
});
