import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../../src/shared/clock.js';
import { createClient, personEntryOf, staffClientOn, textOf, type Client } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, PLATFORM_ORIGIN, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const PASSWORD = 'Lebenslauf prüfen 7!';
const BERLIN = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });

describe(`staff follow each invitation step by step (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };

  const staffClient = (): Promise<Client> => staffClientOn(portal.app, acme.origin, 'chefin@acme.example', PASSWORD);
  const entryOf = personEntryOf;

  async function entry(staff: Client, email: string, status = ''): Promise<string> {
    return entryOf((await staff.get(`/admin/people${status === '' ? '' : `?status=${status}`}`)).body, email);
  }

  async function invite(staff: Client, email: string, name: string): Promise<void> {
    expect(
      (await staff.post('/admin/people/invite', { email, name, kind: 'policyholder', grant: '', customers: '' }))
        .location,
    ).toBe('/admin/people?eingeladen');
  }

  async function linkTo(email: string): Promise<URL> {
    return new URL(linkFrom(await portal.smtp.waitForMail(email), '/set-password'));
  }

  async function idOf(email: string): Promise<string> {
    return required((await portal.services.people.listPeople(acme.id)).find((person) => person.email === email))
      .identityId;
  }

  async function setPassword(link: URL): Promise<void> {
    const browser = createClient(portal.app, acme.origin);
    await browser.get(link.pathname + link.search);
    expect(
      (
        await browser.post('/set-password', {
          token: required(link.searchParams.get('token')),
          password: PASSWORD,
          passwordConfirm: PASSWORD,
        })
      ).status,
    ).toBe(200);
  }

  function later(milliseconds = MINUTE): string {
    portal.clock.advance(milliseconds);
    return BERLIN.format(portal.clock.now());
  }

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
    await setPassword(await linkTo('chefin@acme.example'));
  });
  afterAll(() => portal.close());

  it('shows queued, sent, link opened, password set and first login as each happens, with Berlin times', async () => {
    const staff = await staffClient();
    const queuedAt = later();
    await invite(staff, 'lena@example.com', 'Lena Neumann');
    expect(await entry(staff, 'lena@example.com')).toContain(`Eingeladen Einladung in Warteschlange seit ${queuedAt}`);
    expect(await entry(staff, 'lena@example.com', 'queued')).toContain('Lena Neumann');
    expect(await entry(staff, 'lena@example.com', 'sent')).toBe('');

    const sentAt = later();
    await portal.deliverMail();
    expect(await entry(staff, 'lena@example.com')).toContain(
      `Einladung zugestellt (an den Mailserver übergeben) am ${sentAt}`,
    );
    expect(await entry(staff, 'lena@example.com', 'sent')).toContain('Lena Neumann');
    const link = await linkTo('lena@example.com');
    const token = required(link.searchParams.get('token'));
    // The link itself is never shown to staff.
    expect((await staff.get('/admin/people')).body).not.toContain(token);

    // A mail scanner's HEAD and a wrong or foreign token record nothing and answer as before.
    const person = createClient(portal.app, acme.origin);
    later();
    expect((await person.head(link.pathname + link.search)).status).toBe(200);
    expect((await person.get(`/set-password?token=${token.slice(0, -4)}AAAA`)).status).toBe(410);
    expect((await createClient(portal.app, PLATFORM_ORIGIN).get(link.pathname + link.search)).status).toBe(410);
    expect(await entry(staff, 'lena@example.com')).toContain(`am ${sentAt}`);

    const openedAt = later();
    expect((await person.get(link.pathname + link.search)).status).toBe(200);
    expect(await entry(staff, 'lena@example.com')).toContain(`Eingeladen Link geöffnet am ${openedAt}`);
    later();
    expect((await person.get(link.pathname + link.search)).status).toBe(200);
    expect(await entry(staff, 'lena@example.com', 'link_opened')).toContain(`Link geöffnet am ${openedAt}`);

    // Opening did not use the link up.
    const setAt = later();
    const saved = await person.post('/set-password', { token, password: PASSWORD, passwordConfirm: PASSWORD });
    expect(textOf(saved.body)).toContain('Ihr Passwort wurde gespeichert');
    expect(await entry(staff, 'lena@example.com')).toContain(`Aktiv Passwort gesetzt am ${setAt}`);
    expect(await entry(staff, 'lena@example.com', 'password_set')).toContain('Lena Neumann');

    const firstLoginAt = later();
    await person.get('/login');
    expect((await person.post('/login', { email: 'lena@example.com', password: PASSWORD })).status).toBe(303);
    expect(await entry(staff, 'lena@example.com')).toContain(`Erste Anmeldung am ${firstLoginAt}`);
    expect(await entry(staff, 'lena@example.com', 'password_set')).toBe('');

    later();
    const again = createClient(portal.app, acme.origin);
    await again.get('/login');
    expect((await again.post('/login', { email: 'lena@example.com', password: PASSWORD })).status).toBe(303);
    expect(await entry(staff, 'lena@example.com')).toContain(`Erste Anmeldung am ${firstLoginAt}`);
  });

  it("counts a login on the platform host once its handoff reaches the broker's host", async () => {
    const staff = await staffClient();
    await invite(staff, 'paul@example.com', 'Paul Plattform');
    await portal.deliverMail();
    await setPassword(await linkTo('paul@example.com'));
    expect(await entry(staff, 'paul@example.com')).toContain('Passwort gesetzt am');

    const platform = createClient(portal.app, PLATFORM_ORIGIN);
    await platform.get('/login');
    const handoff = new URL(
      required((await platform.post('/login', { email: 'paul@example.com', password: PASSWORD })).location),
    );
    expect(await entry(staff, 'paul@example.com')).toContain('Passwort gesetzt am');
    const arrivedAt = later(10_000);
    expect((await createClient(portal.app, acme.origin).get(handoff.pathname + handoff.search)).location).toBe('/');
    expect(await entry(staff, 'paul@example.com')).toContain(`Erste Anmeldung am ${arrivedAt}`);
  });

  it('shows a refused mail as failed with the reason', async () => {
    const staff = await staffClient();
    await invite(staff, 'falsch@example.com', 'Fritz Falsch');
    portal.smtp.setBehaviour({ kind: 'refuse', code: 550, message: '5.1.1 Recipient address rejected: User unknown' });
    try {
      await portal.deliverMail();
    } finally {
      portal.smtp.setBehaviour({ kind: 'accept' });
    }
    expect(await entry(staff, 'falsch@example.com', 'delivery_failed')).toContain(
      'Eingeladen Zustellung fehlgeschlagen: Der Mailserver des Empfängers kennt diese Adresse nicht oder ' +
        'nimmt für sie keine E-Mails an. Bitte prüfen Sie die Adresse. (Antwort des Mailservers: 550 Recipient ' +
        'address rejected: User unknown)',
    );
    expect(await entry(staff, 'falsch@example.com', 'sent')).toBe('');
  });

  it('shows a revoked invitation as revoked, whose link stops working, and a resend as a fresh start', async () => {
    const staff = await staffClient();
    await invite(staff, 'rita@example.com', 'Rita Rückzug');
    await portal.deliverMail();
    const link = await linkTo('rita@example.com');
    const revokedAt = later();
    expect((await staff.post(`/admin/people/${await idOf('rita@example.com')}/revoke`, {})).location).toBe(
      `/admin/people?widerrufen=${await idOf('rita@example.com')}`,
    );
    const revoked = await entry(staff, 'rita@example.com', 'invitation_revoked');
    expect(revoked).toContain(`Einladung widerrufen Einladung widerrufen am ${revokedAt}`);
    expect(revoked).toContain('Einladung erneut senden');
    expect(await entry(staff, 'rita@example.com', 'invitation_expired')).toBe('');

    // The revoked link records nothing and says it is no longer valid.
    expect((await createClient(portal.app, acme.origin).get(link.pathname + link.search)).status).toBe(410);
    expect(await entry(staff, 'rita@example.com')).toContain('Einladung widerrufen am');

    const resentAt = later();
    expect((await staff.post(`/admin/people/${await idOf('rita@example.com')}/resend`, {})).location).toBe(
      `/admin/people?erneut-gesendet=${await idOf('rita@example.com')}`,
    );
    expect(await entry(staff, 'rita@example.com')).toContain(`Eingeladen Einladung in Warteschlange seit ${resentAt}`);
  });

  it('shows an invitation past its lifetime as expired', async () => {
    const staff = await staffClient();
    await invite(staff, 'spaet@example.com', 'Sven Spät');
    await portal.deliverMail();
    const expiresAt = BERLIN.format(new Date(portal.clock.now().getTime() + 7 * DAY));
    later(7 * DAY + MINUTE);
    const late = await staffClient();
    const shown = await entry(late, 'spaet@example.com', 'invitation_expired');
    expect(shown).toContain(`Einladung abgelaufen Einladung abgelaufen am ${expiresAt}`);
  });
});
