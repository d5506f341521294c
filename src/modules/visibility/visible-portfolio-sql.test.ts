import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomOf } from '../../../test/support/seeded-random.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { CLI_ORIGIN } from '../audit/audit-service.js';
import { required } from '../../shared/required.js';
import {
  contractListPageOf,
  contractListPageOfResult,
  customerListPageOf,
  PORTFOLIO_PAGE_SIZE,
} from '../../http/pages/contract-list-query.js';
import { summarizeCoverage } from '../portfolio/portfolio-totals.js';
import type { ContractListPage } from '../../http/pages/contract-pages.js';
import { sql } from 'drizzle-orm';
import {
  decideVisibility,
  isClaimVisible,
  mayReleaseClaim,
  type ClaimScope,
  type GrantForVisibility,
} from './visibility-policy.js';
import { CUSTOMER_CHOICES, type PortfolioSummary } from './visibility-service.js';

/**
 * The portal's pages decide visibility in SQL (`visible-portfolio-repo.ts`); the pure policy stays the definition.
 * Each case builds a portfolio and grants from a seed, twice over (a second tenant with the same customer numbers,
 * accounts and Sparten, where the person holds a grant on everything), adds another person's grant with contracts
 * shared by hand, and compares what the statements find with the policy's answer over the whole tenant.
 */

let portal: TestPortal;

beforeAll(async () => {
  portal = await createTestPortal();
});
afterAll(async () => {
  await portal.close();
});

const CUSTOMERS = ['K1', 'K2', 'K3', 'K4', 'K5'];
const ACCOUNTS = ['V1', 'V2', 'V3'];
const SPARTEN = ['010', '040', '051', '052', '130', '140', '070', '999'];
const STATUSES = ['active', 'active', 'dormant', 'cancelled'] as const;
const PRODUCTS = ['', 'Basis', 'Über-Schutz', 'Komfort', 'ärztlich', 'Zahn'];
const LIMITS = ['Kfz', '130', 'Hausrat', 'haftpflicht', '999', 'Leben', 'Wohngebäude', 'unbekannt', ' 052 '];

interface CaseData {
  customers: { customerNumber: string; accounts: string[]; lastName: string }[];
  contracts: {
    policyNumber: string;
    customerNumber: string;
    sparte: string;
    status: string;
    productName: string | null;
    premium: number | null;
  }[];
  grants: {
    name: string;
    kind: 'customer' | 'intermediary';
    numbers: string[];
    automatic: boolean;
    limits: string[];
    shared: string[];
  }[];
  otherShared: string[];
}

function caseOf(seed: number): CaseData {
  const random = randomOf(seed);
  const customers = CUSTOMERS.map((customerNumber, index) => ({
    customerNumber,
    accounts: random.some(ACCOUNTS, 0.4),
    lastName: random.pick(['Ähre', 'Bauer', 'Zander', 'adler', 'Özdemir']) + String(index),
  }));
  const contracts = Array.from({ length: 14 + Math.floor(random.next() * 12) }, (_, index) => ({
    policyNumber: `P${String(index).padStart(2, '0')}`,
    customerNumber: random.pick(CUSTOMERS),
    sparte: random.pick(SPARTEN),
    status: random.pick(STATUSES),
    productName: random.pick(PRODUCTS) || null,
    premium: random.next() < 0.8 ? Math.floor(random.next() * 100_000) : null,
  }));
  const kind: 'customer' | 'intermediary' = random.next() < 0.6 ? 'customer' : 'intermediary';
  const grants = Array.from({ length: 1 + Math.floor(random.next() * 3) }, (_, index) => ({
    name: `G${index}`,
    kind,
    numbers: random.some(kind === 'customer' ? [...CUSTOMERS, 'K9'] : [...ACCOUNTS, 'V9'], 0.35),
    automatic: random.next() < 0.7,
    limits: random.next() < 0.6 ? random.some(LIMITS, 0.3) : [],
    shared: random.some(
      contracts.map((item) => item.policyNumber),
      0.12,
    ),
  }));
  const otherShared = random.some(
    contracts.map((item) => item.policyNumber),
    0.3,
  );
  return { customers, contracts, grants, otherShared };
}

