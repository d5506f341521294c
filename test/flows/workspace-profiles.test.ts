import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodesOf, textOf, type Client } from '../support/browserless-client.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';
import { EMPTY_PROFILE_FORM } from '../../src/http/pages/profile-pages.js';
import type { ProfileInput } from '../../src/modules/profiles/profile-service.js';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';

const FIRMA = {
  name: 'Firmenkunde',
  includeClaims: 'on',
  shareCases: 'on',
  linesOfBusiness: 'Kfz, Gewerbe, Kfz',
  documentProfile: 'Alle Dokumente',
};

describe(`Freischaltungsprofile in the workspace (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  let staff: Client;

  /** A profile of this test's own, stored directly, so that no test depends on what another one created. */
  async function saveProfile(input: ProfileInput): Promise<string> {
    const saved = await portal.services.profiles.save(acme.id, null, input, { identityId: null, origin: CLI_ORIGIN });
    if (!('id' in saved)) {
      throw new Error(`Profile refused: ${saved.problems.map((problem) => problem.code).join(', ')}`);
    }
    return saved.id;
  }

  /** A company profile like FIRMA that may invite with a profile for the company's staff. */
  async function createFirmaProfile(name: string): Promise<{ firmaId: string; mitarbeiterId: string }> {
    const mitarbeiterId = await saveProfile({ ...EMPTY_PROFILE_FORM, name: `${name} Mitarbeiter` });
    const firmaId = await saveProfile({
      ...EMPTY_PROFILE_FORM,
      name,
      includeClaims: true,
      shareCases: true,
      linesOfBusiness: 'Kfz, Gewerbe',
      documentProfile: 'Alle Dokumente',
      separateGrantPerInvitee: true,
      delegatedProfileIds: [mitarbeiterId],
    });
    return { firmaId, mitarbeiterId };
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    await activatePerson(portal, acme, 'mitarbeiter@acme.example', 'staff_user');
    await activatePerson(portal, acme, 'kunde@example.com', 'policyholder');
    await activatePerson(portal, beta, 'chef@beta.example', 'staff_admin');
    staff = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
  });
  afterAll(() => portal.close());

  it('takes Sparten ticked from the GDV list and a document profile from its list', async () => {
    await staff.get('/admin/profiles');
    const form = (await staff.get('/admin/profiles')).body;
    expect(form).toMatch(/<input[^>]*name="linesOfBusiness"[^>]*value="130"/);
    expect(form).toMatch(/<select[^>]*name="documentProfile"/);
    const unknown = await staff.post('/admin/profiles', {
      name: 'Hausrat und Haftpflicht',
      linesOfBusiness: ['130', '040'],
      documentProfile: 'Geheimakten',
    });
    expect(unknown.status).toBe(422);
    expect(errorCodesOf(unknown.body)).toEqual(['DOCUMENT_PROFILE_UNKNOWN']);
    const created = await staff.post('/admin/profiles', {
      name: 'Hausrat und Haftpflicht',
      linesOfBusiness: ['130', '040'],
      documentProfile: 'Nur Policen',
    });
    const id = required(required(/\/admin\/profiles\/([0-9a-f-]{36})\?angelegt/.exec(created.location ?? ''))[1]);
    expect(await portal.services.profiles.find(acme.id, id)).toMatchObject({
      restrictedLinesOfBusiness: ['130', '040'],
      documentProfile: 'Nur Policen',
    });
    // A value stored before the list existed stays valid for that profile.
    await portal.services.profiles.save(
      acme.id,
      id,
      { ...EMPTY_PROFILE_FORM, name: 'Hausrat und Haftpflicht', documentProfile: 'Alter Stand' },
      { identityId: null, origin: CLI_ORIGIN },
    );
    const kept = await staff.post(`/admin/profiles/${id}`, {
      name: 'Hausrat und Haftpflicht',
      linesOfBusiness: '130',
      documentProfile: 'Alter Stand',
    });
    expect(kept.status).toBe(303);
    await portal.services.profiles.remove(acme.id, id, { identityId: null, origin: CLI_ORIGIN });
  });

  it('creates profiles with options and names every problem of a form', async () => {
    await staff.get('/admin/profiles');
    const refused = await staff.post('/admin/profiles', {
      name: ' ',
      linesOfBusiness: 'Kfz, <b>',
      documentProfile: 'x'.repeat(100),
    });
    expect(refused.status).toBe(422);
    expect(errorCodesOf(refused.body)).toEqual([
      'PROFILE_NAME_INVALID',
      'LINES_OF_BUSINESS_INVALID',
      'DOCUMENT_PROFILE_INVALID',
    ]);

    const mitarbeiter = await staff.post('/admin/profiles', {
      name: 'Mitarbeiter des Kunden',
      linesOfBusiness: '',
      documentProfile: '',
    });
    const mitarbeiterId = required(
      required(/\/admin\/profiles\/([0-9a-f-]{36})\?angelegt/.exec(mitarbeiter.location ?? ''))[1],
    );
    await staff.get('/admin/profiles');
    const firma = await staff.post('/admin/profiles', {
      ...FIRMA,
      delegatedProfileIds: mitarbeiterId,
      separateGrantPerInvitee: 'on',
    });
    const firmaId = required(required(/\/admin\/profiles\/([0-9a-f-]{36})\?angelegt/.exec(firma.location ?? ''))[1]);
    const profile = await portal.services.profiles.find(acme.id, firmaId);
    expect(profile).toMatchObject({
      name: 'Firmenkunde',
      includeClaims: true,
      includeReferenceAddresses: false,
      shareCases: true,
      restrictedLinesOfBusiness: ['Kfz', 'Gewerbe'],
      documentProfile: 'Alle Dokumente',
      separateGrantPerInvitee: true,
      delegatedProfileIds: [mitarbeiterId],
    });
    const list = textOf((await staff.get('/admin/profiles')).body);
    expect(list).toContain(
      'Schäden einbeziehen · Vorgänge teilen · Sparten: Kfz, Gewerbe · Dokumentenprofil: Alle Dokumente',
    );
    expect(list).toContain('Darf einladen mit: Mitarbeiter des Kunden');
    expect(list).toContain('werden seine Freigaben in die Freischaltung kopiert');
  });

  it('refuses a second profile of the same name, a foreign delegated profile and malformed checkboxes', async () => {
    await saveProfile({ ...EMPTY_PROFILE_FORM, name: 'Firmenkunde Doppelt' });
    const namesBefore = (await portal.services.profiles.list(acme.id)).map((profile) => profile.name);
    await staff.get('/admin/profiles');
    const twice = await staff.post('/admin/profiles', {
      name: 'Firmenkunde Doppelt',
      linesOfBusiness: '',
      documentProfile: '',
    });
    expect(twice.status).toBe(422);
    expect(errorCodesOf(twice.body)).toEqual(['PROFILE_NAME_TAKEN']);
    const betaProfile = await portal.services.profiles.save(
      beta.id,
      null,
      {
        name: 'Beta',
        includeClaims: false,
        includeReferenceAddresses: false,
        shareCases: false,
        shareContractsAutomatically: false,
        linesOfBusiness: '',
        documentProfile: '',
        separateGrantPerInvitee: false,
        delegatedProfileIds: [],
      },
      { identityId: null, origin: { client: 'cli', userAgent: null } },
    );
    const foreign = await staff.post('/admin/profiles', {
      name: 'Neu',
      linesOfBusiness: '',
      documentProfile: '',
      delegatedProfileIds: (betaProfile as { id: string }).id,
    });
    expect(foreign.status).toBe(422);
    expect(errorCodesOf(foreign.body)).toEqual(['DELEGATED_PROFILES_INVALID']);
    expect(
      (
        await staff.post('/admin/profiles', {
          name: 'Neu',
          linesOfBusiness: '',
          documentProfile: '',
          includeClaims: 'ja',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await staff.post('/admin/profiles', {
          name: 'Neu',
          linesOfBusiness: '',
          documentProfile: '',
          includeClaims: ['on', 'on'],
        })
      ).status,
    ).toBe(400);
    expect((await staff.post('/admin/profiles', { name: 'Neu', linesOfBusiness: '' })).status).toBe(400);
    expect((await portal.services.profiles.list(acme.id)).map((profile) => profile.name)).toEqual(namesBefore);
  });

  it('renames, copies with all options and delegations, and deletes after a confirmation', async () => {
    const { firmaId, mitarbeiterId } = await createFirmaProfile('Firmenkunde Alt');
    await staff.get(`/admin/profiles/${firmaId}`);
    const renamed = await staff.post(`/admin/profiles/${firmaId}`, {
      ...FIRMA,
      name: 'Firmenkunde Gewerbe',
      delegatedProfileIds: mitarbeiterId,
    });
    expect(renamed.location).toBe(`/admin/profiles/${firmaId}?gespeichert`);
    // Unticked boxes are off after saving: separate grants were on before.
    expect(await portal.services.profiles.find(acme.id, firmaId)).toMatchObject({
      name: 'Firmenkunde Gewerbe',
      separateGrantPerInvitee: false,
    });

    await staff.get(`/admin/profiles/${firmaId}`);
    const copied = await staff.post(`/admin/profiles/${firmaId}/copy`, { name: 'Firmenkunde Kopie' });
    const copyId = required(required(/\/admin\/profiles\/([0-9a-f-]{36})\?kopiert/.exec(copied.location ?? ''))[1]);
    const { id: _copyId, name: copyName, ...copyOptions } = await portal.services.profiles.find(acme.id, copyId);
    const {
      id: _originalId,
      name: _originalName,
      ...originalOptions
    } = await portal.services.profiles.find(acme.id, firmaId);
    expect(copyName).toBe('Firmenkunde Kopie');
    expect(copyOptions).toEqual(originalOptions);
    const sameName = await staff.post(`/admin/profiles/${firmaId}/copy`, { name: 'Firmenkunde Kopie' });
    expect(sameName.status).toBe(422);
    expect(errorCodesOf(sameName.body)).toEqual(['PROFILE_NAME_TAKEN']);

    const confirm = await staff.get(`/admin/profiles/${copyId}/delete`);
    expect(textOf(confirm.body)).toContain('Profil „Firmenkunde Kopie“ löschen?');
    expect((await portal.services.profiles.list(acme.id)).some((profile) => profile.id === copyId)).toBe(true);
    expect((await staff.post(`/admin/profiles/${copyId}/delete`, {})).location).toBe('/admin/profiles?geloescht');
    expect((await staff.get(`/admin/profiles/${copyId}`)).status).toBe(404);
    const [event] = await portal.services.audit.listForTenant(acme.id, 1, {
      kind: 'profile.changed',
      email: 'mitarbeiter@acme.example',
    });
    expect(event).toBeDefined();
  });

  it("answers another tenant's and malformed profile ids with 404, and keeps customers out", async () => {
    const { firmaId } = await createFirmaProfile('Firmenkunde Fremd');
    const betaStaff = await logIn(portal, beta.origin, 'chef@beta.example');
    for (const path of [
      `/admin/profiles/${firmaId}`,
      `/admin/profiles/${firmaId}/delete`,
      '/admin/profiles/nicht-da',
    ]) {
      expect((await betaStaff.get(path)).status).toBe(404);
    }
    await betaStaff.get('/admin/profiles');
    expect((await betaStaff.post(`/admin/profiles/${firmaId}/delete`, {})).status).toBe(404);
    expect((await betaStaff.post(`/admin/profiles/${firmaId}`, { ...FIRMA })).status).toBe(404);
    expect((await betaStaff.post(`/admin/profiles/${firmaId}/copy`, { name: 'Geklaut' })).status).toBe(404);
    expect((await betaStaff.get('/admin/profiles')).body).not.toContain('Firmenkunde');
    expect(await portal.services.profiles.find(acme.id, firmaId)).toMatchObject({ name: 'Firmenkunde Fremd' });
    const customer = await logIn(portal, acme.origin, 'kunde@example.com');
    expect((await customer.get('/admin/profiles')).status).toBe(404);
  });
});
