import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { CLI_ORIGIN } from '../audit/audit-service.js';
import { required } from '../../shared/required.js';
import { createClaimAttachmentQueries } from './claim-attachment-repo.js';
import { createClaimQueries } from './claim-repo.js';

let portal: TestPortal;

beforeAll(async () => {
  portal = await createTestPortal();
});
afterAll(async () => {
  await portal.close();
});

/** The day before the portal's fixed clock, so a loss on it is never in the future. */
function yesterday(): string {
  return new Date(portal.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
}

/**
 * A tenant with customer K1 (Kfz contract P1 whose case handler is Frau Schaden, Hausrat contract P2) and K2 (Hausrat
 * P3), and the broker's contact address.
 */
async function tenantWithPortfolio(slug: string) {
  const created = await createTestTenant(portal, slug, `Makler ${slug}`);
  const customer = (customerNumber: string) => ({
    type: 'customer',
    action: 'upsert',
    customer: { customerNumber, kind: 'private', lastName: `Kunde ${customerNumber}` },
  });
  const contract = (policyNumber: string, customerNumber: string, sparte: string, extra = {}) => ({
    type: 'contract',
    action: 'upsert',
    contract: { insurerNumber: '5311', sparte, policyNumber, customerNumber, status: 'active', ...extra },
  });
  await portal.services.portfolio.upsertBatch(
    created.id,
    [
      customer('K1'),
      customer('K2'),
      contract('P1', 'K1', '051', {
        caseHandler: { name: 'Frau Schaden', email: `schaden@${slug}.example`, phone: null },
      }),
      contract('P2', 'K1', '130'),
      contract('P3', 'K2', '130'),
    ],
    CLI_ORIGIN,
  );
  const tenant = await portal.services.tenants.findTenantBySlug(slug);
  return tenant;
}

async function personWith(
  tenantId: string,
  email: string,
  grant: {
    name: string;
    customerNumbers: string[];
    includeClaims: boolean;
    responsibleStaffId?: string;
    claimsNeedRelease?: boolean;
    claimsWithoutContract?: boolean;
    claimsOnly?: boolean;
  },
) {
  await portal.services.grants.createGrant(tenantId, { kind: 'customer', shareContractsAutomatically: true, ...grant });
  const outcome = await portal.services.invitations.invite({
    tenantId,
    email,
    name: 'Person',
    role: 'policyholder',
    grantName: grant.name,
  });
  const contracts = await portal.services.visibility.visibleContracts(tenantId, outcome.identityId);
  const contractId = (policyNumber: string) =>
    required(contracts.find((contract) => contract.policyNumber === policyNumber)).id;
  const customers = await portal.services.visibility.visibleCustomers(tenantId, outcome.identityId);
  const customerId = (customerNumber: string) =>
    required(customers.find((customer) => customer.customerNumber === customerNumber)).id;
  return { identityId: outcome.identityId, contractId, customerId };
}

const STEPS = {
  1: () => ({ lossDate: yesterday(), lossTime: '08:15', place: 'Köln', description: 'Auffahrunfall', amount: '2.500' }),
  2: () => ({ police: 'ja', policeFileNumber: 'AZ 1', otherParties: '', witnesses: '' }),
  3: () => ({
    plate: 'K-AB 123',
    driver: 'Max',
    otherVehicle: '',
    otherInsurer: '',
    ownDamage: 'Stoßstange',
    towed: 'nein',
  }),
  4: () => ({ iban: 'DE89 3704 0044 0532 0130 00', accountHolder: 'Max Kunde' }),
} as const;

async function fillDraft(tenantId: string, identityId: string, claimId: string) {
  for (const step of [1, 2, 3, 4] as const) {
    const saved = await portal.services.claims.saveStep(tenantId, identityId, claimId, step, STEPS[step]());
    expect(saved.ok).toBe(true);
  }
}

/** The next mail to the address whose subject names the policy; mails of other kinds before it are passed over. */
async function claimMailTo(address: string, policyNumber: string) {
  for (;;) {
    const mail = await portal.smtp.waitForMail(address);
    if (mail.subject.includes(policyNumber)) return mail;
  }
}

describe('claims', () => {
  it('keeps a draft step by step, refuses a bad step without saving it, and resumes it', async () => {
    const tenant = await tenantWithPortfolio('claim-draft');
    const { claims } = portal.services;
    const person = await personWith(tenant.id, 'k1@claim-draft.example', {
      name: 'K1',
      customerNumbers: ['K1'],
      includeClaims: true,
    });
    const draft = await claims.startDraft(tenant.id, person.identityId, person.contractId('P1'));
    expect(draft).toMatchObject({ route: 'KFZ', status: 'draft', step: 0 });
    expect((await claims.startDraft(tenant.id, person.identityId, person.contractId('P2'))).route).toBe('SACH');

    // The tenant's own mapping decides from then on: Hausrat (130) asks the technical questions; a refusal keeps it.
    const { claimRouteSettings } = portal.services;
    const actor = { identityId: null, origin: CLI_ORIGIN };
    const mapping = await claimRouteSettings.mappingOf(tenant.id);
    const restored = Object.fromEntries(Object.entries(mapping).map(([route, codes]) => [route, codes.join(', ')]));
    await claimRouteSettings.saveMapping(
      tenant.id,
      {
        ...restored,
        SACH: mapping.SACH.filter((code) => code !== '130').join(', '),
        TECH: [...mapping.TECH, '130'].join(', '),
      },
      actor,
    );
    await expect(claimRouteSettings.saveMapping(tenant.id, { TECH: '13' }, actor)).rejects.toMatchObject({
      code: 'CLAIM_ROUTE_SPARTE_INVALID',
    });
    expect((await claims.startDraft(tenant.id, person.identityId, person.contractId('P2'))).route).toBe('TECH');
    expect((await claimRouteSettings.mappingOf(tenant.id)).TECH).toContain('130');
    const events = await portal.services.audit.listForTenant(tenant.id, 50);
    expect(events.filter((event) => event.kind === 'settings.changed').map((event) => event.detail)).toEqual([
      'Schadenrouten: 130: SACH → TECH',
    ]);
    await claimRouteSettings.saveMapping(tenant.id, restored, actor);

    expect(await claims.saveStep(tenant.id, person.identityId, draft.id, 1, STEPS[1]())).toMatchObject({ ok: true });
    const refused = await claims.saveStep(tenant.id, person.identityId, draft.id, 4, {
      iban: 'DE00 1234',
      accountHolder: '',
    });
    expect(refused.ok ? [] : refused.problems.map((problem) => [problem.field, problem.code])).toEqual([
      ['iban', 'IBAN_INVALID'],
      ['accountHolder', 'CLAIM_FIELD_REQUIRED'],
    ]);

    const resumed = await claims.findForPerson(tenant.id, person.identityId, draft.id);
    expect(resumed).toMatchObject({ step: 1, answers: { loss: { place: 'Köln', estimatedAmountCents: 250000 } } });
    expect(resumed.answers.payout).toBeUndefined();
    const listed = await claims.listForPerson(tenant.id, person.identityId);
    expect(listed.drafts.map((claim) => claim.id).sort()).toHaveLength(3);
    expect(listed.claims).toEqual([]);
    await expect(claims.submit(tenant, person.identityId, draft.id)).rejects.toMatchObject({
      code: 'CLAIM_INCOMPLETE',
    });
  });

  it('submits once, tells the case handler by mail and the webhooks, and shows the claim to the grant', async () => {
    const tenant = await tenantWithPortfolio('claim-submit');
    const { claims, webhooks } = portal.services;
    const { webhook } = await webhooks.createWebhook(tenant.id, {
      url: 'https://crm.example.com/portico',
      events: ['claim.submitted'],
    });
    const reporter = await personWith(tenant.id, 'k1@claim-submit.example', {
      name: 'K1',
      customerNumbers: ['K1'],
      includeClaims: true,
    });
    const draft = await claims.startDraft(tenant.id, reporter.identityId, reporter.contractId('P1'));
    await fillDraft(tenant.id, reporter.identityId, draft.id);

    const attempts = await Promise.allSettled([
      claims.submit(tenant, reporter.identityId, draft.id),
      claims.submit(tenant, reporter.identityId, draft.id),
    ]);
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    const refused = attempts.find((attempt) => attempt.status === 'rejected');
    expect(refused?.status === 'rejected' && (refused.reason as { code: string }).code).toBe('CLAIM_ALREADY_SUBMITTED');

    const deliveries = await webhooks.listDeliveries(tenant.id, webhook.id, 10);
    expect(deliveries.map((delivery) => delivery.eventType)).toEqual(['claim.submitted']);
    // One "Gemeldet" in the history, by the person, however often they pressed.
    const history = await portal.services.claimHandling.historyForPerson(tenant.id, reporter.identityId, draft.id);
    expect(history).toMatchObject([
      { status: 'submitted', previousStatus: 'draft', source: 'portal', actorIdentityId: reporter.identityId },
    ]);

    const waiting = portal.smtp.waitForMail('schaden@claim-submit.example');
    await portal.deliverMail();
    const mail = await waiting;
    expect(mail.subject).toContain('P1');
    expect(mail.text).toContain(`/admin/schaeden/${draft.id}`);
    expect(mail.text).not.toContain('Auffahrunfall');

    const sameGrant = await personWith(tenant.id, 'k1b@claim-submit.example', {
      name: 'K1 auch',
      customerNumbers: ['K1'],
      includeClaims: true,
    });
    expect((await claims.listForPerson(tenant.id, sameGrant.identityId)).claims.map((claim) => claim.id)).toEqual([
      draft.id,
    ]);
    expect(await claims.findForPerson(tenant.id, sameGrant.identityId, draft.id)).toMatchObject({
      status: 'submitted',
      answers: { details: { plate: 'K-AB 123' } },
    });
  });

  it('answers 404 for claims and contracts without "Schäden einschließen", of another grant or another tenant', async () => {
    const tenant = await tenantWithPortfolio('claim-scope');
    const other = await tenantWithPortfolio('claim-other');
    const { claims } = portal.services;
    const k1 = await personWith(tenant.id, 'k1@claim-scope.example', {
      name: 'K1',
      customerNumbers: ['K1'],
      includeClaims: true,
    });
    const k2 = await personWith(tenant.id, 'k2@claim-scope.example', {
      name: 'K2',
      customerNumbers: ['K2'],
      includeClaims: true,
    });
    const withoutClaims = await personWith(tenant.id, 'k1-no@claim-scope.example', {
      name: 'K1 ohne Schäden',
      customerNumbers: ['K1'],
      includeClaims: false,
    });
    const stranger = await personWith(other.id, 'k1@claim-other.example', {
      name: 'K1',
      customerNumbers: ['K1'],
      includeClaims: true,
    });
    const claim = await claims.startDraft(tenant.id, k1.identityId, k1.contractId('P1'));
    await fillDraft(tenant.id, k1.identityId, claim.id);
    await claims.submit(tenant, k1.identityId, claim.id);

    const notFound = { code: 'CONTRACT_NOT_FOUND' };
    await expect(claims.startDraft(tenant.id, withoutClaims.identityId, k1.contractId('P1'))).rejects.toMatchObject(
      notFound,
    );
    await expect(claims.startDraft(tenant.id, k2.identityId, k1.contractId('P1'))).rejects.toMatchObject(notFound);
    await expect(claims.startDraft(other.id, stranger.identityId, k1.contractId('P1'))).rejects.toMatchObject(notFound);
    await expect(claims.startDraft(tenant.id, k1.identityId, stranger.contractId('P1'))).rejects.toMatchObject(
      notFound,
    );

    const claimNotFound = { code: 'CLAIM_NOT_FOUND' };
    await expect(claims.findForPerson(tenant.id, withoutClaims.identityId, claim.id)).rejects.toMatchObject(
      claimNotFound,
    );
    await expect(claims.findForPerson(tenant.id, k2.identityId, claim.id)).rejects.toMatchObject(claimNotFound);
    await expect(claims.findForPerson(other.id, stranger.identityId, claim.id)).rejects.toMatchObject(claimNotFound);
    await expect(claims.findForPerson(tenant.id, k1.identityId, 'not-a-uuid')).rejects.toMatchObject(claimNotFound);
    expect(await portal.services.visibility.claimScopesOf(tenant.id, withoutClaims.identityId)).toEqual([]);
    expect((await claims.listForPerson(tenant.id, k2.identityId)).claims).toEqual([]);

    // Another person of the same grant sees the reported claim, but not someone's draft.
    const draft = await claims.startDraft(tenant.id, k1.identityId, k1.contractId('P2'));
    const colleague = await personWith(tenant.id, 'k1c@claim-scope.example', {
      name: 'K1 Kollege',
      customerNumbers: ['K1'],
      includeClaims: true,
    });
    await expect(claims.findForPerson(tenant.id, colleague.identityId, draft.id)).rejects.toMatchObject(claimNotFound);
    await expect(claims.saveStep(tenant.id, colleague.identityId, draft.id, 1, STEPS[1]())).rejects.toMatchObject(
      claimNotFound,
    );

    // The save's own statement changes only the reporter's draft in its tenant: not with another tenant's id or another
    // person as the reporter, not once reported; the attachments' list only the tenant's own.
    const queries = createClaimQueries(portal.database.handle.db);
    const change = { answers: { message: 'fremd' }, step: 5, now: portal.clock.now() };
    expect(await queries.saveDraft(other.id, draft.id, k1.identityId, change)).toBeNull();
    expect(await queries.saveDraft(tenant.id, draft.id, colleague.identityId, change)).toBeNull();
    expect(await queries.saveDraft(tenant.id, draft.id, stranger.identityId, change)).toBeNull();
    expect(await queries.saveDraft(tenant.id, claim.id, k1.identityId, change)).toBeNull();
    expect(await claims.findForPerson(tenant.id, k1.identityId, draft.id)).toMatchObject({ step: 0, answers: {} });
    expect((await claims.findForPerson(tenant.id, k1.identityId, claim.id)).answers.message).toBeUndefined();
    const saved = await queries.saveDraft(tenant.id, draft.id, k1.identityId, { ...change, step: 1 });
    expect(saved).toMatchObject({ id: draft.id, step: 1, answers: { message: 'fremd' }, draftRemindedAt: null });
    expect(saved?.updatedAt).toEqual(change.now);
    expect((await queries.saveDraft(tenant.id, draft.id, k1.identityId, { ...change, step: 0 }))?.step).toBe(1);
    const attachmentQueries = createClaimAttachmentQueries(portal.database.handle.db);
    await attachmentQueries.insert([
      {
        tenantId: tenant.id,
        claimId: draft.id,
        position: 1,
        fileName: 'foto.jpg',
        contentType: 'image/jpeg',
        size: 3,
        fileKey: 'k'.repeat(64),
      },
    ]);
    expect(await attachmentQueries.listForClaim(tenant.id, draft.id)).toMatchObject([
      { claimId: draft.id, fileName: 'foto.jpg', size: 3, position: 1, createdAt: expect.any(Date) as Date },
    ]);
    expect(await attachmentQueries.listForClaim(other.id, draft.id)).toEqual([]);
  });

  it('tells the grant’s Betreuer when no contact has an address, else the broker’s contact address', async () => {
    const slug = 'claim-betreuer';
    const tenant = await tenantWithPortfolio(slug);
    const { claims } = portal.services;
    await portal.services.tenantSettings.updateContact(
      tenant.id,
      {
        imprintUrl: '',
        privacyUrl: '',
        contactPhone: '',
        contactEmail: `service@${slug}.example`,
        officeHours: '',
        postalAddress: '',
      },
      { identityId: null, origin: CLI_ORIGIN },
    );
    // K2 has no case handler; its Kfz contract P4 has neither case handler nor adviser.
    await portal.services.portfolio.upsertBatch(
      tenant.id,
      [
        {
          type: 'contract',
          action: 'upsert',
          contract: {
            insurerNumber: '5311',
            sparte: '051',
            policyNumber: 'P4',
            customerNumber: 'K2',
            status: 'active',
          },
        },
      ],
      CLI_ORIGIN,
    );
    const betreuer = await portal.services.invitations.invite({
      tenantId: tenant.id,
      email: `betreuer@${slug}.example`,
      name: 'Bernd Betreuer',
      role: 'staff_user',
    });
    const cared = await personWith(tenant.id, `k2@${slug}.example`, {
      name: 'K2 betreut',
      customerNumbers: ['K2'],
      includeClaims: true,
      responsibleStaffId: betreuer.identityId,
    });
    const plain = await personWith(tenant.id, `k2-ohne@${slug}.example`, {
      name: 'K2 ohne Betreuer',
      customerNumbers: ['K2'],
      includeClaims: true,
    });
    // Tenant refreshed: it now carries the contact address.
    const current = required(await portal.services.tenants.findTenantBySlug(slug));
    const submitFor = async (person: { identityId: string; contractId: (policyNumber: string) => string }) => {
      const draft = await claims.startDraft(tenant.id, person.identityId, person.contractId('P4'));
      await fillDraft(tenant.id, person.identityId, draft.id);
      await claims.submit(current, person.identityId, draft.id);
      await portal.deliverMail();
      return draft.id;
    };

    const toBetreuer = await submitFor(cared);
    const betreuerMail = await claimMailTo(`betreuer@${slug}.example`, 'P4');
    expect(betreuerMail.text).toContain(`/admin/schaeden/${toBetreuer}`);
    expect(betreuerMail.text).toContain('Bernd Betreuer');

    const toBroker = await submitFor(plain);
    expect((await claimMailTo(`service@${slug}.example`, 'P4')).text).toContain(`/admin/schaeden/${toBroker}`);

    // A release delivers like a submit: the Betreuer of the claim's grant hears of it.
    const released = await personWith(tenant.id, `k2-freigabe@${slug}.example`, {
      name: 'K2 mit Freigabe',
      customerNumbers: ['K2'],
      includeClaims: true,
      responsibleStaffId: betreuer.identityId,
      claimsNeedRelease: true,
    });
    const releaser = await portal.services.invitations.invite({
      tenantId: tenant.id,
      email: `k2-gibt-frei@${slug}.example`,
      name: 'Freigeber',
      role: 'policyholder',
      grantName: 'K2 mit Freigabe',
    });
    const releaseGrant = required(
      (await portal.services.grants.listGrants(tenant.id, null, 100)).find((grant) => grant.name === 'K2 mit Freigabe'),
    );
    await portal.services.grants.setClaimReleaseRight(tenant.id, releaseGrant.id, releaser.identityId, true);
    const waiting = await claims.startDraft(tenant.id, released.identityId, released.contractId('P4'));
    await fillDraft(tenant.id, released.identityId, waiting.id);
    expect((await claims.submit(current, released.identityId, waiting.id)).status).toBe('awaiting_release');
    await claims.release(current, releaser.identityId, waiting.id);
    expect(
      await portal.services.claimHandling.historyForPerson(tenant.id, released.identityId, waiting.id),
    ).toMatchObject([
      { status: 'submitted', previousStatus: 'awaiting_release', actorIdentityId: releaser.identityId },
    ]);
    await portal.deliverMail();
    expect((await claimMailTo(`betreuer@${slug}.example`, 'P4')).text).toContain(`/admin/schaeden/${waiting.id}`);

    // A Betreuer whose access has ended is passed over for the broker's contact address.
    await portal.services.people.deactivatePerson(tenant.id, betreuer.identityId, { kind: 'api_key' }, CLI_ORIGIN);
    const afterDeactivation = await submitFor(cared);
    expect((await claimMailTo(`service@${slug}.example`, 'P4')).text).toContain(`/admin/schaeden/${afterDeactivation}`);
  });

  it('reports a claim without a contract for a customer the grant allows it for, seen by the customer’s grants', async () => {
    const tenant = await tenantWithPortfolio('claim-free');
    const other = await tenantWithPortfolio('claim-free-other');
    const { claims, webhooks } = portal.services;
    const { webhook } = await webhooks.createWebhook(tenant.id, {
      url: 'https://crm.example.com/portico',
      events: ['claim.submitted'],
    });
    const both = await personWith(tenant.id, 'both@claim-free.example', {
      name: 'K1 und K2 ohne Vertrag',
      customerNumbers: ['K1', 'K2'],
      includeClaims: true,
      claimsWithoutContract: true,
    });
    const k1Only = await personWith(tenant.id, 'k1@claim-free.example', {
      name: 'K1 ohne Vertrag',
      customerNumbers: ['K1'],
      includeClaims: true,
      claimsWithoutContract: true,
    });
    const k1Colleague = await personWith(tenant.id, 'k1c@claim-free.example', {
      name: 'K1',
      customerNumbers: ['K1'],
      includeClaims: true,
    });
    const k2 = await personWith(tenant.id, 'k2@claim-free.example', {
      name: 'K2',
      customerNumbers: ['K2'],
      includeClaims: true,
    });
    const stranger = await personWith(other.id, 'k1@claim-free-other.example', {
      name: 'K1',
      customerNumbers: ['K1'],
      includeClaims: true,
      claimsWithoutContract: true,
    });
    const names = async (identityId: string) =>
      (await claims.customersForClaimWithoutContract(tenant.id, identityId)).map((customer) => customer.customerNumber);
    expect(await names(both.identityId)).toEqual(['K1', 'K2']);
    expect(await names(k1Colleague.identityId)).toEqual([]);

    const draft = await claims.startDraftWithoutContract(tenant.id, k1Only.identityId, k1Only.customerId('K1'));
    expect(draft).toMatchObject({ contractId: null, route: 'DEFAULT', status: 'draft' });
    for (const step of [1, 2] as const) {
      await claims.saveStep(tenant.id, k1Only.identityId, draft.id, step, STEPS[step]());
    }
    expect((await claims.saveStep(tenant.id, k1Only.identityId, draft.id, 3, {})).ok).toBe(true);
    await claims.saveStep(tenant.id, k1Only.identityId, draft.id, 4, STEPS[4]());
    expect((await claims.submit(tenant, k1Only.identityId, draft.id)).status).toBe('submitted');
    expect((await webhooks.listDeliveries(tenant.id, webhook.id, 10)).map((one) => one.eventType)).toEqual([
      'claim.submitted',
    ]);

    // Seen by the people of grants with claims who see K1; not by K2's grant or another tenant.
    expect((await claims.listForPerson(tenant.id, k1Colleague.identityId)).claims.map((claim) => claim.id)).toEqual([
      draft.id,
    ]);
    expect((await claims.findForPerson(tenant.id, both.identityId, draft.id)).contractId).toBeNull();
    const claimNotFound = { code: 'CLAIM_NOT_FOUND' };
    await expect(claims.findForPerson(tenant.id, k2.identityId, draft.id)).rejects.toMatchObject(claimNotFound);
    await expect(claims.findForPerson(other.id, stranger.identityId, draft.id)).rejects.toMatchObject(claimNotFound);

    // Another grant's customer, another tenant's customer, a grant without the option, a made-up id: all 404.
    const customerNotFound = { code: 'CUSTOMER_NOT_FOUND' };
    for (const [identityId, customerId] of [
      [k1Only.identityId, both.customerId('K2')],
      [k1Only.identityId, stranger.customerId('K1')],
      [k1Colleague.identityId, k1Colleague.customerId('K1')],
      [k1Only.identityId, 'not-a-uuid'],
    ] as const) {
      await expect(claims.startDraftWithoutContract(tenant.id, identityId, customerId)).rejects.toMatchObject(
        customerNotFound,
      );
    }
  });

  it('lets people of a "Nur Schadenmeldung" grant report and see their own claims, and nothing else', async () => {
    const tenant = await tenantWithPortfolio('claim-only');
    const { claims, visibility } = portal.services;
    const full = await personWith(tenant.id, 'full@claim-only.example', {
      name: 'K1',
      customerNumbers: ['K1'],
      includeClaims: true,
    });
    const reporter = await personWith(tenant.id, 'melder@claim-only.example', {
      name: 'K1 nur Schäden',
      customerNumbers: ['K1'],
      includeClaims: false,
      claimsOnly: true,
    });
    const colleagueOutcome = await portal.services.invitations.invite({
      tenantId: tenant.id,
      email: 'melder2@claim-only.example',
      name: 'Zweiter Melder',
      role: 'policyholder',
      grantName: 'K1 nur Schäden',
    });
    const colleague = colleagueOutcome.identityId;

    // Nothing of the portfolio: no customers, contracts, documents or conversations.
    expect(await visibility.visibleContracts(tenant.id, reporter.identityId)).toEqual([]);
    expect(await visibility.visibleCustomers(tenant.id, reporter.identityId)).toEqual([]);
    expect(await visibility.documentScopesOf(tenant.id, reporter.identityId)).toEqual([]);
    expect(await visibility.conversationScopesOf(tenant.id, reporter.identityId)).toEqual([]);
    expect(await visibility.summaryOf(tenant.id, reporter.identityId)).toMatchObject({
      hasContracts: false,
      hasIntermediaryCustomers: false,
      holdsClaimsGrant: true,
      reportsWithoutContract: true,
    });
    await expect(claims.startDraft(tenant.id, reporter.identityId, full.contractId('P1'))).rejects.toMatchObject({
      code: 'CONTRACT_NOT_FOUND',
    });

    // The claim of a contract reported by somebody else stays hidden.
    const other = await claims.startDraft(tenant.id, full.identityId, full.contractId('P1'));
    await fillDraft(tenant.id, full.identityId, other.id);
    await claims.submit(tenant, full.identityId, other.id);
    await expect(claims.findForPerson(tenant.id, reporter.identityId, other.id)).rejects.toMatchObject({
      code: 'CLAIM_NOT_FOUND',
    });

    const [customer] = await claims.customersForClaimWithoutContract(tenant.id, reporter.identityId);
    const own = await claims.startDraftWithoutContract(tenant.id, reporter.identityId, required(customer).id);
    await claims.saveStep(tenant.id, reporter.identityId, own.id, 1, STEPS[1]());
    await claims.saveStep(tenant.id, reporter.identityId, own.id, 2, STEPS[2]());
    await claims.saveStep(tenant.id, reporter.identityId, own.id, 3, {});
    await claims.saveStep(tenant.id, reporter.identityId, own.id, 4, STEPS[4]());
    await claims.submit(tenant, reporter.identityId, own.id);
    expect((await claims.listForPerson(tenant.id, reporter.identityId)).claims.map((claim) => claim.id)).toEqual([
      own.id,
    ]);
    // The other reporter of the same grant does not see it; the customer's full grant does.
    expect((await claims.listForPerson(tenant.id, colleague)).claims).toEqual([]);
    expect((await claims.listForPerson(tenant.id, full.identityId)).claims.map((claim) => claim.id).sort()).toEqual(
      [other.id, own.id].sort(),
    );
  });
});
