import pino from 'pino';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { createSmtpTransport } from '../../src/modules/outbox/mail-transport.js';
import { createOutboxService, type OutboxService } from '../../src/modules/outbox/outbox-service.js';
import { createFixedClock, MINUTE } from '../../src/shared/clock.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';
import { createTestDatabase, databaseKind, type TestDatabase } from '../support/test-database.js';
import { required } from '../../src/shared/required.js';

const silent = pino({ level: 'silent' });

describe(`outbox claims (${databaseKind})`, () => {
  let database: TestDatabase;
  let smtp: SmtpReceiver;
  const clock = createFixedClock(new Date('2026-11-24T10:00:00Z'));

  function outboxOn(handle: DatabaseHandle): OutboxService {
    return createOutboxService({
      db: handle.db,
      clock,
      transport: createSmtpTransport(smtp.url),
      mailFrom: 'portal@portico.test',
      // The mails here belong to no tenant, so no tenant's sender is asked for.
      senderOf: () => Promise.resolve(null),
      logger: silent,
    });
  }

  async function enqueue(outbox: OutboxService, handle: DatabaseHandle, count: number, prefix: string): Promise<void> {
    for (let index = 0; index < count; index += 1) {
      await outbox.enqueueMail(handle.db, {
        tenantId: null,
        kind: 'invitation',
        fromName: 'Portico',
        to: `${prefix}-${index}@example.com`,
        subject: `${prefix} ${index}`,
        text: 'x',
        html: '<p>x</p>',
      });
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtpReceiver();
  });
  afterAll(async () => {
    await smtp.close();
    await database.drop();
  });

  it('takes over the mails of a worker that died while sending, with the same Message-ID', async () => {
    const outbox = outboxOn(database.handle);
    await enqueue(outbox, database.handle, 1, 'orphan');
    // A worker claims the mail and dies before it can send or mark it: the row stays "sending" with a lease.
    await database.handle.db.execute(
      sql`update outbox set status = 'sending', attempts = 1, lease_until =
        ${new Date(clock.now().getTime() + 2 * MINUTE).toISOString()} where to_address = 'orphan-0@example.com'`,
    );
    expect(await outbox.deliverDueMails()).toBe(0);
    clock.advance(2 * MINUTE + 1000);
    expect(await outbox.deliverDueMails()).toBe(1);
    const mail = await smtp.waitForMail('orphan-0@example.com');
    const result = await database.handle.db.execute(
      sql`select message_id, status from outbox where to_address = 'orphan-0@example.com'`,
    );
    const row = required((result as { rows: { message_id: string; status: string }[] }).rows[0]);
    expect(row.status).toBe('sent');
    expect(mail.messageId).toBe(row.message_id);
  });

  it.skipIf(databaseKind !== 'postgres')(
    'sends every mail exactly once when two processes deliver the same outbox',
    async () => {
      const url = required(database.environment['DATABASE_URL']);
      const first = await openDatabase({ kind: 'postgres', url });
      const second = await openDatabase({ kind: 'postgres', url });
      try {
        const outboxes = [outboxOn(first), outboxOn(second)];
        await enqueue(required(outboxes[0]), first, 60, 'pair');
        const [byFirst, bySecond] = await Promise.all(outboxes.map((outbox) => outbox.deliverDueMails()));
        expect(required(byFirst) + required(bySecond)).toBe(60);
        expect(byFirst).toBeGreaterThan(0);
        expect(bySecond).toBeGreaterThan(0);
        const pairMails = () => smtp.mails.filter((mail) => mail.to[0]?.startsWith('pair-'));
        await vi.waitFor(() => expect(pairMails().length).toBeGreaterThanOrEqual(60), { timeout: 5_000, interval: 50 });
        expect(new Set(pairMails().map((mail) => mail.messageId)).size).toBe(60);
        expect(pairMails()).toHaveLength(60);
      } finally {
        await first.close();
        await second.close();
      }
    },
  );
});
