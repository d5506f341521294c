import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { CLI_ORIGIN } from '../audit/audit-service.js';
import { required } from '../../shared/required.js';
import type { DocumentScope } from './visibility-policy.js';

let portal: TestPortal;

beforeAll(async () => {
  portal = await createTestPortal();
});
afterAll(async () => {
  await portal.close();
});

const customer = (customerNumber: string, intermediaryAccounts: string[] = []) => ({
  type: 'customer',
  action: 'upsert',
  customer: {
    customerNumber,
    kind: 'private',
    lastName: `Kunde ${customerNumber}`,
    intermediaryAccounts,
    referenceAddresses: [{ label: 'Lager', city: 'Kiel' }],
  },
});
const contract = (policyNumber: string, customerNumber: string, sparte = '130') => ({
  type: 'contract',
  action: 'upsert',
  contract: { insurerNumber: '5311', sparte, policyNumber, customerNumber, status: 'active' },
});

/**
 * A tenant with customers K1 (account V1), K2 (account V1) and K3, each with contracts; answers the contract ids by
 * policy number.
 */
async function portfolioIn(slug: string): Promise<{ tenantId: string; ids: Map<string, string> }> {
  const tenant = await createTestTenant(portal, slug, `Makler ${slug}`);
  const customers = [customer('K1', ['V1']), customer('K2', ['V1']), customer('K3')];
  const items = [
    ...customers,
    contract('P1', 'K1'),
    contract('P2', 'K1', '070'),
    contract('P3', 'K2'),
    contract('P4', 'K3'),
  ];
  const results = await portal.services.portfolio.upsertBatch(tenant.id, items, CLI_ORIGIN);
  const ids = new Map(
    results.slice(3).map((result, index) => [`P${index + 1}`, 'id' in result ? required(result.id) : '']),
  );
  return { tenantId: tenant.id, ids };
}

interface GrantOptions {
  name: string;
  kind: 'customer' | 'intermediary';
  customerNumbers: string[];
  shareContractsAutomatically?: boolean;
  includeReferenceAddresses?: boolean;
  restrictedLinesOfBusiness?: string[];
  includeClaims?: boolean;
}

async function personOn(
  tenantId: string,
  email: string,
  grant: GrantOptions,
): Promise<{ identityId: string; grantId: string }> {
  const created = await portal.services.grants.createGrant(tenantId, grant);
  const role = grant.kind === 'customer' ? 'policyholder' : 'intermediary';
  const outcome = await portal.services.invitations.invite({
    tenantId,
    email,
    name: 'Person',
    role,
    grantName: grant.name,
  });
  return { identityId: outcome.identityId, grantId: created.id };
}

const K1_GRANT: GrantOptions = {
  name: 'K1',
  kind: 'customer',
  customerNumbers: ['K1'],
  shareContractsAutomatically: true,
};

/**
 * The document list's decision (in one statement, with the navigation's flags) gives the same scopes as the
 * documents' own, the same customers and contracts as the whole decision (which also reads the Risikoorte), and the
 * navigation's own flags.
 */
async function expectSameDocumentScopes(tenantId: string, identityId: string) {
  const sorted = (scopes: DocumentScope[]) =>
    scopes.map((scope) => ({
      ...scope,
      customerIds: scope.customerIds.toSorted(),
      contractIds: scope.contractIds.toSorted(),
    }));
  const { visibility, delegations } = portal.services;
  const once = await visibility.documentListDecisionOf(tenantId, identityId);
  expect(sorted(once.documentScopes)).toEqual(sorted(await visibility.documentScopesOf(tenantId, identityId)));
  const whole = await visibility.portfolioOf(tenantId, identityId);
  expect(once.customers).toEqual(
    whole.customers.map(({ id, customerNumber, displayName }) => ({ id, customerNumber, displayName })),
  );
  expect(once.contracts).toEqual(
    whole.contracts.map(({ id, productName, sparteName, policyNumber }) => ({
      id,
      productName,
      sparteName,
      policyNumber,
    })),
  );
  expect(once.summary.hasContracts).toBe(whole.contracts.length > 0);
  expect(once.summary.hasIntermediaryCustomers).toBe(whole.isIntermediary && whole.customers.length > 0);
  expect(once.navigation).toEqual(await delegations.navigationFlagsOf(tenantId, identityId));
}

