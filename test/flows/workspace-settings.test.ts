import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient, errorCodesOf, textOf, type Client } from '../support/browserless-client.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

/** The smallest valid PNG: 1 × 1 pixel. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const CLEAN_SVG =
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" ' +
  'height="10" fill="#0b5394"/></svg>';

const VALID = {
  name: 'Acme Makler',
  primaryColor: '#0b5394',
  senderName: 'Acme Kundenservice',
  replyTo: 'Service@Acme.example',
  invitationLifetimeDays: '14',
  defaultLanguage: 'de',
  sessionIdleMinutes: '30',
  sessionAbsoluteHours: '12',
};

describe(`broker settings in the workspace (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  let admin: Client;

  // Settings, logo and addresses belong to the tenant for good: each test starts from a new portal.
  beforeEach(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    await activatePerson(portal, acme, 'chefin@acme.example', 'staff_admin');
    await activatePerson(portal, acme, 'mitarbeiter@acme.example', 'staff_user');
    await activatePerson(portal, acme, 'kunde@example.com', 'policyholder');
    await activatePerson(portal, beta, 'chef@beta.example', 'staff_admin');
    admin = await logIn(portal, acme.origin, 'chefin@acme.example');
  });
  afterEach(() => portal.close());

  async function uploadPng(): Promise<void> {
    await admin.get('/admin/settings');
    const uploaded = await admin.upload(
      '/admin/settings/logo',
      {},
      { field: 'logo', filename: 'logo.png', type: 'image/png', data: PNG },
    );
    expect(uploaded.location).toBe('/admin/settings?logo-gespeichert');
  }

  it('is for administrators of the tenant only', async () => {
    expect((await createClient(portal.app, acme.origin).get('/admin/settings')).location).toBe('/login');
    const staffUser = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
    expect((await staffUser.get('/admin/settings')).status).toBe(404);
    expect((await staffUser.post('/admin/settings', VALID)).status).toBe(404);
    expect(textOf((await staffUser.get('/admin/people')).body)).not.toContain('Einstellungen');
    const customer = await logIn(portal, acme.origin, 'kunde@example.com');
    expect((await customer.get('/admin/settings')).status).toBe(404);
    const page = await admin.get('/admin/settings');
    expect(page.status).toBe(200);
    expect(page.body).toContain('value="Acme Versicherungsmakler GmbH"');
    expect(page.body).toContain('acme.portal.test');
    expect(page.body).not.toContain('beta.portal.test');
  });

  it('refuses a colour white text is hard to read on, and saves nothing of that form', async () => {
    await admin.get('/admin/settings');
    const refused = await admin.post('/admin/settings', { ...VALID, name: 'Neuer Name', primaryColor: '#ffd700' });
    expect(refused.status).toBe(422);
    expect(textOf(refused.body)).toContain('Kontrast 1,4 : 1, nötig sind mindestens 4,5 : 1');
    expect(refused.body).toContain('value="Neuer Name"');
    expect((await portal.services.tenants.findTenantById(acme.id))?.name).toBe('Acme Versicherungsmakler GmbH');
  });

  it('names every wrong field at once and keeps the values typed', async () => {
    await admin.get('/admin/settings');
    const refused = await admin.post('/admin/settings', {
      ...VALID,
      name: '',
      replyTo: 'keine adresse',
      invitationLifetimeDays: '90',
      defaultLanguage: 'fr',
    });
    expect(refused.status).toBe(422);
    expect(errorCodesOf(refused.body)).toEqual([
      'TENANT_NAME_INVALID',
      'REPLY_TO_INVALID',
      'INVITATION_LIFETIME_INVALID',
      'LANGUAGE_INVALID',
    ]);
    expect(refused.body).toContain('value="keine adresse"');
  });

  it('answers malformed submissions with 400, not an error page of the server', async () => {
    await admin.get('/admin/settings');
    expect((await admin.post('/admin/settings', { ...VALID, name: ['a', 'b'] })).status).toBe(400);
    const { name: _omitted, ...withoutName } = VALID;
    expect((await admin.post('/admin/settings', withoutName)).status).toBe(400);
    expect((await admin.post('/admin/settings', { ...VALID, senderName: 'x'.repeat(20_000) })).status).toBe(413);
    expect((await admin.post('/admin/settings', { ...VALID, senderName: 'Zeile\r\nBcc: x@evil.example' })).status).toBe(
      422,
    );
  });

  it('saves the settings, shows them at once and records who changed them', async () => {
    await admin.get('/admin/settings');
    const saved = await admin.post('/admin/settings', VALID);
    expect(saved.location).toBe('/admin/settings?gespeichert');
    const page = await admin.get(required(saved.location));
    expect(textOf(page.body)).toContain('Die Einstellungen sind gespeichert');
    expect(page.body).toContain('--brand:#0b5394');
    expect(textOf(page.body)).toContain('Acme Makler');
    const tenant = await portal.services.tenants.findTenantById(acme.id);
    expect(tenant).toMatchObject({
      name: 'Acme Makler',
      senderName: 'Acme Kundenservice',
      replyTo: 'Service@Acme.example',
      invitationLifetimeDays: 14,
    });
    const [event] = await portal.services.audit.listForTenant(acme.id, 1, { kind: 'settings.changed' });
    expect(event).toMatchObject({ kind: 'settings.changed', actorEmail: 'chefin@acme.example' });
    expect(event?.detail).toContain('Absendername');
  });

  it('sets the session timeouts and can require a second factor of all staff', async () => {
    await admin.get('/admin/settings');
    const refused = await admin.post('/admin/settings', {
      ...VALID,
      sessionIdleMinutes: '2',
      sessionAbsoluteHours: '48',
    });
    expect(refused.status).toBe(422);
    expect(errorCodesOf(refused.body)).toEqual(['SESSION_IDLE_INVALID', 'SESSION_ABSOLUTE_INVALID']);
    expect((await admin.post('/admin/settings', { ...VALID, requireStaffSecondFactor: 'ja' })).status).toBe(400);
    expect(
      (
        await admin.post('/admin/settings', {
          ...VALID,
          sessionIdleMinutes: '15',
          sessionAbsoluteHours: '8',
          requireStaffSecondFactor: 'on',
        })
      ).location,
    ).toBe('/admin/settings?gespeichert');
    expect(await portal.services.tenants.findTenantById(acme.id)).toMatchObject({
      sessionIdleMinutes: 15,
      sessionAbsoluteHours: 8,
      requireStaffSecondFactor: true,
    });
    // From now on the administrator, who has no second factor yet, is led to set one up first.
    expect((await admin.get('/admin/settings')).location).toBe('/profile/second-factor');
    // An unticked box switches it off again; the set-up page itself stays reachable meanwhile.
    await portal.services.tenants.updateTenantSettings('acme', { requireStaffSecondFactor: false });
    portal.services.tenants.forgetTenant(acme.id);
    await admin.get('/admin/settings');
    expect((await admin.post('/admin/settings', VALID)).location).toBe('/admin/settings?gespeichert');
    expect(await portal.services.tenants.findTenantById(acme.id)).toMatchObject({
      sessionIdleMinutes: 30,
      requireStaffSecondFactor: false,
    });
  });

  it("sends the broker's mails with the chosen sender name and reply-to address, valid for the chosen days", async () => {
    await admin.get('/admin/settings');
    expect((await admin.post('/admin/settings', VALID)).location).toBe('/admin/settings?gespeichert');
    await portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'neu@example.com',
      name: 'Nina Neu',
      role: 'policyholder',
    });
    await portal.deliverMail();
    const mail = await portal.smtp.waitForMail('neu@example.com');
    expect(mail.from).toContain('Acme Kundenservice');
    expect(mail.parsed.replyTo?.text.toLowerCase()).toBe('service@acme.example');
    expect(mail.text).toContain('14 Tage');
  });

  it('takes a PNG logo, serves it in a sandbox, and shows it in the header', async () => {
    await uploadPng();
    const login = await createClient(portal.app, acme.origin).get('/login');
    const src = /<img class="site-logo" src="([^"]+)" alt=""/.exec(login.body)?.[1];
    expect(src).toMatch(/^\/branding\/logo\?v=\d+$/);
    const logo = await portal.app.request(`${acme.origin}${src}`, { headers: { host: acme.host } });
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/png');
    expect(logo.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await logo.arrayBuffer()).equals(PNG)).toBe(true);
    // Another broker's host has no logo, and never this one.
    expect((await portal.app.request(`${beta.origin}/branding/logo`, { headers: { host: beta.host } })).status).toBe(
      404,
    );
  });

  it('refuses an SVG with a script, a file that is no image, and one that is too large', async () => {
    await uploadPng();
    await admin.get('/admin/settings');
    const scripted =
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="1" height="1"/></svg>';
    const withScript = await admin.upload(
      '/admin/settings/logo',
      {},
      { field: 'logo', filename: 'logo.svg', type: 'image/svg+xml', data: scripted },
    );
    expect(withScript.status).toBe(422);
    expect(errorCodesOf(withScript.body)).toEqual(['LOGO_MARKUP_FORBIDDEN']);
    const handler = await admin.upload(
      '/admin/settings/logo',
      {},
      {
        field: 'logo',
        filename: 'logo.svg',
        type: 'image/svg+xml',
        data: '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
      },
    );
    expect(handler.status).toBe(422);
    const entity = await admin.upload(
      '/admin/settings/logo',
      {},
      {
        field: 'logo',
        filename: 'logo.svg',
        type: 'image/svg+xml',
        data: '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
      },
    );
    expect(entity.status).toBe(422);
    const notImage = await admin.upload(
      '/admin/settings/logo',
      {},
      { field: 'logo', filename: 'logo.png', type: 'image/png', data: 'GIF89a....' },
    );
    expect(errorCodesOf(notImage.body)).toEqual(['LOGO_TYPE_INVALID']);
    const huge = await admin.upload(
      '/admin/settings/logo',
      {},
      { field: 'logo', filename: 'logo.png', type: 'image/png', data: Buffer.concat([PNG, Buffer.alloc(220 * 1024)]) },
    );
    expect(huge.status).toBe(422);
    expect(errorCodesOf(huge.body)).toEqual(['LOGO_TOO_LARGE']);
    const hugeBody = await admin.upload(
      '/admin/settings/logo',
      {},
      { field: 'logo', filename: 'logo.png', type: 'image/png', data: Buffer.alloc(400 * 1024) },
    );
    // Over the request's limit the file is not even read: back to the form, which names the limit.
    expect(hugeBody.status).toBe(303);
    expect(hugeBody.location).toBe('/admin/settings?logo-zu-gross');
    const tooLarge = (await admin.get(required(hugeBody.location))).body;
    expect(errorCodesOf(tooLarge)).toEqual(['LOGO_TOO_LARGE']);
    expect(textOf(tooLarge)).toContain('200 KB');
    // The PNG from before is still the logo.
    const logo = await portal.app.request(`${acme.origin}/branding/logo`, { headers: { host: acme.host } });
    expect(logo.headers.get('content-type')).toBe('image/png');
  });

  it('takes a clean SVG and removes the logo again', async () => {
    await admin.get('/admin/settings');
    expect(
      (
        await admin.upload(
          '/admin/settings/logo',
          {},
          { field: 'logo', filename: 'logo.svg', type: 'image/svg+xml', data: CLEAN_SVG },
        )
      ).status,
    ).toBe(303);
    const logo = await portal.app.request(`${acme.origin}/branding/logo`, { headers: { host: acme.host } });
    expect(logo.headers.get('content-type')).toBe('image/svg+xml');
    expect(await logo.text()).toContain('<rect');
    await admin.get('/admin/settings');
    expect((await admin.post('/admin/settings/logo/remove', {})).location).toBe('/admin/settings?logo-entfernt');
    expect((await portal.app.request(`${acme.origin}/branding/logo`, { headers: { host: acme.host } })).status).toBe(
      404,
    );
    expect((await createClient(portal.app, acme.origin).get('/login')).body).not.toContain('site-logo');
  });

  it('adds an address, makes it the one in mail links, and removes the old one', async () => {
    await admin.get('/admin/settings');
    const invalid = await admin.post('/admin/settings/hosts', { host: 'https://portal.acme.example/pfad' });
    expect(invalid.status).toBe(422);
    expect(errorCodesOf(invalid.body)).toEqual(['HOST_INVALID']);
    const taken = await admin.post('/admin/settings/hosts', { host: beta.host });
    expect(errorCodesOf(taken.body)).toEqual(['HOST_TAKEN']);
    expect((await admin.post('/admin/settings/hosts', { host: 'Portal.Acme.Example' })).location).toBe(
      '/admin/settings?adresse-hinzugefuegt',
    );
    expect((await createClient(portal.app, 'http://portal.acme.example').get('/login')).status).toBe(200);

    await admin.get('/admin/settings');
    const primaryRemoval = await admin.post('/admin/settings/hosts/remove', { host: acme.host });
    expect(primaryRemoval.status).toBe(422);
    expect(errorCodesOf(primaryRemoval.body)).toEqual(['HOST_IS_PRIMARY']);
    expect((await admin.post('/admin/settings/hosts/primary', { host: beta.host })).status).toBe(404);
    expect((await admin.post('/admin/settings/hosts/primary', { host: 'portal.acme.example' })).location).toBe(
      '/admin/settings?hauptadresse',
    );

    await portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'zweite@example.com',
      name: 'Zora Zwei',
      role: 'policyholder',
    });
    await portal.deliverMail();
    expect(linkFrom(await portal.smtp.waitForMail('zweite@example.com'), '/set-password')).toMatch(
      /^http:\/\/portal\.acme\.example\/set-password\?token=/,
    );

    // The staff's session belongs to the old host, which they may remove now.
    await admin.get('/admin/settings');
    expect((await admin.post('/admin/settings/hosts/remove', { host: acme.host })).location).toBe(
      '/admin/settings?adresse-entfernt',
    );
    expect((await createClient(portal.app, acme.origin).get('/login')).status).toBe(404);
    const events = await portal.services.audit.listForTenant(acme.id, 20, { kind: 'settings.changed' });
    expect(events.map((event) => event.detail)).toEqual(
      expect.arrayContaining([
        'Adresse hinzugefügt: portal.acme.example',
        'Hauptadresse: portal.acme.example',
        `Adresse entfernt: ${acme.host}`,
      ]),
    );
  });

  it("never lets one broker's staff change another's settings", async () => {
    await admin.get('/admin/settings');
    expect((await admin.post('/admin/settings/hosts', { host: 'portal.acme.example' })).location).toBe(
      '/admin/settings?adresse-hinzugefuegt',
    );
    const betaAdmin = await logIn(portal, beta.origin, 'chef@beta.example');
    await betaAdmin.get('/admin/settings');
    expect((await betaAdmin.post('/admin/settings/hosts/remove', { host: 'portal.acme.example' })).status).toBe(404);
    expect((await betaAdmin.post('/admin/settings/hosts/primary', { host: 'portal.acme.example' })).status).toBe(404);
    const page = await betaAdmin.get('/admin/settings');
    expect(page.body).not.toContain('portal.acme.example');
    expect(page.body).toContain('value="Beta Finanz KG"');
  });
});
