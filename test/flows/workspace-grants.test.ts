import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, errorCodesOf, textOf, type Client } from '../support/browserless-client.js';
import { ACCOUNT_PASSWORD, activatePerson, logIn } from '../support/accounts.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const FAMILY = {
  name: 'Familie Berg',
  kind: 'customer',
  customers: '200001, 200002',
  includeClaims: 'on',
  linesOfBusiness: 'Kfz, Hausrat',
  documentProfile: '',
  responsibleStaffId: '',
};

describe(`Freischaltungen in the workspace (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  let staff: Client;

  /** A grant of this test's own, so that no test depends on what another one created. */
  async function createFamilyGrant(name: string): Promise<string> {
    return (await portal.services.grants.createGrant(acme.id, { name, kind: 'customer', customerNumbers: ['200001'] }))
      .id;
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    await activatePerson(portal, acme, 'mitarbeiter@acme.example', 'staff_user');
    await activatePerson(portal, beta, 'chef@beta.example', 'staff_admin');
    // Known already, with a password, through another broker.
    await activatePerson(portal, beta, 'bekannt@example.com', 'policyholder');
    staff = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
  });
  afterAll(() => portal.close());

  it('creates a grant with its numbers, options and Betreuer, and names every problem', async () => {
    await staff.get('/admin/grants');
    const refused = await staff.post('/admin/grants', { ...FAMILY, name: ' ', linesOfBusiness: '<b>' });
    expect(refused.status).toBe(422);
    expect(errorCodesOf(refused.body)).toContain('LINES_OF_BUSINESS_INVALID');
    expect((await staff.post('/admin/grants', { ...FAMILY, includeClaims: 'ja' })).status).toBe(400);
    expect((await staff.post('/admin/grants', { ...FAMILY, kind: 'admin' })).status).toBe(400);
    const badNumber = await staff.post('/admin/grants', { ...FAMILY, customers: '200001, <x>' });
    expect(errorCodesOf(badNumber.body)).toEqual(['CUSTOMER_NUMBER_INVALID']);
    const staffId = required(
      (await portal.services.people.listPeople(acme.id)).find((person) => person.email === 'mitarbeiter@acme.example'),
    ).identityId;
    const created = await staff.post('/admin/grants', { ...FAMILY, responsibleStaffId: staffId });
    const grantId = required(required(/\/admin\/grants\/([0-9a-f-]{36})\?angelegt/.exec(created.location ?? ''))[1]);
    expect(await portal.services.grants.getGrant(acme.id, grantId)).toMatchObject({
      name: 'Familie Berg',
      kind: 'customer',
      customerNumbers: ['200001', '200002'],
      includeClaims: true,
      shareCases: false,
      restrictedLinesOfBusiness: ['Kfz', 'Hausrat'],
      responsibleStaffId: staffId,
    });
    await staff.get('/admin/grants');
    const twice = await staff.post('/admin/grants', FAMILY);
    expect(errorCodesOf(twice.body)).toEqual(['GRANT_NAME_TAKEN']);
    expect(
      (
        await staff.post('/admin/grants', {
          ...FAMILY,
          name: 'Andere',
          responsibleStaffId: '00000000-0000-0000-0000-000000000000',
        })
      ).status,
    ).toBe(422);
  });

  it("sets an intermediary grant's 'Datenschutzhinweis bei Kunden anlegen verpflichtend' and clears it", async () => {
    const grant = await portal.services.grants.createGrant(acme.id, {
      name: 'Agentur Nord',
      kind: 'intermediary',
      customerNumbers: ['V-7'],
    });
    const page = await staff.get(`/admin/grants/${grant.id}`);
    expect(page.body).toContain('name="customerAddNeedsPrivacyNotice"');
    const values = { ...FAMILY, kind: 'intermediary', name: 'Agentur Nord', customers: 'V-7' };
    const saved = await staff.post(`/admin/grants/${grant.id}`, { ...values, customerAddNeedsPrivacyNotice: 'on' });
    expect(saved.location).toBe(`/admin/grants/${grant.id}?gespeichert`);
    expect(await portal.services.grants.getGrant(acme.id, grant.id)).toMatchObject({
      customerAddNeedsPrivacyNotice: true,
    });
    expect((await staff.get(`/admin/grants/${grant.id}`)).body).toMatch(
      /<input type="checkbox" id="field-customerAddNeedsPrivacyNotice" name="customerAddNeedsPrivacyNotice" checked=""/,
    );
    await staff.post(`/admin/grants/${grant.id}`, values);
    expect(await portal.services.grants.getGrant(acme.id, grant.id)).toMatchObject({
      customerAddNeedsPrivacyNotice: false,
    });
    // A customer grant's page does not offer it.
    expect((await staff.get(`/admin/grants/${await createFamilyGrant('Familie Ohne')}`)).body).not.toContain(
      'customerAddNeedsPrivacyNotice',
    );
  });

  it('finds grants by name and by customer number', async () => {
    await portal.services.grants.createGrant(acme.id, {
      name: 'Familie Nordberg',
      kind: 'customer',
      customerNumbers: ['400001'],
    });
    await portal.services.grants.createGrant(acme.id, {
      name: 'Firma Stein GmbH',
      kind: 'customer',
      customerNumbers: ['300001'],
    });
    const byName = textOf((await staff.get('/admin/grants?suche=nordberg')).body);
    expect(byName).toContain('Familie Nordberg');
    expect(byName).not.toContain('Firma Stein');
    expect(textOf((await staff.get('/admin/grants?suche=300001')).body)).toContain('Firma Stein GmbH');
  });

  it('changes a grant at once and applies a profile by copying its options', async () => {
    const grantId = await createFamilyGrant('Familie Tal');
    await staff.get(`/admin/grants/${grantId}`);
    const saved = await staff.post(`/admin/grants/${grantId}`, {
      ...FAMILY,
      name: 'Familie Tal-Berg',
      customers: '200001',
      shareCases: 'on',
    });
    expect(saved.location).toBe(`/admin/grants/${grantId}?gespeichert`);
    expect(await portal.services.grants.getGrant(acme.id, grantId)).toMatchObject({
      name: 'Familie Tal-Berg',
      customerNumbers: ['200001'],
      shareCases: true,
    });
    const profile = await portal.services.profiles.save(
      acme.id,
      null,
      {
        name: 'Nur Dokumente',
        includeClaims: false,
        includeReferenceAddresses: true,
        shareCases: false,
        shareContractsAutomatically: true,
        linesOfBusiness: 'Leben',
        documentProfile: 'Nur Policen',
        separateGrantPerInvitee: false,
        delegatedProfileIds: [],
      },
      { identityId: null, origin: { client: 'cli', userAgent: null } },
    );
    await staff.get(`/admin/grants/${grantId}`);
    expect(
      (await staff.post(`/admin/grants/${grantId}/apply-profile`, { profileId: (profile as { id: string }).id }))
        .location,
    ).toBe(`/admin/grants/${grantId}?profil-angewendet`);
    expect(await portal.services.grants.getGrant(acme.id, grantId)).toMatchObject({
      includeClaims: false,
      includeReferenceAddresses: true,
      shareCases: false,
      shareContractsAutomatically: true,
      restrictedLinesOfBusiness: ['Leben'],
      documentProfile: 'Nur Policen',
      customerNumbers: ['200001'],
    });
    const [event] = await portal.services.audit.listForTenant(acme.id, 1, {
      kind: 'grant.changed',
      email: 'mitarbeiter@acme.example',
    });
    expect(event).toBeDefined();
  });

  it('shares a grant with a new address and a known one (answered alike, access at once), and removing ends the access in open sessions', async () => {
    const grantId = await createFamilyGrant('Familie Weg');
    await staff.get(`/admin/grants/${grantId}`);
    expect(
      (
        await staff.post(`/admin/grants/${grantId}/people`, {
          email: 'neu@example.com',
          name: 'Nina Neu',
          kind: 'policyholder',
        })
      ).location,
    ).toBe(`/admin/grants/${grantId}?eingeladen`);
    expect(
      (
        await staff.post(`/admin/grants/${grantId}/people`, {
          email: 'bekannt@example.com',
          name: 'Bernd Bekannt',
          kind: 'policyholder',
        })
      ).location,
    ).toBe(`/admin/grants/${grantId}?eingeladen`);
    const badAddress = await staff.post(`/admin/grants/${grantId}/people`, {
      email: 'kaputt',
      name: 'K',
      kind: 'policyholder',
    });
    expect(badAddress.status).toBe(422);
    expect(errorCodesOf(badAddress.body)).toEqual(['EMAIL_INVALID']);
    expect(badAddress.body).toContain('id="field-share-email-error"');
    const wrongKind = await staff.post(`/admin/grants/${grantId}/people`, {
      email: 'v@example.com',
      name: 'V',
      kind: 'intermediary',
    });
    expect(wrongKind.status).toBe(422);
    expect(errorCodesOf(wrongKind.body)).toEqual(['GRANT_KIND_MISMATCH']);
    await portal.deliverMail();
    expect(linkFrom(await portal.smtp.waitForMail('neu@example.com'), '/set-password')).toContain('acme.portal.test');
    expect((await portal.smtp.waitForMail('bekannt@example.com')).text).not.toContain('/set-password');
    const page = textOf((await staff.get(`/admin/grants/${grantId}`)).body);
    // Until Bernd logs in here, this broker sees him as it sees a new address.
    expect(page).toContain('bekannt@example.com · Eingeladen');
    expect(page).toContain('neu@example.com · Eingeladen');

    const bernd = await logIn(portal, acme.origin, 'bekannt@example.com', ACCOUNT_PASSWORD);
    expect(textOf((await staff.get(`/admin/grants/${grantId}`)).body)).toContain('bekannt@example.com · Aktiv');
    expect(textOf((await bernd.get('/')).body)).toContain('Familie Weg');
    const berndId = required(
      (await portal.services.people.listPeople(acme.id)).find((person) => person.email === 'bekannt@example.com'),
    ).identityId;
    await staff.get(`/admin/grants/${grantId}`);
    const removed = await staff.post(`/admin/grants/${grantId}/people/${berndId}/remove`, {});
    expect(removed.status).toBe(200);
    expect(textOf(removed.body)).toContain('Person bekannt hat keinen Zugriff mehr auf „Familie Weg“.');
    expect((await bernd.get('/')).location).toBe('/login');
    // His access at the other broker is untouched.
    expect((await logIn(portal, beta.origin, 'bekannt@example.com', ACCOUNT_PASSWORD)).cookies.size).toBeGreaterThan(0);
  });

  it('deletes a grant after a confirmation, and its people lose the access it gave', async () => {
    const grantId = await createFamilyGrant('Familie Ende');
    await staff.get(`/admin/grants/${grantId}`);
    expect(
      (
        await staff.post(`/admin/grants/${grantId}/people`, {
          email: 'ende@example.com',
          name: 'Eva Ende',
          kind: 'policyholder',
        })
      ).location,
    ).toBe(`/admin/grants/${grantId}?eingeladen`);
    const confirm = await staff.get(`/admin/grants/${grantId}/delete`);
    expect(textOf(confirm.body)).toContain('1 Person hat Zugang über diese Freischaltung');
    expect((await staff.post(`/admin/grants/${grantId}/delete`, {})).location).toBe('/admin/grants?geloescht');
    expect((await staff.get(`/admin/grants/${grantId}`)).status).toBe(404);
    expect(
      (await portal.services.people.listPeople(acme.id)).some((person) => person.email === 'ende@example.com'),
    ).toBe(false);
  });

  it("answers another tenant's grants and malformed ids with 404 and changes nothing", async () => {
    const own = await portal.services.grants.createGrant(acme.id, { name: 'Geheim', kind: 'customer' });
    const betaStaff = await logIn(portal, beta.origin, 'chef@beta.example');
    for (const path of [`/admin/grants/${own.id}`, `/admin/grants/${own.id}/delete`, '/admin/grants/keine-id']) {
      expect((await betaStaff.get(path)).status, path).toBe(404);
    }
    await betaStaff.get('/admin/grants');
    for (const path of [
      `/admin/grants/${own.id}`,
      `/admin/grants/${own.id}/delete`,
      `/admin/grants/${own.id}/people`,
      `/admin/grants/${own.id}/apply-profile`,
      `/admin/grants/${own.id}/people/00000000-0000-0000-0000-000000000000/remove`,
    ]) {
      expect(
        (
          await betaStaff.post(path, {
            ...FAMILY,
            email: 'x@example.com',
            kind: 'policyholder',
            profileId: '00000000-0000-0000-0000-000000000000',
          })
        ).status,
        path,
      ).toBe(404);
    }
    expect((await betaStaff.get('/admin/grants')).body).not.toContain('Geheim');
    expect(await portal.services.grants.getGrant(acme.id, own.id)).toMatchObject({ name: 'Geheim' });
    const customer = createClient(portal.app, acme.origin);
    expect((await customer.get('/admin/grants')).location).toBe('/login');
  });
});
