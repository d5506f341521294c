import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKind } from '../../../test/support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { required } from '../../shared/required.js';
import type { ProfileActor, ProfileInput } from './profile-service.js';

describe(`profiles (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string };
  let beta: { id: string };
  const profiles = () => portal.services.profiles;
  const actor: ProfileActor = { identityId: null, origin: { client: '192.0.2.9', userAgent: 'Test' } };

  const input = (name: string, more: Partial<ProfileInput> = {}): ProfileInput => ({
    name,
    includeClaims: false,
    includeReferenceAddresses: false,
    shareCases: false,
    shareContractsAutomatically: false,
    linesOfBusiness: '',
    documentProfile: '',
    separateGrantPerInvitee: false,
    delegatedProfileIds: [],
    ...more,
  });

  async function create(tenantId: string, name: string, more: Partial<ProfileInput> = {}): Promise<string> {
    const saved = await profiles().save(tenantId, null, input(name, more), actor);
    if (!('id' in saved)) {
      throw new Error(`profile not saved: ${JSON.stringify(saved.problems)}`);
    }
    return saved.id;
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
  });
  afterAll(() => portal.close());

  it('stores a profile with cleaned name and options, records it, and refuses the same name twice', async () => {
    const id = await create(acme.id, '  Gewerbe\u0020  Kunden ', {
      includeClaims: true,
      linesOfBusiness: 'Kfz, Haftpflicht ,Kfz,,',
      documentProfile: ' Standard ',
      separateGrantPerInvitee: true,
    });
    expect(await profiles().find(acme.id, id)).toMatchObject({
      name: 'Gewerbe Kunden',
      includeClaims: true,
      restrictedLinesOfBusiness: ['Kfz', 'Haftpflicht'],
      documentProfile: 'Standard',
      separateGrantPerInvitee: true,
      delegatedProfileIds: [],
    });
    expect(await profiles().save(acme.id, null, input('Gewerbe Kunden'), actor)).toEqual({
      problems: [expect.objectContaining({ field: 'name', code: 'PROFILE_NAME_TAKEN' })],
    });
    // Another broker has its own names.
    await create(beta.id, 'Gewerbe Kunden');
    const events = await portal.services.audit.listForTenant(acme.id, 100, { kind: 'profile.changed' });
    const created = events.filter((event) => event.detail === 'Profil angelegt: Gewerbe Kunden');
    expect(created).toHaveLength(1);
    expect(required(created[0]).origin).toBe('192.0.2.9');
  });

  it('names every problem of a bad form at once and stores nothing', async () => {
    const before = await profiles().list(acme.id);
    const saved = await profiles().save(
      acme.id,
      null,
      input(`a${'ü'.repeat(120)}`, {
        linesOfBusiness: '<script>, Kfz',
        documentProfile: 'Standard\u202e',
        delegatedProfileIds: ['not-a-uuid'],
      }),
      actor,
    );
    expect('problems' in saved ? saved.problems.map((problem) => problem.code).sort() : saved).toEqual([
      'DELEGATED_PROFILES_INVALID',
      'DOCUMENT_PROFILE_INVALID',
      'LINES_OF_BUSINESS_INVALID',
      'PROFILE_NAME_INVALID',
    ]);
    for (const name of ['', '   ', 'Unsichtbar\u200b', 'Glocke\u0007']) {
      expect(await profiles().save(acme.id, null, input(name), actor), JSON.stringify(name)).toEqual({
        problems: [expect.objectContaining({ field: 'name', code: 'PROFILE_NAME_INVALID' })],
      });
    }
    const tooMany = Array.from({ length: 31 }, (_, index) => `Sparte ${index}`).join(',');
    expect(await profiles().save(acme.id, null, input('Viele Sparten', { linesOfBusiness: tooMany }), actor)).toEqual({
      problems: [expect.objectContaining({ code: 'LINES_OF_BUSINESS_INVALID' })],
    });
    // Exactly the longest name in characters, not UTF-16 units, is accepted.
    await create(acme.id, '🙂'.repeat(120));
    expect((await profiles().list(acme.id)).length).toBe(before.length + 1);
  });

  it("answers PROFILE_NOT_FOUND for another tenant's profile and changes nothing there", async () => {
    const betaId = await create(beta.id, 'Nur bei Beta', { includeClaims: true });
    await expect(profiles().find(acme.id, betaId)).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND' });
    await expect(profiles().find(acme.id, 'not-a-uuid')).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND' });
    await expect(profiles().save(acme.id, betaId, input('Übernommen'), actor)).rejects.toMatchObject({
      code: 'PROFILE_NOT_FOUND',
    });
    await expect(profiles().copy(acme.id, betaId, 'Kopie', actor)).rejects.toMatchObject({
      code: 'PROFILE_NOT_FOUND',
    });
    await expect(profiles().remove(acme.id, betaId, actor)).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND' });
    expect(await profiles().find(beta.id, betaId)).toMatchObject({ name: 'Nur bei Beta', includeClaims: true });
    expect((await profiles().list(acme.id)).some((profile) => profile.id === betaId)).toBe(false);
  });

  it("delegates only to the tenant's own profiles, itself included", async () => {
    const betaId = await create(beta.id, 'Fremdes Profil');
    const helper = await create(acme.id, 'Hilfsprofil');
    expect(
      await profiles().save(acme.id, null, input('Mit fremder Delegation', { delegatedProfileIds: [betaId] }), actor),
    ).toEqual({ problems: [expect.objectContaining({ code: 'DELEGATED_PROFILES_INVALID' })] });
    expect((await profiles().list(acme.id)).some((profile) => profile.name === 'Mit fremder Delegation')).toBe(false);

    const main = await create(acme.id, 'Hauptprofil', { delegatedProfileIds: [helper, helper] });
    expect((await profiles().find(acme.id, main)).delegatedProfileIds).toEqual([helper]);
    const changed = await profiles().save(
      acme.id,
      main,
      input('Hauptprofil', { delegatedProfileIds: [main, helper] }),
      actor,
    );
    expect(changed).toEqual({ id: main });
    expect([...(await profiles().find(acme.id, main)).delegatedProfileIds].sort()).toEqual([helper, main].sort());
    // A change that fails keeps the delegations it had.
    await profiles().save(acme.id, main, input('Hauptprofil', { delegatedProfileIds: [betaId] }), actor);
    expect((await profiles().find(acme.id, main)).delegatedProfileIds).toHaveLength(2);
  });

  it('copies options and delegations under a new name, and removes a profile with an audit entry', async () => {
    const helper = await create(acme.id, 'Kopierhilfe');
    const original = await create(acme.id, 'Vorlage', {
      shareCases: true,
      linesOfBusiness: 'Leben, Kranken',
      documentProfile: 'Vertrag',
      delegatedProfileIds: [helper],
    });
    const copied = await profiles().copy(acme.id, original, 'Vorlage (Kopie)', actor);
    const copyId = 'id' in copied ? copied.id : '';
    expect(await profiles().find(acme.id, copyId)).toMatchObject({
      name: 'Vorlage (Kopie)',
      shareCases: true,
      restrictedLinesOfBusiness: ['Leben', 'Kranken'],
      documentProfile: 'Vertrag',
      delegatedProfileIds: [helper],
    });
    expect(await profiles().copy(acme.id, original, 'Vorlage', actor)).toEqual({
      problems: [expect.objectContaining({ code: 'PROFILE_NAME_TAKEN' })],
    });

    portal.clock.advance(1000);
    await profiles().remove(acme.id, original, { ...actor, origin: { client: 'löschung', userAgent: null } });
    await expect(profiles().find(acme.id, original)).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND' });
    const [event] = await portal.services.audit.listForTenant(acme.id, 1, { kind: 'profile.changed' });
    expect(required(event)).toMatchObject({ detail: 'Profil gelöscht: Vorlage', origin: 'löschung' });
    expect(await profiles().find(acme.id, copyId)).toMatchObject({ name: 'Vorlage (Kopie)' });
  });
});
