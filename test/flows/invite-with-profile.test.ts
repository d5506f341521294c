import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activatePerson, logIn } from '../support/accounts.js';
import { errorCodesOf, type Client } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const OPERATOR = { identityId: null, origin: { client: 'cli', userAgent: null } };
const OPTIONS = {
  includeClaims: true,
  includeReferenceAddresses: false,
  shareCases: true,
  shareContractsAutomatically: false,
  linesOfBusiness: '010, 040',
  documentProfile: 'Vertragsunterlagen',
  separateGrantPerInvitee: false,
  delegatedProfileIds: [] as string[],
};

describe(`inviting a person applies a Freischaltungsprofil in the same form (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  let staff: Client;
  let profileId: string;
  let betaProfileId: string;

  async function grantOf(email: string) {
    const person = (await portal.services.people.listPeople(acme.id)).find((entry) => entry.email === email);
    if (person === undefined) return null;
    const [view] = await portal.services.grants.listGrantsOf(acme.id, person.identityId);
    return view === undefined ? null : portal.services.grants.getGrant(acme.id, view.id);
  }

  const invite = (fields: Record<string, string>) =>
    staff.post('/admin/people/invite', { kind: 'policyholder', grant: '', customers: '', ...fields });

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    await activatePerson(portal, acme, 'chefin@acme.example', 'staff_admin');
    profileId = (
      (await portal.services.profiles.save(acme.id, null, { ...OPTIONS, name: 'Firmenkunde' }, OPERATOR)) as {
        id: string;
      }
    ).id;
    betaProfileId = (
      (await portal.services.profiles.save(beta.id, null, { ...OPTIONS, name: 'Beta-Profil' }, OPERATOR)) as {
        id: string;
      }
    ).id;
    staff = await logIn(portal, acme.origin, 'chefin@acme.example');
  });
  afterAll(() => portal.close());

  it("offers this tenant's profiles only, and the grant of the invited person takes the chosen one", async () => {
    const page = await staff.get('/admin/people');
    expect(page.body).toContain(`<option value="${profileId}">Firmenkunde</option>`);
    expect(page.body).not.toContain('Beta-Profil');

    const answer = await invite({
      email: 'firma@example.com',
      name: 'Firma Stein',
      grant: 'Firma Stein GmbH',
      customers: '4711',
      profile: profileId,
    });
    expect(answer.location).toBe('/admin/people?eingeladen');
    const grant = await grantOf('firma@example.com');
    expect(grant).toMatchObject({
      name: 'Firma Stein GmbH',
      includeClaims: true,
      includeReferenceAddresses: false,
      shareCases: true,
      restrictedLinesOfBusiness: ['010', '040'],
      documentProfile: 'Vertragsunterlagen',
      customerNumbers: ['4711'],
    });
    expect((await portal.services.grants.describeGrantOrigin(acme.id, required(grant).id)).profileName).toBe(
      'Firmenkunde',
    );
  });

  it('leaves the grant as it was without a profile, and the form works for a tenant without profiles', async () => {
    await staff.get('/admin/people');
    expect((await invite({ email: 'ohne@example.com', name: 'Otto Ohne' })).location).toBe('/admin/people?eingeladen');
    expect(await grantOf('ohne@example.com')).toMatchObject({ includeClaims: false, restrictedLinesOfBusiness: [] });
    await staff.get('/admin/people');
    expect((await invite({ email: 'leer@example.com', name: 'Lea Leer', profile: '' })).location).toBe(
      '/admin/people?eingeladen',
    );
  });

  it("refuses another tenant's or an unknown profile next to the field, and invites nobody", async () => {
    for (const wrong of [betaProfileId, '00000000-0000-0000-0000-000000000000', 'kein-profil']) {
      await staff.get('/admin/people');
      const refused = await invite({ email: 'fremd@example.com', name: 'Fritz Fremd', profile: wrong });
      expect(refused.status, wrong).toBe(422);
      // The notice above the form and the message at the profile field.
      expect(errorCodesOf(refused.body)).toEqual(['PROFILE_NOT_FOUND', 'PROFILE_NOT_FOUND']);
      expect(refused.body).toContain('value="Fritz Fremd"');
    }
    expect(await grantOf('fremd@example.com')).toBeNull();
    expect(await portal.services.grants.getGrant(beta.id, betaProfileId).catch(() => null)).toBeNull();
  });

  it('writes the invitation and the profile in one transaction: when applying fails, nothing is written', async () => {
    const before = await portal.services.grants.listGrants(acme.id, null, 100);
    // A profile that is gone by the time it is applied: the grant's reference to it fails, after the invitation.
    const gone = {
      id: '00000000-0000-4000-8000-000000000001',
      includeClaims: true,
      claimsNeedRelease: false,
      claimsWithoutContract: false,
      claimsOnly: false,
      includeReferenceAddresses: true,
      shareCases: true,
      shareContractsAutomatically: true,
      restrictedLinesOfBusiness: [],
      documentProfile: null,
    };
    await expect(
      portal.services.invitations.invite({
        tenantId: acme.id,
        email: 'halb@example.com',
        name: 'Hanna Halb',
        role: 'policyholder',
        grantName: 'Halb geschrieben',
        profile: gone,
      }),
    ).rejects.toThrow();
    expect(await grantOf('halb@example.com')).toBeNull();
    expect(await portal.services.grants.listGrants(acme.id, null, 100)).toEqual(before);
    expect(await portal.services.audit.listForTenant(acme.id, 10, { email: 'halb@example.com' })).toEqual([]);
    await portal.deliverMail();
    expect(portal.smtp.mails.some((mail) => mail.to.includes('halb@example.com'))).toBe(false);
  });

  it('ignores the profile for staff, who get no grant', async () => {
    await staff.get('/admin/people');
    const answer = await invite({
      email: 'kollege@acme.example',
      name: 'Karl Kollege',
      kind: 'staff_user',
      profile: profileId,
    });
    expect(answer.location).toBe('/admin/people?eingeladen');
    expect(await grantOf('kollege@acme.example')).toBeNull();
  });
});
