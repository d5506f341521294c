import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, errorCodesOf, textOf, type Client } from '../support/browserless-client.js';
import { ACCOUNT_PASSWORD, activatePerson } from '../support/accounts.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

describe(`own account: change of e-mail address (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };

  async function logIn(email: string): Promise<Client> {
    const client = createClient(portal.app, acme.origin);
    await client.get('/login');
    expect((await client.post('/login', { email, password: ACCOUNT_PASSWORD })).status).toBe(303);
    await client.get('/profile');
    return client;
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    await activatePerson(portal, acme, 'alt@example.com', 'policyholder');
    await activatePerson(portal, acme, 'belegt@example.com', 'policyholder');
    await activatePerson(portal, acme, 'wechsel@example.com', 'policyholder');
  });
  afterAll(() => portal.close());

  it('changes the address only after the link at the new address is used, and tells the old one', async () => {
    const client = await logIn('alt@example.com');
    const wrong = await client.post('/profile/email', { newEmail: 'neu@example.com', currentPassword: 'Falsch 123!' });
    expect(wrong.status).toBe(401);
    expect(errorCodesOf(wrong.body)).toEqual(['CURRENT_PASSWORD_WRONG']);
    const invalid = await client.post('/profile/email', {
      newEmail: 'kein-at-zeichen',
      currentPassword: ACCOUNT_PASSWORD,
    });
    expect(invalid.status).toBe(422);
    expect(errorCodesOf(invalid.body)).toEqual(['EMAIL_INVALID']);
    const same = await client.post('/profile/email', {
      newEmail: 'alt@example.com',
      currentPassword: ACCOUNT_PASSWORD,
    });
    expect(same.status).toBe(422);
    expect(errorCodesOf(same.body)).toEqual(['EMAIL_UNCHANGED']);
    const requested = await client.post('/profile/email', {
      newEmail: 'Neu@Example.com',
      currentPassword: ACCOUNT_PASSWORD,
    });
    expect(requested.location).toBe('/profile?email-change-requested');
    const tooSoon = await client.post('/profile/email', {
      newEmail: 'neu2@example.com',
      currentPassword: ACCOUNT_PASSWORD,
    });
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.headers.get('retry-after')).toBe('60');
    expect(errorCodesOf(tooSoon.body)).toEqual(['EMAIL_CHANGE_TOO_SOON']);

    await portal.deliverMail();
    const mail = await portal.smtp.waitForMail('neu@example.com');
    const link = new URL(linkFrom(mail, '/confirm-email-change'));
    expect(link.origin).toBe(acme.origin);
    // Until the link is used, nothing has changed; GET changes nothing either.
    expect(textOf((await client.get(link.pathname + link.search)).body)).toContain('Neu@Example.com');
    expect(textOf((await client.get('/profile')).body)).toContain('alt@example.com');
    const done = await client.post('/confirm-email-change', { token: required(link.searchParams.get('token')) });
    expect(done.status).toBe(200);
    expect(textOf((await client.get('/profile')).body)).toContain('Neu@Example.com');
    expect(
      (await client.post('/confirm-email-change', { token: required(link.searchParams.get('token')) })).status,
    ).toBe(410);

    await portal.deliverMail();
    expect((await portal.smtp.waitForMail('alt@example.com')).subject).toBe('Ihre E-Mail-Adresse wurde geändert');
    const fresh = createClient(portal.app, acme.origin);
    await fresh.get('/login');
    expect((await fresh.post('/login', { email: 'neu@example.com', password: ACCOUNT_PASSWORD })).status).toBe(303);
    expect((await portal.services.audit.listForTenant(acme.id, 100)).map((event) => event.kind)).toEqual(
      expect.arrayContaining(['email.change_requested', 'email.changed']),
    );
  });

  it("answers the same for an address of another account, and tells that account's owner instead", async () => {
    const client = await logIn('wechsel@example.com');
    const taken = await client.post('/profile/email', {
      newEmail: 'belegt@example.com',
      currentPassword: ACCOUNT_PASSWORD,
    });
    expect(taken.status).toBe(303);
    expect(taken.location).toBe('/profile?email-change-requested');
    await portal.deliverMail();
    const notice = await portal.smtp.waitForMail('belegt@example.com');
    expect(notice.text).toContain('wurde nichts geändert');
    expect(notice.text).not.toContain('/confirm-email-change');
    expect(textOf((await client.get('/profile')).body)).toContain('wechsel@example.com');
  });
});