async function portfolioOf(slug: string, data: CaseData) {
  const tenant = await createTestTenant(portal, slug, `Makler ${slug}`);
  const items = [
    ...data.customers.map((customer) => ({
      type: 'customer',
      action: 'upsert',
      customer: {
        customerNumber: customer.customerNumber,
        kind: 'private',
        lastName: customer.lastName,
        intermediaryAccounts: customer.accounts,
      },
    })),
    ...data.contracts.map((contract) => ({
      type: 'contract',
      action: 'upsert',
      contract: {
        insurerNumber: '5311',
        sparte: contract.sparte,
        policyNumber: contract.policyNumber,
        customerNumber: contract.customerNumber,
        status: contract.status,
        productName: contract.productName ?? undefined,
        paymentFrequency: 'monthly',
        premiumGrossCents: contract.premium ?? undefined,
      },
    })),
  ];
  const results = await portal.services.portfolio.upsertBatch(tenant.id, items, CLI_ORIGIN);
  const idOf = (index: number) => {
    const result = required(results[index]);
    expect(result.status).not.toBe('failed');
    return 'id' in result ? required(result.id) : '';
  };
  const customerIds = new Map(data.customers.map((customer, index) => [customer.customerNumber, idOf(index)]));
  const contractIds = new Map(
    data.contracts.map((contract, index) => [contract.policyNumber, idOf(data.customers.length + index)]),
  );
  return { tenantId: tenant.id, customerIds, contractIds };
}

