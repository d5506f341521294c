import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../../src/shared/clock.js';
import { activatePerson } from '../support/accounts.js';
import { createClient, textOf, type Client } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, PLATFORM_ORIGIN, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const OLD_PASSWORD = 'Alter Apfelbaum 1!';
const NEW_PASSWORD = 'Neuer Birnbaum 2?';

describe(`forgot password (${databaseKind})`, () => {
  let portal: TestPortal;
  let tenant: { id: string; host: string; origin: string };

  async function setPasswordThroughLink(client: Client, link: string, password: string): Promise<string> {
    const url = new URL(link);
    await client.get(url.pathname + url.search);
    const response = await client.post('/set-password', {
      token: required(url.searchParams.get('token')),
      password,
      passwordConfirm: password,
    });
    return textOf(response.body);
  }

  async function requestReset(origin: string, email: string): Promise<string> {
    const client = createClient(portal.app, origin);
    expect((await client.get('/forgot-password')).status).toBe(200);
    const response = await client.post('/forgot-password', { email });
    expect(response.status).toBe(200);
    return textOf(response.body);
  }

  async function logIn(origin: string, email: string, password: string): Promise<{ client: Client; status: number }> {
    const client = createClient(portal.app, origin);
    await client.get('/login');
    const response = await client.post('/login', { email, password });
    return { client, status: response.status };
  }

  /** A person of the tenant who has set a password; each test has its own, so none depends on another's. */
  const personWithPassword = (email: string) =>
    activatePerson(portal, tenant, email, 'policyholder', { password: OLD_PASSWORD });

  beforeAll(async () => {
    portal = await createTestPortal();
    tenant = await createTestTenant(portal);
  });
  afterAll(() => portal.close());

  it('answers the same for known and unknown addresses, and mails a one-hour link to the known one', async () => {
    await personWithPassword('known@example.com');
    const known = await requestReset(tenant.origin, 'known@example.com');
    const unknown = await requestReset(tenant.origin, 'nobody@example.com');
    expect(unknown).toBe(known);
    expect(known).toContain('Wenn zu dieser Adresse ein Zugang besteht');
    expect(await portal.deliverMail()).toBe(1);
    const mail = await portal.smtp.waitForMail('known@example.com');
    expect(mail.subject).toBe('Neues Passwort für das Kundenportal von Acme Versicherungsmakler GmbH');
    expect(mail.text).toContain('1 Stunde gültig');
    expect(linkFrom(mail, '/set-password').startsWith(`${tenant.origin}/set-password?token=`)).toBe(true);
  });

  it('sets the new password, ends every open session and tells the address', async () => {
    await personWithPassword('changed@example.com');
    const before = await logIn(tenant.origin, 'changed@example.com', OLD_PASSWORD);
    expect(before.status).toBe(303);
    portal.clock.advance(61_000);
    await requestReset(tenant.origin, 'changed@example.com');
    await portal.deliverMail();
    const link = linkFrom(await portal.smtp.waitForMail('changed@example.com'), '/set-password');
    const page = createClient(portal.app, tenant.origin);
    expect(textOf((await page.get(new URL(link).pathname + new URL(link).search)).body)).toContain(
      'Neues Passwort festlegen',
    );
    expect(await setPasswordThroughLink(page, link, NEW_PASSWORD)).toContain('Ihr Passwort wurde gespeichert');

    expect((await before.client.get('/')).location).toBe('/login');
    await portal.deliverMail();
    const notice = await portal.smtp.waitForMail('changed@example.com');
    expect(notice.subject).toBe('Ihr Passwort wurde geändert');
    expect(notice.text).not.toContain('/set-password');
    expect((await logIn(tenant.origin, 'changed@example.com', OLD_PASSWORD)).status).toBe(401);
    expect((await logIn(tenant.origin, 'changed@example.com', NEW_PASSWORD)).status).toBe(303);
  });

  it('sends at most one link a minute, and a link expires after an hour', async () => {
    await personWithPassword('minute@example.com');
    portal.clock.advance(61_000);
    await requestReset(tenant.origin, 'minute@example.com');
    await requestReset(tenant.origin, 'minute@example.com');
    expect(await portal.deliverMail()).toBe(1);
    const link = new URL(linkFrom(await portal.smtp.waitForMail('minute@example.com'), '/set-password'));
    portal.clock.advance(HOUR + 1000);
    const expired = await createClient(portal.app, tenant.origin).get(link.pathname + link.search);
    expect(expired.status).toBe(410);
    expect(textOf(expired.body)).toContain('abgelaufen');
  });

  it('sends the invitation again to a person who never set a password', async () => {
    await portal.services.invitations.invite({
      tenantId: tenant.id,
      email: 'pending@example.com',
      name: 'Pia Offen',
      role: 'policyholder',
    });
    await portal.deliverMail();
    await portal.smtp.waitForMail('pending@example.com');
    portal.clock.advance(61_000);
    await requestReset(tenant.origin, 'pending@example.com');
    await portal.deliverMail();
    const mail = await portal.smtp.waitForMail('pending@example.com');
    expect(mail.subject).toContain('Ihr Zugang zum Kundenportal');
  });

  it('works on the platform host with a link on the platform host', async () => {
    await personWithPassword('platform@example.com');
    portal.clock.advance(61_000);
    await requestReset(PLATFORM_ORIGIN, 'platform@example.com');
    await portal.deliverMail();
    const link = linkFrom(await portal.smtp.waitForMail('platform@example.com'), '/set-password');
    expect(link.startsWith(`${PLATFORM_ORIGIN}/set-password?token=`)).toBe(true);
    const onTenant = await createClient(portal.app, tenant.origin).get(new URL(link).pathname + new URL(link).search);
    expect(onTenant.status).toBe(410);
    expect(
      await setPasswordThroughLink(createClient(portal.app, PLATFORM_ORIGIN), link, 'Dritter Kirschbaum 3#'),
    ).toContain('Ihr Passwort wurde gespeichert');
    expect((await logIn(PLATFORM_ORIGIN, 'platform@example.com', 'Dritter Kirschbaum 3#')).status).toBe(303);
  });
});
