import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, personEntryOf, staffClientOn, type Client } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const PASSWORD = 'Zustellung prüfen 5!';

describe(`staff see invitations that could not be delivered (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };

  const staffClient = (): Promise<Client> => staffClientOn(portal.app, acme.origin, 'chefin@acme.example', PASSWORD);
  const entryOf = personEntryOf;

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    await portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'chefin@acme.example',
      name: 'Chefin',
      role: 'staff_admin',
    });
    await portal.deliverMail();
    const link = new URL(linkFrom(await portal.smtp.waitForMail('chefin@acme.example'), '/set-password'));
    const client = createClient(portal.app, acme.origin);
    await client.get(link.pathname + link.search);
    await client.post('/set-password', {
      token: required(link.searchParams.get('token')),
      password: PASSWORD,
      passwordConfirm: PASSWORD,
    });
  });
  afterAll(() => portal.close());

  it('shows a refused invitation with the reason and sends it again from the list', async () => {
    const staff = await staffClient();
    expect(
      (
        await staff.post('/admin/people/invite', {
          email: 'tippfehler@example.com',
          name: 'Tim Tippfehler',
          kind: 'policyholder',
          grant: '',
          customers: '',
        })
      ).status,
    ).toBe(303);
    expect(entryOf((await staff.get('/admin/people')).body, 'tippfehler@example.com')).not.toContain(
      'Zustellung fehlgeschlagen',
    );

    portal.smtp.setBehaviour({ kind: 'refuse', code: 550, message: '5.1.1 Recipient address rejected: User unknown' });
    await portal.deliverMail();
    portal.smtp.setBehaviour({ kind: 'accept' });
    const entry = entryOf((await staff.get('/admin/people')).body, 'tippfehler@example.com');
    expect(entry).toContain('Eingeladen');
    expect(entry).toContain(
      'Zustellung fehlgeschlagen: Der Mailserver des Empfängers kennt diese Adresse nicht oder nimmt für sie ' +
        'keine E-Mails an. Bitte prüfen Sie die Adresse. (Antwort des Mailservers: 550 Recipient address ' +
        'rejected: User unknown)',
    );
    expect(entry).toContain('Einladung erneut senden');
    expect(entryOf((await staff.get('/admin/people')).body, 'chefin@acme.example')).not.toContain('Zustellung');

    const tim = required(
      (await portal.services.people.listPeople(acme.id)).find((person) => person.email === 'tippfehler@example.com'),
    );
    portal.clock.advance(61_000);
    const resent = await staff.post(`/admin/people/${tim.identityId}/resend`, {});
    expect(resent.location).toBe(`/admin/people?erneut-gesendet=${tim.identityId}`);
    expect(entryOf((await staff.get('/admin/people')).body, 'tippfehler@example.com')).not.toContain(
      'Zustellung fehlgeschlagen',
    );
    await portal.deliverMail();
    expect((await portal.smtp.waitForMail('tippfehler@example.com')).subject).toContain('Acme');
  });

  it('shows a mail given up after the last retry as abandoned', async () => {
    const staff = await staffClient();
    await staff.post('/admin/people/invite', {
      email: 'stumm@example.com',
      name: 'Stefan Stumm',
      kind: 'policyholder',
      grant: '',
      customers: '',
    });
    // Two days of 421 replies, shortened: the last retry's outcome is what the staff see.
    await portal.database.handle.db.execute(
      sql`update outbox set status = 'abandoned', attempts = 48, last_error =
        ${"Can't send mail - all recipients were rejected: 421 4.7.0 Try again later"} where to_address =
          'stumm@example.com'`,
    );
    const entry = entryOf((await staff.get('/admin/people')).body, 'stumm@example.com');
    expect(entry).toContain(
      'Zustellung fehlgeschlagen: Nach zwei Tagen mit wiederholten Versuchen aufgegeben. Der Mailserver des ' +
        'Empfängers hat die E-Mail vorübergehend abgewiesen. (Antwort des Mailservers: 421 Try again later)',
    );
  });
});
