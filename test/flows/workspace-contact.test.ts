import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { createClient, textOf, type Client } from '../support/browserless-client.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

const VALID = {
  imprintUrl: 'https://www.acme.example/impressum',
  privacyUrl: 'https://www.acme.example/datenschutz',
  contactPhone: '+49 221 98765-0',
  contactEmail: 'Service@Acme.example',
  officeHours: 'Mo–Fr 9–17 Uhr',
  postalAddress: 'Domstraße 12\r\n\r\n50668 Köln',
};
const EMPTY = Object.fromEntries(Object.keys(VALID).map((key) => [key, ''])) as typeof VALID;

describe(`the broker's contact and legal pages (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  let admin: Client;

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    await activatePerson(portal, acme, 'chefin@acme.example', 'staff_admin');
    await activatePerson(portal, acme, 'mitarbeiter@acme.example', 'staff_user');
    await activatePerson(portal, acme, 'kunde@example.com', 'policyholder');
    await activatePerson(portal, beta, 'chef@beta.example', 'staff_admin');
    admin = await logIn(portal, acme.origin, 'chefin@acme.example');
  });
  afterAll(() => portal.close());

  const contactOf = async (tenantId: string) => (await portal.services.tenants.findTenantById(tenantId))?.contact;

  /** Acme's full contact and Beta's own, saved by the service: what a test of the pages and mails starts from. */
  async function saveContacts(betaContact: typeof VALID): Promise<void> {
    for (const [tenantId, contact] of [
      [acme.id, VALID],
      [beta.id, betaContact],
    ] as const) {
      const { problems } = await portal.services.tenantSettings.updateContact(tenantId, contact, {
        identityId: null,
        origin: CLI_ORIGIN,
      });
      expect(problems).toEqual([]);
    }
  }

  it('names every wrong field next to it, keeps what was typed and saves nothing', async () => {
    const before = await contactOf(acme.id);
    await admin.get('/admin/settings');
    const refused = await admin.post('/admin/settings/contact', {
      imprintUrl: 'http://www.acme.example/impressum',
      privacyUrl: 'javascript:alert(1)',
      contactPhone: '0221 / ABC',
      contactEmail: 'keine adresse',
      officeHours: 'x'.repeat(161),
      postalAddress: ['1', '2', '3', '4', '5', '6'].join('\n'),
    });
    expect(refused.status).toBe(422);
    for (const field of ['imprintUrl', 'privacyUrl', 'contactPhone', 'contactEmail', 'officeHours', 'postalAddress']) {
      expect(refused.body).toContain(`id="field-${field}-error"`);
      expect(refused.body).toMatch(new RegExp(`id="field-${field}"[^>]*aria-invalid="true"`));
    }
    expect(refused.body).toContain('value="0221 / ABC"');
    expect(refused.body).not.toContain('<script');
    expect(await contactOf(acme.id)).toEqual(before);
  });

  it('refuses with stable codes in the service', async () => {
    const { problems } = await portal.services.tenantSettings.updateContact(
      acme.id,
      {
        ...EMPTY,
        imprintUrl: 'http://www.acme.example/impressum',
        privacyUrl: 'https://user:secret@www.acme.example/',
        contactPhone: '12',
        postalAddress: `${'a'.repeat(81)}\nKöln`,
      },
      { identityId: null, origin: CLI_ORIGIN },
    );
    expect(problems.map((problem) => [problem.field, problem.code])).toEqual([
      ['imprintUrl', 'CONTACT_URL_NOT_HTTPS'],
      ['privacyUrl', 'CONTACT_URL_INVALID'],
      ['contactPhone', 'CONTACT_PHONE_INVALID'],
      ['postalAddress', 'CONTACT_ADDRESS_INVALID'],
    ]);
  });

  it('refuses a forged form and anyone but an administrator of the tenant', async () => {
    const before = await contactOf(acme.id);
    await admin.get('/admin/settings');
    expect((await admin.post('/admin/settings/contact', { ...VALID, _csrf: 'forged' })).status).toBe(403);
    const staffUser = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
    expect((await staffUser.post('/admin/settings/contact', VALID)).status).toBe(404);
    const customer = await logIn(portal, acme.origin, 'kunde@example.com');
    expect((await customer.post('/admin/settings/contact', VALID)).status).toBe(404);
    expect(await contactOf(acme.id)).toEqual(before);
  });

  it('saves, records who changed it and shows it in the footer of every page, the login included', async () => {
    // From an empty contact, later than any change another test made: the newest entry is this one's change.
    await portal.services.tenantSettings.updateContact(acme.id, EMPTY, { identityId: null, origin: CLI_ORIGIN });
    portal.clock.advance(1000);
    await admin.get('/admin/settings');
    const saved = await admin.post('/admin/settings/contact', VALID);
    expect(saved.location).toBe('/admin/settings?kontakt-gespeichert#kontakt');
    expect((await portal.services.tenants.findTenantById(acme.id))?.contact).toEqual({
      imprintUrl: 'https://www.acme.example/impressum',
      privacyUrl: 'https://www.acme.example/datenschutz',
      phone: '+49 221 98765-0',
      email: 'Service@Acme.example',
      officeHours: 'Mo–Fr 9–17 Uhr',
      postalAddress: 'Domstraße 12\n50668 Köln',
    });
    const [event] = await portal.services.audit.listForTenant(acme.id, 1, { kind: 'settings.changed' });
    expect(event).toMatchObject({ actorEmail: 'chefin@acme.example' });
    expect(event?.detail).toContain('Impressum');

    const login = await createClient(portal.app, acme.origin).get('/login');
    expect(login.body).toContain('<a href="https://www.acme.example/impressum">Impressum</a>');
    expect(login.body).toContain('<a href="https://www.acme.example/datenschutz">Datenschutz</a>');
    expect(login.body).toContain('href="tel:+49221987650"');

    const home = await (await logIn(portal, acme.origin, 'kunde@example.com')).get('/');
    const text = textOf(home.body);
    expect(text).toContain('So erreichen Sie Acme Versicherungsmakler GmbH');
    expect(text).toContain('Domstraße 12 50668 Köln');
    expect(text).toContain('Mo–Fr 9–17 Uhr');
    expect(home.body).toContain('href="mailto:Service@Acme.example"');
    expect(text).not.toMatch(/Kundennummer|Kundenzugang/);
  });

  it("keeps each broker's contact to its own portal", async () => {
    await saveContacts(EMPTY);
    const betaLogin = await createClient(portal.app, beta.origin).get('/login');
    expect(betaLogin.body).not.toContain('acme.example/impressum');
    expect(betaLogin.body).not.toContain('footer-links');
    const betaAdmin = await logIn(portal, beta.origin, 'chef@beta.example');
    await betaAdmin.get('/admin/settings');
    expect((await betaAdmin.get('/admin/settings')).body).not.toContain('acme.example');
    expect((await betaAdmin.post('/admin/settings/contact', { ...EMPTY, contactPhone: '030 1234567' })).status).toBe(
      303,
    );
    expect((await portal.services.tenants.findTenantById(beta.id))?.contact.phone).toBe('030 1234567');
    expect((await portal.services.tenants.findTenantById(acme.id))?.contact.phone).toBe('+49 221 98765-0');
  });

  it("closes every mail with the broker's name, phone, e-mail and Impressum, and leaves out what is unset", async () => {
    await saveContacts({ ...EMPTY, contactPhone: '030 1234567' });
    await portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'neu@example.com',
      name: 'Nina Neu',
      role: 'policyholder',
    });
    await portal.services.invitations.invite({
      tenantId: beta.id,
      email: 'neu@beta-kunde.example',
      name: 'Bea Neu',
      role: 'policyholder',
    });
    await portal.deliverMail();
    const acmeMail = await portal.smtp.waitForMail('neu@example.com');
    expect(acmeMail.text).toContain(
      'Acme Versicherungsmakler GmbH · Telefon +49 221 98765-0 · E-Mail Service@Acme.example\nImpressum: ' +
        'https://www.acme.example/impressum',
    );
    expect(acmeMail.html).toContain('href="tel:+49221987650"');
    expect(acmeMail.html).toContain('href="https://www.acme.example/impressum"');
    const betaMail = await portal.smtp.waitForMail('neu@beta-kunde.example');
    expect(betaMail.text).toContain('Beta Finanz KG · Telefon 030 1234567\n');
    expect(betaMail.text).not.toMatch(/Impressum|E-Mail Service/);
  });
});