async function holderOf(
  tenantId: string,
  email: string,
  grants: CaseData['grants'],
  contractIds: Map<string, string>,
): Promise<{ identityId: string; grants: GrantForVisibility[] }> {
  let identityId = '';
  const held: GrantForVisibility[] = [];
  for (const grant of grants) {
    // Some grants include claims, so the navigation's flag read with the grants is checked against them.
    const includeClaims = grant.numbers.length % 2 === 1;
    const created = await portal.services.grants.createGrant(tenantId, {
      name: grant.name,
      kind: grant.kind,
      customerNumbers: grant.numbers,
      shareContractsAutomatically: grant.automatic,
      restrictedLinesOfBusiness: grant.limits,
      includeClaims,
    });
    const outcome = await portal.services.invitations.invite({
      tenantId,
      email,
      name: 'Person',
      role: grant.kind === 'customer' ? 'policyholder' : 'intermediary',
      grantName: grant.name,
    });
    identityId = outcome.identityId;
    const shared = grant.shared.map((policyNumber) => required(contractIds.get(policyNumber)));
    for (const contractId of shared) {
      await portal.services.portfolio.shareContract(tenantId, created.id, contractId, CLI_ORIGIN);
    }
    held.push({
      id: created.id,
      kind: grant.kind,
      numbers: grant.numbers,
      shareContractsAutomatically: grant.automatic,
      restrictedLinesOfBusiness: grant.limits,
      includeReferenceAddresses: false,
      sharedContractIds: shared,
      documentProfile: null,
      includeClaims,
      claimsNeedRelease: false,
      mayReleaseClaims: false,
    });
  }
  return { identityId, grants: held };
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

/** The claim scopes that reach a claim at the place, as the claims module uses them, in the grants' order of ids. */
function reachingScopes(scopes: readonly ClaimScope[], place: { contractId: string | null; customerId: string }) {
  return scopes
    .filter((scope) =>
      place.contractId === null
        ? scope.customerIds.includes(place.customerId)
        : scope.contractIds.includes(place.contractId),
    )
    .map(({ grantId, withoutContract, ownOnly, needsRelease, mayRelease }) => ({
      grantId,
      withoutContract,
      ownOnly,
      needsRelease,
      mayRelease,
    }))
    .sort((a, b) => a.grantId.localeCompare(b.grantId));
}

/**
 * A claim's pages decide it from its customer's and contract's keys, read with the claim (`claimDecisionColumn`): for
 * a claim at every contract of the case and without a contract at every customer, in every state, from the person and
 * from someone else, through each grant, the decision must say what the whole portfolio's decision says; and the page's
 * navigation and summary what the navigation's own statements find.
 */
async function expectClaimDecisionsAsWhole(
  here: { tenantId: string; customerIds: Map<string, string>; contractIds: Map<string, string> },
  data: CaseData,
  person: { identityId: string; grants: GrantForVisibility[] },
  known: { flags: unknown; summary: PortfolioSummary; seenContractIds: string[] },
) {
  const { visibility } = portal.services;
  const whole = await visibility.claimScopesOf(here.tenantId, person.identityId);
  const places = [
    ...data.contracts.map((contract) => ({
      contractId: required(here.contractIds.get(contract.policyNumber)),
      customerId: required(here.customerIds.get(contract.customerNumber)),
    })),
    ...data.customers.map((customer) => ({
      contractId: null,
      customerId: required(here.customerIds.get(customer.customerNumber)),
    })),
  ];
  type ColumnOf = typeof visibility.claimDecisionColumn;
  const readAt = async (place: { contractId: string | null; customerId: string }, columnOf: ColumnOf) => {
    const column = columnOf(here.tenantId, person.identityId, {
      contractId: sql`${place.contractId}::uuid`,
      customerId: sql`${place.customerId}::uuid`,
    });
    const result = await portal.database.handle.db.execute(sql`select ${column} as "decision"`);
    return required((result as { rows: { decision: unknown }[] }).rows[0]).decision;
  };
  for (const place of places) {
    const decided = visibility.claimDecisionOf(
      await readAt(place, (...args) => visibility.claimDecisionColumn(...args)),
    );
    const isSeen = place.contractId !== null && known.seenContractIds.includes(place.contractId);
    expect(decided.contract?.id ?? null).toBe(isSeen ? place.contractId : null);
    expect(reachingScopes(decided.scopes, place)).toEqual(reachingScopes(whole, place));
    for (const status of ['draft', 'awaiting_release', 'submitted']) {
      for (const reporterIdentityId of [person.identityId, 'someone-else']) {
        for (const grantId of [...person.grants.map((grant) => grant.id), null]) {
          const claim = { ...place, status, reporterIdentityId, grantId };
          expect(isClaimVisible(decided.scopes, claim, person.identityId)).toBe(
            isClaimVisible(whole, claim, person.identityId),
          );
          expect(mayReleaseClaim(decided.scopes, claim, person.identityId)).toBe(
            mayReleaseClaim(whole, claim, person.identityId),
          );
        }
      }
    }
    const page = await visibility.claimPageDecisionOf(
      here.tenantId,
      person.identityId,
      await readAt(place, (...args) => visibility.claimPageColumn(...args)),
    );
    expect(page.contract).toEqual(decided.contract);
    expect(page.navigation).toEqual(known.flags);
    expect(page.summary).toEqual(isSeen ? known.summary : undefined);
  }
}

describe('the portfolio pages decided in SQL', () => {
  it.each(Array.from({ length: 12 }, (_, index) => index + 1))(
    'find what the policy decides, no more and no less (seed %i)',
    async (seed) => {
      const data = caseOf(seed);
      const email = `sql-${seed}@example.com`;
      const here = await portfolioOf(`sql-${seed}-a`, data);
      const there = await portfolioOf(`sql-${seed}-b`, data);
      const person = await holderOf(here.tenantId, email, data.grants, here.contractIds);
      // The same person sees everything of the other tenant, and another person of this tenant holds a grant with
      // contracts shared by hand: neither may show.
      await holderOf(
        there.tenantId,
        email,
        [
          {
            name: 'Alles',
            kind: data.grants[0]?.kind ?? 'customer',
            numbers: data.grants[0]?.kind === 'intermediary' ? ACCOUNTS : CUSTOMERS,
            automatic: true,
            limits: [],
            shared: data.contracts.map((item) => item.policyNumber),
          },
        ],
        there.contractIds,
      );
      await holderOf(
        here.tenantId,
        `other-${seed}@example.com`,
        [{ name: 'Andere', kind: 'customer', numbers: ['K9'], automatic: false, limits: [], shared: data.otherShared }],
        here.contractIds,
      );

      const decision = decideVisibility(
        person.grants,
        data.customers.map((customer) => ({
          id: required(here.customerIds.get(customer.customerNumber)),
          customerNumber: customer.customerNumber,
          intermediaryAccounts: customer.accounts,
          referenceAddresses: [],
        })),
        data.contracts.map((contract) => ({
          id: required(here.contractIds.get(contract.policyNumber)),
          customerId: required(here.customerIds.get(contract.customerNumber)),
          sparte: contract.sparte,
          referenceAddresses: [],
        })),
      );
      const { visibility } = portal.services;
      const found = await visibility.visibleIdsBySql(here.tenantId, person.identityId);
      expect(sorted(found.contractIds)).toEqual(sorted(decision.contracts.map((visible) => visible.item.id)));
      expect(sorted(found.customerIds)).toEqual(sorted(decision.customers.map((visible) => visible.item.id)));

      // The pages: the list's pages and filters and the overview against the same views shaped in memory; the
      // navigation's flags they read with the grants against the navigation's own statement.
      const flags = await portal.services.delegations.navigationFlagsOf(here.tenantId, person.identityId);
      const portfolio = await visibility.portfolioOf(here.tenantId, person.identityId);
      expect(sorted(portfolio.contracts.map((contract) => contract.id))).toEqual(sorted(found.contractIds));
      const random = randomOf(seed * 7);
      const filters = [
        { customerNumber: '', sparte: '', status: '', page: 1 },
        { customerNumber: random.pick(CUSTOMERS), sparte: '', status: '', page: 1 },
        { customerNumber: '', sparte: random.pick(SPARTEN), status: random.pick(STATUSES), page: 1 },
        { customerNumber: '', sparte: '', status: '', page: 2 },
        { customerNumber: '', sparte: '', status: '', page: 9 },
      ];
      for (const parameters of filters) {
        // Fewer contracts than one page of the page module: its first page is every match in the portal's order.
        const pageSize = 4;
        const all = contractListPageOf(portfolio.contracts, { ...parameters, page: 1 });
        expect(all.contracts).toHaveLength(all.total);
        const pageCount = Math.max(1, Math.ceil(all.total / pageSize));
        const page = Math.min(parameters.page, pageCount);
        const result = await visibility.contractListOf(here.tenantId, person.identityId, parameters, {
          page: parameters.page,
          pageSize,
        });
        expect({ total: result.total, page: result.page, pageCount: result.pageCount }).toEqual({
          total: all.total,
          page,
          pageCount,
        });
        expect(result.navigation).toEqual(flags);
        expect(result.contracts).toEqual(
          all.contracts.slice((page - 1) * pageSize, page * pageSize).map((contract) => ({
            id: contract.id,
            sparte: contract.sparte,
            sparteName: contract.sparteName,
            policyNumber: contract.policyNumber,
            insurerNumber: contract.insurerNumber,
            insurerName: contract.insurerName,
            productName: contract.productName,
            status: contract.status,
            paymentFrequency: contract.paymentFrequency,
            premiumGrossCents: contract.premiumGrossCents,
            customerNumber: contract.customerNumber,
            customerName: contract.customerName,
          })),
        );
        expect(sorted(result.customers.map((customer) => `${customer.customerNumber} ${customer.name}`))).toEqual(
          sorted(all.customers.map((customer) => `${customer.customerNumber} ${customer.name}`)),
        );
        expect(sorted(result.sparten.map((sparte) => sparte.code))).toEqual(
          sorted(all.sparten.map((sparte) => sparte.code)),
        );
      }

      for (const search of ['', 'k', 'ä', 'BAU', 'K3', 'nichts']) {
        const pageSize = 2;
        const all = customerListPageOf(portfolio.customers, portfolio.contracts, (name) =>
          name === 'suche' ? search : undefined,
        );
        for (const asked of [1, 2, 7]) {
          const result = await visibility.customerListOf(here.tenantId, person.identityId, search, {
            page: asked,
            pageSize,
          });
          expect(result.isIntermediary).toBe(portfolio.isIntermediary);
          if (!portfolio.isIntermediary) {
            continue;
          }
          const pageCount = Math.max(1, Math.ceil(all.total / pageSize));
          const page = Math.min(asked, pageCount);
          expect({ total: result.total, page: result.page, pageCount: result.pageCount }).toEqual({
            total: all.total,
            page,
            pageCount,
          });
          expect(
            result.customers.map(({ customer, contractCount }) => [
              customer.customerNumber,
              customer.displayName,
              contractCount,
            ]),
          ).toEqual(
            all.customers
              .slice((page - 1) * pageSize, page * pageSize)
              .map(({ customer, contractCount }) => [customer.customerNumber, customer.displayName, contractCount]),
          );
        }
      }

      const overview = await visibility.overviewOf(here.tenantId, person.identityId);
      const coverage = summarizeCoverage(portfolio.contracts);
      expect(overview.active.map((contract) => contract.id)).toEqual(
        coverage.groups.flatMap((group) => group.contracts.map((contract) => contract.id)),
      );
      expect(overview.contractCount).toBe(portfolio.contracts.length);
      expect(overview.navigation).toEqual(flags);
      expect(overview.customerCount).toBe(new Set(portfolio.contracts.map((item) => item.customerNumber)).size);
      const summary = await visibility.summaryOf(here.tenantId, person.identityId);
      expect(overview.summary).toEqual(summary);
      expect(summary).toEqual({
        hasContracts: decision.contracts.length > 0,
        hasIntermediaryCustomers: portfolio.isIntermediary && portfolio.customers.length > 0,
        holdsClaimsGrant: person.grants.some((grant) => grant.includeClaims),
        reportsWithoutContract: false,
      });

      await expectClaimDecisionsAsWhole(here, data, person, { flags, summary, seenContractIds: found.contractIds });
    },
  );
});

const INTERMEDIARY_ACCOUNTS = ['V1', 'V2', 'V3', 'V4'];

/**
 * An intermediary's portfolio: more customers than the contract list's customer choices and than two pages of the
 * customer list, in none, one or several accounts; grants on several accounts with and without automatic sharing,
 * with Sparten limits, and with contracts shared by hand, some of customers no grant reaches.
 */
function intermediaryCaseOf(seed: number): CaseData {
  const random = randomOf(seed);
  const customers = Array.from({ length: 150 }, (_, index) => ({
    customerNumber: `I${String(index).padStart(3, '0')}`,
    accounts: random.some(INTERMEDIARY_ACCOUNTS, 0.5),
    lastName: random.pick(['Ähre', 'Bauer', 'Zander', 'adler', 'Özdemir', 'Müller']) + String(index),
  }));
  // Every customer has a contract; some several.
  const contracts = Array.from({ length: 3 * customers.length }, (_, index) => ({
    policyNumber: `P${String(index).padStart(3, '0')}`,
    customerNumber: (index < customers.length ? required(customers[index]) : random.pick(customers)).customerNumber,
    sparte: random.pick(SPARTEN),
    status: random.pick(STATUSES),
    productName: random.pick(PRODUCTS) || null,
    premium: random.next() < 0.8 ? Math.floor(random.next() * 100_000) : null,
  }));
  const policies = contracts.map((item) => item.policyNumber);
  const grants: CaseData['grants'] = [
    {
      name: 'V1 und V2',
      kind: 'intermediary',
      numbers: ['V1', 'V2'],
      automatic: true,
      limits: seed % 2 === 0 ? [] : ['Kfz', 'Hausrat', 'haftpflicht', '999', ' 052 '],
      shared: random.some(policies, 0.05),
    },
    { name: 'V3 von Hand', kind: 'intermediary', numbers: ['V3'], automatic: false, limits: [], shared: [] },
  ];
  grants[1] = { ...required(grants[1]), shared: random.some(policies, 0.1) };
  if (seed % 2 === 0) {
    grants.push({
      name: 'V4 begrenzt',
      kind: 'intermediary',
      numbers: ['V4', 'V9'],
      automatic: true,
      limits: random.some(LIMITS, 0.5),
      shared: [],
    });
  }
  return { customers, contracts, grants, otherShared: random.some(policies, 0.3) };
}

/** A list page with each contract as the columns the list shows of it, to compare the database's with memory's. */
function shownOf(page: ContractListPage) {
  return {
    ...page,
    contracts: page.contracts.map((contract) => [
      contract.id,
      contract.customerName,
      contract.sparteName,
      contract.premiumGrossCents,
    ]),
  };
}

describe("an intermediary's pages decided in SQL", () => {
  it.each([1, 2])(
    'page, search and count customers and one customer’s contracts as the policy decides (seed %i)',
    async (seed) => {
      const data = intermediaryCaseOf(seed);
      const email = `vermittler-${seed}@example.com`;
      const here = await portfolioOf(`vm-${seed}-a`, data);
      const there = await portfolioOf(`vm-${seed}-b`, data);
      const person = await holderOf(here.tenantId, email, data.grants, here.contractIds);
      // Everything of the other tenant, and another person's grant here with contracts shared by hand: neither shows.
      await holderOf(
        there.tenantId,
        email,
        [
          {
            name: 'Alles',
            kind: 'intermediary',
            numbers: INTERMEDIARY_ACCOUNTS,
            automatic: true,
            limits: [],
            shared: data.contracts.map((item) => item.policyNumber),
          },
        ],
        there.contractIds,
      );
      await holderOf(
        here.tenantId,
        `anderer-${seed}@example.com`,
        [
          {
            name: 'Andere',
            kind: 'intermediary',
            numbers: ['V9'],
            automatic: false,
            limits: [],
            shared: data.otherShared,
          },
        ],
        here.contractIds,
      );
      const { visibility } = portal.services;
      const decision = decideVisibility(
        person.grants,
        data.customers.map((customer) => ({
          id: required(here.customerIds.get(customer.customerNumber)),
          customerNumber: customer.customerNumber,
          intermediaryAccounts: customer.accounts,
          referenceAddresses: [],
        })),
        data.contracts.map((contract) => ({
          id: required(here.contractIds.get(contract.policyNumber)),
          customerId: required(here.customerIds.get(contract.customerNumber)),
          sparte: contract.sparte,
          referenceAddresses: [],
        })),
      );
      const portfolio = await visibility.portfolioOf(here.tenantId, person.identityId);
      expect(sorted(portfolio.contracts.map((contract) => contract.id))).toEqual(
        sorted(decision.contracts.map((visible) => visible.item.id)),
      );
      expect(sorted(portfolio.customers.map((customer) => customer.id))).toEqual(
        sorted(decision.customers.map((visible) => visible.item.id)),
      );
      // More customers than the choices: the list offers none and names each row's customer.
      expect(new Set(portfolio.contracts.map((contract) => contract.customerNumber)).size).toBeGreaterThan(
        CUSTOMER_CHOICES,
      );

      for (const search of ['', 'i0', 'ä', 'ÖZDEMIR', 'I10', 'nichts']) {
        for (const asked of [1, 2, 3, 9]) {
          const read = (name: string) => (name === 'suche' ? search : name === 'seite' ? String(asked) : undefined);
          const expected = customerListPageOf(portfolio.customers, portfolio.contracts, read);
          const result = await visibility.customerListOf(here.tenantId, person.identityId, search, {
            page: asked,
            pageSize: PORTFOLIO_PAGE_SIZE,
          });
          expect(result.isIntermediary).toBe(true);
          expect({ total: result.total, page: result.page, pageCount: result.pageCount }).toEqual({
            total: expected.total,
            page: expected.page,
            pageCount: expected.pageCount,
          });
          expect(
            result.customers.map(({ customer, contractCount }) => [customer.id, customer.displayName, contractCount]),
          ).toEqual(
            expected.customers.map(({ customer, contractCount }) => [customer.id, customer.displayName, contractCount]),
          );
        }
      }

      // Customers' contracts (a sixth of them, those with a contract shared by hand into the grant without automatic
      // sharing, some of whom no grant reaches, and a number only another tenant has), whole and filtered, against the
      // list shaped in memory.
      const random = randomOf(seed * 11);
      const byHand = new Set(
        (data.grants[1]?.shared ?? []).map(
          (policyNumber) => data.contracts.find((contract) => contract.policyNumber === policyNumber)?.customerNumber,
        ),
      );
      const numbers = [
        ...data.customers
          .filter((customer, index) => index % 6 === 0 || byHand.has(customer.customerNumber))
          .map((customer) => customer.customerNumber),
        'X-1',
      ];
      for (const customerNumber of numbers) {
        const filters = [
          { customerNumber, sparte: '', status: '', page: 1 },
          ...(random.next() < 0.2 ? [{ customerNumber, sparte: random.pick(SPARTEN), status: '', page: 1 }] : []),
          ...(random.next() < 0.2 ? [{ customerNumber, sparte: '', status: random.pick(STATUSES), page: 3 }] : []),
        ];
        for (const parameters of filters) {
          const expected = contractListPageOf(portfolio.contracts, parameters);
          const result = contractListPageOfResult(
            await visibility.contractListOf(here.tenantId, person.identityId, parameters, {
              page: parameters.page,
              pageSize: PORTFOLIO_PAGE_SIZE,
            }),
            parameters,
          );
          expect(shownOf(result)).toEqual(shownOf(expected));
        }
      }
      for (const parameters of [
        { customerNumber: '', sparte: '', status: '', page: 2 },
        { customerNumber: '', sparte: random.pick(SPARTEN), status: 'active', page: 1 },
      ]) {
        const result = contractListPageOfResult(
          await visibility.contractListOf(here.tenantId, person.identityId, parameters, {
            page: parameters.page,
            pageSize: PORTFOLIO_PAGE_SIZE,
          }),
          parameters,
        );
        expect(shownOf(result)).toEqual(shownOf(contractListPageOf(portfolio.contracts, parameters)));
        expect(result.customers).toEqual([]);
        expect(result.hasSeveralCustomers).toBe(true);
      }

      // Removed from every grant: nothing of the portfolio is left, and the customer list is not found.
      for (const grant of person.grants) {
        await portal.services.grants.removePersonFromGrant(here.tenantId, grant.id, person.identityId, CLI_ORIGIN);
      }
      const list = await visibility.customerListOf(here.tenantId, person.identityId, '', {
        page: 1,
        pageSize: PORTFOLIO_PAGE_SIZE,
      });
      expect({ isIntermediary: list.isIntermediary, total: list.total }).toEqual({ isIntermediary: false, total: 0 });
      const first = required(data.contracts[0]);
      const gone = await visibility.contractListOf(
        here.tenantId,
        person.identityId,
        { customerNumber: first.customerNumber, sparte: '', status: '' },
        { page: 1, pageSize: PORTFOLIO_PAGE_SIZE },
      );
      expect({ total: gone.total, customerName: gone.customerName, customers: gone.customers }).toEqual({
        total: 0,
        customerName: null,
        customers: [],
      });
    },
    120_000,
  );
});

describe("the grants read in the page's statement", () => {
  it('leave out a "Nur Schadenmeldung" grant and another tenant\'s grants from the list and the overview', async () => {
    const data = caseOf(5);
    const here = await portfolioOf('sql-claims-only-a', data);
    const there = await portfolioOf('sql-claims-only-b', data);
    const email = 'sql-claims-only@example.com';
    const grant = { kind: 'customer' as const, automatic: true, limits: [], shared: [] };
    const person = await holderOf(
      here.tenantId,
      email,
      [{ ...grant, name: 'Nur K1', numbers: ['K1'] }],
      here.contractIds,
    );
    await holderOf(there.tenantId, email, [{ ...grant, name: 'Alles dort', numbers: CUSTOMERS }], there.contractIds);
    await portal.services.grants.createGrant(here.tenantId, {
      name: 'Alles nur Schäden',
      kind: 'customer',
      customerNumbers: CUSTOMERS,
      shareContractsAutomatically: true,
      claimsOnly: true,
    });
    await portal.services.invitations.invite({
      tenantId: here.tenantId,
      email,
      name: 'Person',
      role: 'policyholder',
      grantName: 'Alles nur Schäden',
    });
    const { visibility } = portal.services;
    const k1 = data.contracts.filter((contract) => contract.customerNumber === 'K1');
    expect(k1.length).toBeGreaterThan(0);
    const list = await visibility.contractListOf(
      here.tenantId,
      person.identityId,
      { customerNumber: '', sparte: '', status: '' },
      { page: 1, pageSize: 1000 },
    );
    expect(sorted(list.contracts.map((contract) => contract.id))).toEqual(
      sorted(k1.map((contract) => required(here.contractIds.get(contract.policyNumber)))),
    );
    expect(list.summary.holdsClaimsGrant).toBe(true);
    const overview = await visibility.overviewOf(here.tenantId, person.identityId);
    expect(overview.contractCount).toBe(k1.length);
    expect(overview.customerCount).toBe(k1.length === 0 ? 0 : 1);
    expect(overview.active.every((contract) => contract.customerNumber === 'K1')).toBe(true);
  });
});

describe("a grant's Sparten decided in the page's statement", () => {
  it('allows exactly the codes the policy allows, for codes, words, names and unknown entries', async () => {
    const { createVisiblePortfolioQueries } = await import('./visible-portfolio-repo.js');
    const { sparteCodesAllowedBy } = await import('./visibility-policy.js');
    const queries = createVisiblePortfolioQueries(portal.database.handle.db);
    const lists = [
      [],
      ['Kfz'],
      [' 052 ', 'HAUSRAT'],
      ['\u00a0Wohngebäude\u3000', 'haftpflicht', '999'],
      ['Leben', 'Verbundene Hausrat', 'unbekannt'],
      ['Kraftfahrt', 'glas', 'Technische', '12', '0100', 'Sparte 010'],
      ['unbekannt'],
      [''],
      ['Ärztlich', 'Rechtsschutz', 'Kfz-Haftpflicht', 'gebäude'],
    ];
    for (const entries of lists) {
      const expected = sparteCodesAllowedBy({ restrictedLinesOfBusiness: entries });
      expect(await queries.sparteCodesBySql(entries), JSON.stringify(entries)).toEqual(
        expected === null ? null : [...expected].sort(),
      );
    }
  });
});

describe("the Sparten's places in the pages' order", () => {
  it('sort every possible code as the database sorts their names with the ICU collation, then their codes', async () => {
    const { createVisiblePortfolioQueries } = await import('./visible-portfolio-repo.js');
    const { sparteName } = await import('../portfolio/sparten.js');
    const queries = createVisiblePortfolioQueries(portal.database.handle.db);
    const codes = Array.from({ length: 1000 }, (_, index) => String(index).padStart(3, '0'));
    const names = JSON.stringify(codes.map((code) => ({ code, name: sparteName(code) })));
    const result = await portal.database.handle.db.execute(sql`
      select n.code from jsonb_to_recordset(${names}::jsonb) as n(code text, name text)
       order by n.name collate "und-x-icu", n.code`);
    const byName = (result as { rows: { code: string }[] }).rows.map((row) => row.code);
    expect(byName).toHaveLength(1000);
    // Not the codes' own order: the names decide (Kranken, 020, comes before Leben, 010).
    expect(byName).not.toEqual(codes);
    expect(await queries.sparteCodesInPageOrder()).toEqual(byName);
  });
});
