import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../src/shared/clock.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

interface OutboxState {
  status: string;
  attempts: number;
  last_error: string | null;
  text_body: string | null;
  message_id: string;
}

describe(`outbox delivery against a real SMTP server (${databaseKind})`, () => {
  let portal: TestPortal;
  let tenantId: string;

  async function stateOf(email: string): Promise<OutboxState> {
    const result = await portal.runtime.database.db.execute(
      sql`select status, attempts, last_error, text_body, message_id from outbox where to_address = ${email} order by
        created_at desc limit 1`,
    );
    return required((result as { rows: OutboxState[] }).rows[0]);
  }

  async function invite(email: string): Promise<void> {
    await portal.services.invitations.invite({ tenantId, email, name: 'Olga Outbox', role: 'policyholder' });
  }

  beforeAll(async () => {
    portal = await createTestPortal({ smtpTimeouts: { connectMilliseconds: 2000, replyMilliseconds: 1500 } });
    tenantId = (await createTestTenant(portal)).id;
  });
  afterAll(() => portal.close());

  it('sends once, keeps the Message-ID and clears the link from the database', async () => {
    await invite('sent@example.com');
    const queued = await stateOf('sent@example.com');
    expect(queued.status).toBe('queued');
    expect(queued.text_body).toContain('/set-password?token=');
    await portal.deliverMail();
    const mail = await portal.smtp.waitForMail('sent@example.com');
    expect(mail.messageId).toBe(queued.message_id);
    const sent = await stateOf('sent@example.com');
    expect(sent.status).toBe('sent');
    expect(sent.text_body).toBeNull();
  });

  it('retries after a transient 421 and delivers when the server recovers', async () => {
    portal.smtp.setBehaviour({ kind: 'refuse', code: 421, message: 'Try again later' });
    await invite('later@example.com');
    await portal.deliverMail();
    const waiting = await stateOf('later@example.com');
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1 });
    expect(waiting.last_error).toContain('421');
    // Not due yet: nothing is attempted before the backoff has passed.
    expect(await portal.deliverMail()).toBe(0);
    portal.smtp.setBehaviour({ kind: 'accept' });
    portal.clock.advance(1 * MINUTE + 1000);
    expect(await portal.deliverMail()).toBe(1);
    await portal.smtp.waitForMail('later@example.com');
    expect((await stateOf('later@example.com')).status).toBe('sent');
  });

  it('gives up at once on a permanent 550 and lets an operator retry it', async () => {
    portal.smtp.setBehaviour({ kind: 'refuse', code: 550, message: 'No such user' });
    await invite('unknown-user@example.com');
    await portal.deliverMail();
    const failed = await stateOf('unknown-user@example.com');
    expect(failed.status).toBe('failed');
    expect(failed.last_error).toContain('550');
    const { undeliverable } = await portal.services.outbox.status();
    expect(undeliverable.map((mail) => mail.toAddress)).toContain('unknown-user@example.com');

    portal.smtp.setBehaviour({ kind: 'accept' });
    const id = required(undeliverable.find((mail) => mail.toAddress === 'unknown-user@example.com')).id;
    expect(await portal.services.outbox.retryMail(id)).toBe(true);
    expect(await portal.services.outbox.retryMail(id)).toBe(false);
    await portal.deliverMail();
    await portal.smtp.waitForMail('unknown-user@example.com');
  });

  it('times out on a server that never answers and tries again later', async () => {
    portal.smtp.setBehaviour({ kind: 'hang' });
    await invite('stuck@example.com');
    await portal.deliverMail();
    const waiting = await stateOf('stuck@example.com');
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1 });
    expect(waiting.last_error).toMatch(/timeout|timed out/i);
    portal.smtp.setBehaviour({ kind: 'accept' });
  });

  it('holds back mail to one address beyond the hourly cap instead of dropping it', async () => {
    portal.clock.advance(2 * 60 * MINUTE);
    for (let index = 0; index < 12; index += 1) {
      await portal.services.outbox.enqueueMail(portal.runtime.database.db, {
        tenantId,
        kind: 'invitation',
        fromName: 'Acme',
        to: 'flooded@example.com',
        subject: `Mail ${index}`,
        text: 'x',
        html: '<p>x</p>',
      });
    }
    await portal.deliverMail();
    const result = await portal.runtime.database.db.execute(
      sql`select status, count(*)::int as n from outbox where to_address = 'flooded@example.com' group by status order
        by status`,
    );
    const counts = Object.fromEntries(
      (result as { rows: { status: string; n: number }[] }).rows.map((row) => [row.status, row.n]),
    );
    expect(counts).toEqual({ queued: 2, sent: 10 });
  });
});
