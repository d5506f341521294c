import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOutboxService } from '../../src/modules/outbox/outbox-service.js';
import { createDevMailboxTransport } from '../../src/modules/outbox/mail-transport.js';
import { systemClock } from '../../src/shared/clock.js';
import { createClient, textOf } from '../support/browserless-client.js';
import { processApp } from '../support/process-app.js';
import { invite, runBeforeStart, tenantCreate } from '../support/process-commands.js';
import { startPorticoProcess, type PorticoProcess } from '../support/portico-process.js';
import { linkFrom, startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';
import { createTestDatabase, databaseKind, type TestDatabase } from '../support/test-database.js';
import { required } from '../../src/shared/required.js';

const PASSWORD = 'Zwei Prozesse, ein Konto 7!';
const ORIGIN = 'http://acme.localhost';
/** A worker polls the outbox every second; a negative (nothing sent) needs more than two polls to mean anything. */
const WORKER_POLLS_TWICE_MILLISECONDS = 2_500;

/** Several Portico processes on one PostgreSQL database, each a real process, as behind a load balancer. */
describe.skipIf(databaseKind !== 'postgres')('two Portico processes on one PostgreSQL', () => {
  let smtp: SmtpReceiver;
  let database: TestDatabase;
  let running: PorticoProcess[] = [];

  /** Commits mails in one transaction, as a burst of changes would; whichever process is free claims them. */
  async function enqueueBurst(prefix: string, count: number): Promise<string[]> {
    const outbox = createOutboxService({
      db: database.handle.db,
      clock: systemClock,
      transport: createDevMailboxTransport({ db: database.handle.db, clock: systemClock }),
      mailFrom: 'portal@portico.test',
      // The mails here belong to no tenant, so no tenant's sender is asked for.
      senderOf: () => Promise.resolve(null),
      logger: pino({ level: 'silent' }),
    });
    const addresses = Array.from({ length: count }, (_, index) => `${prefix}-${index}@example.com`);
    await database.handle.db.transaction(async (tx) => {
      for (const to of addresses) {
        await outbox.enqueueMail(tx, {
          tenantId: null,
          kind: 'invitation',
          fromName: 'Acme',
          to,
          subject: `Mail an ${to}`,
          text: 'x',
          html: '<p>x</p>',
        });
      }
    });
    return addresses;
  }

  async function expectEachDeliveredOnce(addresses: string[]): Promise<void> {
    const mailsTo = (address: string) => smtp.mails.filter((mail) => mail.to.includes(address));
    // A mail is marked sent only after the SMTP server took it, and the receiver records a mail before it
    // answers: once every row of the burst is marked, no second send can still be on its way.
    const wanted = new Set(addresses);
    await vi.waitFor(
      async () => {
        const result = (await database.handle.db.execute(
          sql`select to_address from outbox where status <> 'sent'`,
        )) as { rows: { to_address: string }[] };
        expect(
          result.rows.filter((row) => wanted.has(row.to_address)),
          'mails of the burst not yet sent',
        ).toEqual([]);
        expect(
          addresses.filter((address) => mailsTo(address).length === 0),
          'not yet received',
        ).toEqual([]);
      },
      { timeout: 30_000, interval: 50 },
    );
    for (const address of addresses) {
      expect(mailsTo(address), address).toHaveLength(1);
    }
  }

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    database = await createTestDatabase();
    await runBeforeStart({ database, dataDir: '', smtpUrl: smtp.url }, [
      tenantCreate('acme', 'acme.localhost'),
      invite('acme', 'shared@example.com'),
    ]);
  });
  afterEach(async () => {
    await Promise.all(running.map((process) => process.stop()));
    running = [];
  });
  afterAll(async () => {
    await database.drop();
    await smtp.close();
  });

  it('delivers every mail exactly once with `start --no-worker` serving and `portico worker` delivering', async () => {
    smtp.setBehaviour({ kind: 'slow', milliseconds: 20 });
    const web = await startPorticoProcess({ smtpUrl: smtp.url, database, args: ['start', '--no-demo', '--no-worker'] });
    running.push(web);
    const before = smtp.mails.length;
    await enqueueBurst('web-only', 10);
    // Only the serving process runs: nothing goes out in more than two of a worker's one-second polls.
    await new Promise((resolve) => setTimeout(resolve, WORKER_POLLS_TWICE_MILLISECONDS));
    expect(smtp.mails.length).toBe(before);

    const worker = await startPorticoProcess({ smtpUrl: smtp.url, database, args: ['worker'] });
    running.push(worker);
    const second = await startPorticoProcess({ smtpUrl: smtp.url, database, args: ['worker'] });
    running.push(second);
    await expectEachDeliveredOnce([
      ...Array.from({ length: 10 }, (_, index) => `web-only-${index}@example.com`),
      ...(await enqueueBurst('workers', 150)),
    ]);
  }, 120_000);

  it('shares outbox, sessions and login throttling between two full processes', async () => {
    smtp.setBehaviour({ kind: 'slow', milliseconds: 20 });
    const [first, second] = await Promise.all([
      startPorticoProcess({ smtpUrl: smtp.url, database }),
      startPorticoProcess({ smtpUrl: smtp.url, database }),
    ]);
    running.push(first, second);
    await expectEachDeliveredOnce(await enqueueBurst('pair', 150));

    // The invitation queued before the start went out through one of them; the password is set on the first.
    const link = new URL(
      linkFrom(await smtp.waitForMail('shared@example.com', { timeoutMilliseconds: 20_000 }), '/set-password'),
    );
    const onFirst = createClient(processApp(first.port), ORIGIN);
    await onFirst.get(link.pathname + link.search);
    expect(
      (
        await onFirst.post('/set-password', {
          token: required(link.searchParams.get('token')),
          password: PASSWORD,
          passwordConfirm: PASSWORD,
        })
      ).status,
    ).toBe(200);

    // A login on the first process is a session on the second.
    await onFirst.get('/login');
    expect((await onFirst.post('/login', { email: 'shared@example.com', password: PASSWORD })).status).toBe(303);
    const onSecond = createClient(processApp(second.port), ORIGIN);
    expect((await onSecond.get('/')).location).toBe('/login');
    for (const [name, value] of onFirst.cookies) {
      onSecond.cookies.set(name, value);
    }
    const home = await onSecond.get('/');
    expect(home.status).toBe(200);
    expect(textOf(home.body)).toContain('Person shared');

    // Wrong passwords spread over both processes add up to one lock.
    for (let index = 0; index < 6; index += 1) {
      const client = createClient(processApp((index % 2 === 0 ? first : second).port), ORIGIN);
      await client.get('/login');
      expect((await client.post('/login', { email: 'shared@example.com', password: `Falsch ${index}!` })).status).toBe(
        401,
      );
    }
    for (const process of [first, second]) {
      const client = createClient(processApp(process.port), ORIGIN);
      await client.get('/login');
      expect((await client.post('/login', { email: 'shared@example.com', password: PASSWORD })).status).toBe(401);
    }
  }, 120_000);
});