describe('visibility service', () => {
  it("shows a person their grant's customers and contracts, and nothing of another grant or another tenant", async () => {
    const acme = await portfolioIn('sicht-a');
    const beta = await portfolioIn('sicht-b');
    const { identityId } = await personOn(acme.tenantId, 'k1@example.com', K1_GRANT);
    await personOn(acme.tenantId, 'k3@example.com', {
      name: 'K3',
      kind: 'customer',
      customerNumbers: ['K3'],
      shareContractsAutomatically: true,
    });

    expect(
      (await portal.services.visibility.visibleCustomers(acme.tenantId, identityId)).map(
        (visible) => visible.customerNumber,
      ),
    ).toEqual(['K1']);
    expect(
      (await portal.services.visibility.visibleContracts(acme.tenantId, identityId)).map(
        (visible) => visible.policyNumber,
      ),
    ).toEqual(['P2', 'P1']);
    const hausrat = await portal.services.visibility.visibleContracts(acme.tenantId, identityId, { sparte: '130' });
    expect(hausrat.map((visible) => visible.policyNumber)).toEqual(['P1']);
    const found = await portal.services.visibility.findVisibleContract(
      acme.tenantId,
      identityId,
      required(acme.ids.get('P1')),
    );
    expect(found).toMatchObject({ policyNumber: 'P1', referenceAddresses: [] });

    expect(
      await portal.services.visibility.findVisibleContract(acme.tenantId, identityId, required(acme.ids.get('P4'))),
    ).toBeNull();
    expect(
      await portal.services.visibility.findVisibleContract(acme.tenantId, identityId, required(beta.ids.get('P1'))),
    ).toBeNull();
    expect(
      await portal.services.visibility.findVisibleContract(beta.tenantId, identityId, required(beta.ids.get('P1'))),
    ).toBeNull();
    expect(await portal.services.visibility.findVisibleContract(acme.tenantId, identityId, 'not-a-uuid')).toBeNull();
    expect(await portal.services.visibility.visibleCustomers(beta.tenantId, identityId)).toEqual([]);
    await expectSameDocumentScopes(acme.tenantId, identityId);
    await expectSameDocumentScopes(beta.tenantId, identityId);
    // The document list's one statement: her grant's customer and contracts only, nothing of K3's grant or of beta.
    const listed = await portal.services.visibility.documentListDecisionOf(acme.tenantId, identityId);
    expect(listed.customers.map((customer) => customer.customerNumber)).toEqual(['K1']);
    expect(listed.contracts.map((contract) => contract.policyNumber)).toEqual(['P2', 'P1']);
    const elsewhere = await portal.services.visibility.documentListDecisionOf(beta.tenantId, identityId);
    expect([elsewhere.customers, elsewhere.contracts, elsewhere.documentScopes]).toEqual([[], [], []]);
  });

  it('shows an intermediary every customer of their accounts, with reference addresses where the grant allows them', async () => {
    const acme = await portfolioIn('sicht-c');
    const grant: GrantOptions = {
      name: 'V1',
      kind: 'intermediary',
      customerNumbers: ['V1'],
      shareContractsAutomatically: true,
    };
    grant.includeReferenceAddresses = true;
    const { identityId } = await personOn(acme.tenantId, 'vermittler@example.com', grant);
    const customers = await portal.services.visibility.visibleCustomers(acme.tenantId, identityId);
    expect(customers.map((visible) => [visible.customerNumber, visible.referenceAddresses.length])).toEqual([
      ['K1', 1],
      ['K2', 1],
    ]);
    expect(
      (await portal.services.visibility.visibleContracts(acme.tenantId, identityId)).map(
        (visible) => visible.policyNumber,
      ),
    ).toEqual(['P2', 'P1', 'P3']);
    await expectSameDocumentScopes(acme.tenantId, identityId);
  });

  it('shows nothing once the person is deactivated or no longer on the grant', async () => {
    const acme = await portfolioIn('sicht-d');
    const { identityId, grantId } = await personOn(acme.tenantId, 'weg@example.com', K1_GRANT);
    await portal.services.people.deactivatePerson(acme.tenantId, identityId, { kind: 'api_key' }, CLI_ORIGIN);
    expect(await portal.services.visibility.visibleContracts(acme.tenantId, identityId)).toEqual([]);
    expect((await portal.services.visibility.documentListDecisionOf(acme.tenantId, identityId)).contracts).toEqual([]);
    await portal.services.people.reactivatePerson(acme.tenantId, identityId, { kind: 'api_key' }, CLI_ORIGIN);
    expect(await portal.services.visibility.visibleContracts(acme.tenantId, identityId)).toHaveLength(2);
    await portal.services.grants.removePersonFromGrant(acme.tenantId, grantId, identityId, CLI_ORIGIN);
    expect(
      await portal.services.visibility.findVisibleContract(acme.tenantId, identityId, required(acme.ids.get('P1'))),
    ).toBeNull();
  });

  it('shows nothing once the invitation of a person who has not logged in here yet is revoked', async () => {
    const acme = await portfolioIn('sicht-e');
    const { identityId } = await personOn(acme.tenantId, 'widerrufen@example.com', K1_GRANT);
    expect(await portal.services.visibility.visibleContracts(acme.tenantId, identityId)).toHaveLength(2);
    await portal.services.people.revokePersonInvitation(acme.tenantId, identityId, CLI_ORIGIN);
    expect(await portal.services.visibility.visibleContracts(acme.tenantId, identityId)).toEqual([]);
    await expectSameDocumentScopes(acme.tenantId, identityId);
    expect(
      await portal.services.visibility.findVisibleContract(acme.tenantId, identityId, required(acme.ids.get('P1'))),
    ).toBeNull();
  });

  it("answers the navigation's summary by the same rules: a Sparten limit can leave nothing to show", async () => {
    const acme = await portfolioIn('sicht-f');
    const visibility = portal.services.visibility;
    const holder = await personOn(acme.tenantId, 'summe@example.com', K1_GRANT);
    expect(await visibility.summaryOf(acme.tenantId, holder.identityId)).toEqual({
      hasContracts: true,
      hasIntermediaryCustomers: false,
      holdsClaimsGrant: false,
      reportsWithoutContract: false,
    });
    const limited = await personOn(acme.tenantId, 'kfz@example.com', {
      ...K1_GRANT,
      name: 'Nur Kfz',
      restrictedLinesOfBusiness: ['Kfz'],
    });
    expect(await visibility.summaryOf(acme.tenantId, limited.identityId)).toEqual({
      hasContracts: false,
      hasIntermediaryCustomers: false,
      holdsClaimsGrant: false,
      reportsWithoutContract: false,
    });
    const agent = await personOn(acme.tenantId, 'agent@example.com', {
      name: 'V1',
      kind: 'intermediary',
      customerNumbers: ['V1'],
    });
    expect(await visibility.summaryOf(acme.tenantId, agent.identityId)).toEqual({
      hasContracts: false,
      hasIntermediaryCustomers: true,
      holdsClaimsGrant: false,
      reportsWithoutContract: false,
    });
    await portal.services.portfolio.shareContract(
      acme.tenantId,
      agent.grantId,
      required(acme.ids.get('P4')),
      CLI_ORIGIN,
    );
    expect(await visibility.summaryOf(acme.tenantId, agent.identityId)).toEqual({
      hasContracts: true,
      hasIntermediaryCustomers: true,
      holdsClaimsGrant: false,
      reportsWithoutContract: false,
    });
    // "Schäden einschließen" is read with the grants, whether or not the grant leaves contracts to show.
    const claimant = await personOn(acme.tenantId, 'schaden@example.com', {
      ...K1_GRANT,
      name: 'Mit Schäden',
      includeClaims: true,
    });
    expect(await visibility.summaryOf(acme.tenantId, claimant.identityId)).toEqual({
      hasContracts: true,
      hasIntermediaryCustomers: false,
      holdsClaimsGrant: true,
      reportsWithoutContract: false,
    });
    const limitedClaimant = await personOn(acme.tenantId, 'schaden-kfz@example.com', {
      ...K1_GRANT,
      name: 'Nur Kfz mit Schäden',
      restrictedLinesOfBusiness: ['Kfz'],
      includeClaims: true,
    });
    expect(await visibility.navigationOf(acme.tenantId, limitedClaimant.identityId)).toEqual({
      navigation: { roles: ['policyholder'], isDelegating: false, unreadConversations: 0 },
      summary: {
        hasContracts: false,
        hasIntermediaryCustomers: false,
        holdsClaimsGrant: true,
        reportsWithoutContract: false,
      },
    });
    expect(await visibility.summaryOf(acme.tenantId, 'not-a-uuid')).toEqual({
      hasContracts: false,
      hasIntermediaryCustomers: false,
      holdsClaimsGrant: false,
      reportsWithoutContract: false,
    });
    // The document list decides in its one statement by the same rules: a Sparten limit, a contract shared by hand
    // into an intermediary grant, "Schäden einschließen".
    for (const person of [holder, limited, agent, claimant, limitedClaimant]) {
      const listed = await visibility.documentListDecisionOf(acme.tenantId, person.identityId);
      expect(listed.summary).toEqual(await visibility.summaryOf(acme.tenantId, person.identityId));
      await expectSameDocumentScopes(acme.tenantId, person.identityId);
    }
    expect(
      (await visibility.documentListDecisionOf(acme.tenantId, agent.identityId)).contracts.map(
        (shown) => shown.policyNumber,
      ),
    ).toEqual(['P4']);
  });
});
