import pino from 'pino';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSmtpTransport } from '../../src/modules/outbox/mail-transport.js';
import { createOutboxService, RECIPIENT_HOURLY_CAP } from '../../src/modules/outbox/outbox-service.js';
import { createFixedClock } from '../../src/shared/clock.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';
import { createTestDatabase, databaseKind, type TestDatabase } from '../support/test-database.js';

const silent = pino({ level: 'silent' });
const POOL_SIZE = 4;

describe(`outbox throughput over pooled SMTP connections (${databaseKind})`, () => {
  let database: TestDatabase;
  let smtp: SmtpReceiver;
  const clock = createFixedClock(new Date('2026-11-24T10:00:00Z'));

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtpReceiver();
  });
  afterAll(async () => {
    await smtp.close();
    await database.drop();
  });

  it('sends a large batch side by side over the pool, each mail once with its Message-ID, and keeps the per-recipient cap', async () => {
    const transport = createSmtpTransport(smtp.url, undefined, POOL_SIZE);
    const outbox = createOutboxService({
      db: database.handle.db,
      clock,
      transport,
      mailFrom: 'portal@portico.test',
      // The mails here belong to no tenant, so no tenant's sender is asked for.
      senderOf: () => Promise.resolve(null),
      logger: silent,
    });
    const distinct = 400;
    const toOnePerson = RECIPIENT_HOURLY_CAP + 5;
    for (let index = 0; index < distinct; index += 1) {
      await outbox.enqueueMail(database.handle.db, {
        tenantId: null,
        kind: 'invitation',
        fromName: 'Portico',
        to: `many-${index}@example.com`,
        subject: `Mail ${index}`,
        text: 'x',
        html: '<p>x</p>',
      });
    }
    for (let index = 0; index < toOnePerson; index += 1) {
      await outbox.enqueueMail(database.handle.db, {
        tenantId: null,
        kind: 'invitation',
        fromName: 'Portico',
        to: 'same@example.com',
        subject: `Same ${index}`,
        text: 'x',
        html: '<p>x</p>',
      });
    }
    const startedAt = performance.now();
    expect(await outbox.deliverDueMails()).toBe(distinct + toOnePerson);
    const seconds = (performance.now() - startedAt) / 1000;
    await vi.waitFor(() => expect(smtp.mails.length).toBeGreaterThanOrEqual(distinct + RECIPIENT_HOURLY_CAP), {
      timeout: 5_000,
      interval: 20,
    });
    transport.close();
    console.info(
      `outbox throughput (${databaseKind}): ${Math.round(distinct / seconds)} mails/s over ${POOL_SIZE} connections`,
    );

    const result = await database.handle.db.execute(sql`select to_address, message_id, status from outbox`);
    const rows = (result as { rows: { to_address: string; message_id: string; status: string }[] }).rows;
    const received = new Map(smtp.mails.map((mail) => [mail.messageId, mail]));
    expect(received.size).toBe(smtp.mails.length);
    for (const row of rows.filter((candidate) => candidate.to_address.startsWith('many-'))) {
      expect(row.status).toBe('sent');
      expect(received.get(row.message_id)?.to).toEqual([row.to_address]);
    }
    // The cap still holds under concurrency: the rest to the same person waits for the next hour.
    expect(smtp.mails.filter((mail) => mail.to[0] === 'same@example.com')).toHaveLength(RECIPIENT_HOURLY_CAP);
    expect(rows.filter((row) => row.to_address === 'same@example.com' && row.status === 'queued')).toHaveLength(5);
    expect(smtp.maxOpenConnections).toBeGreaterThan(1);
    expect(smtp.maxOpenConnections).toBeLessThanOrEqual(POOL_SIZE);
  });
});
