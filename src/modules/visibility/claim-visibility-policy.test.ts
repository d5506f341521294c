import { describe, expect, it } from 'vitest';
import {
  claimGrantFor,
  claimGrantForCustomer,
  claimScopesOf,
  conversationScopesOf,
  customersClaimableWithoutContract,
  decideVisibility,
  documentScopesOf,
  isClaimVisible,
  mayReleaseClaim,
  type CandidateClaim,
  type GrantForVisibility,
} from './visibility-policy.js';

/** Customers A and B; Hausrat (130) and Kfz (050) contracts of A, Hausrat of B; "X-1" is another tenant's contract. */
const CUSTOMERS = [
  { id: 'A', customerNumber: 'A', intermediaryAccounts: [], referenceAddresses: [] },
  { id: 'B', customerNumber: 'B', intermediaryAccounts: [], referenceAddresses: [] },
];
const CONTRACTS = [
  { id: 'A-130', customerId: 'A', sparte: '130', referenceAddresses: [] },
  { id: 'A-050', customerId: 'A', sparte: '050', referenceAddresses: [] },
  { id: 'B-130', customerId: 'B', sparte: '130', referenceAddresses: [] },
];

function grant(options: Partial<GrantForVisibility>): GrantForVisibility {
  return {
    id: 'g1',
    kind: 'customer',
    numbers: ['A'],
    shareContractsAutomatically: true,
    restrictedLinesOfBusiness: [],
    includeReferenceAddresses: false,
    sharedContractIds: [],
    documentProfile: null,
    includeClaims: true,
    claimsNeedRelease: false,
    mayReleaseClaims: false,
    ...options,
  };
}

const submitted = (contractId: string | null, customerId = contractId?.slice(0, 1) ?? 'A'): CandidateClaim => ({
  customerId,
  contractId,
  status: 'submitted',
  reporterIdentityId: 'someone',
  grantId: 'g1',
});

const awaiting = (reporterIdentityId: string, grantId = 'g1'): CandidateClaim => ({
  customerId: 'A',
  contractId: 'A-130',
  status: 'awaiting_release',
  reporterIdentityId,
  grantId,
});

function sees(grants: GrantForVisibility[], claim: CandidateClaim, identityId = 'me'): boolean {
  return isClaimVisible(claimScopesOf(grants, decideVisibility(grants, CUSTOMERS, CONTRACTS)), claim, identityId);
}

describe('claims in the visibility policy', () => {
  it.each([
    ['a claim of a contract the grant shows', [grant({})], submitted('A-130'), true],
    ['no claims without "Schäden einschließen"', [grant({ includeClaims: false })], submitted('A-130'), false],
    ['not another customer’s contract', [grant({})], submitted('B-130'), false],
    ['not another tenant’s contract', [grant({})], submitted('X-1'), false],
    ['a claim without a contract of a customer the grant shows', [grant({})], submitted(null, 'A'), true],
    ['not a claim without a contract of another customer', [grant({})], submitted(null, 'B'), false],
    [
      'a claim without a contract through a grant that shows the customer but no contract',
      [grant({ shareContractsAutomatically: false })],
      submitted(null, 'A'),
      true,
    ],
    ['not outside the grant’s Sparten', [grant({ restrictedLinesOfBusiness: ['Kfz'] })], submitted('A-130'), false],
    [
      'a contract shared by hand',
      [grant({ shareContractsAutomatically: false, sharedContractIds: ['B-130'] })],
      submitted('B-130'),
      true,
    ],
    [
      'claims only through the grant that includes them',
      [grant({ includeClaims: false }), grant({ id: 'g2', numbers: ['B'] })],
      submitted('A-130'),
      false,
    ],
    [
      'one’s own draft',
      [grant({})],
      { customerId: 'A', contractId: 'A-130', status: 'draft', reporterIdentityId: 'me', grantId: 'g1' },
      true,
    ],
    [
      'not another person’s draft',
      [grant({})],
      { customerId: 'A', contractId: 'A-130', status: 'draft', reporterIdentityId: 'other', grantId: 'g1' },
      false,
    ],
    ['one’s own claim awaiting release', [grant({ claimsNeedRelease: true })], awaiting('me'), true],
    [
      'another’s claim awaiting release with the right in its grant',
      [grant({ claimsNeedRelease: true, mayReleaseClaims: true })],
      awaiting('other'),
      true,
    ],
    [
      'not another’s claim awaiting release without the right',
      [grant({ claimsNeedRelease: true })],
      awaiting('other'),
      false,
    ],
    [
      'not with the right in another grant showing the same contract',
      [grant({ claimsNeedRelease: true }), grant({ id: 'g2', mayReleaseClaims: true })],
      awaiting('other'),
      false,
    ],
  ] as const)('%s', (_name, grants, claim, isVisible) => {
    expect(sees([...grants], claim)).toBe(isVisible);
  });

  it('lets only another person with the right in the claim’s grant release it', () => {
    const scopesOf = (grants: GrantForVisibility[]) =>
      claimScopesOf(grants, decideVisibility(grants, CUSTOMERS, CONTRACTS));
    const releaser = scopesOf([grant({ claimsNeedRelease: true, mayReleaseClaims: true })]);
    expect(mayReleaseClaim(releaser, awaiting('other'), 'me')).toBe(true);
    expect(mayReleaseClaim(releaser, awaiting('me'), 'me')).toBe(false);
    expect(mayReleaseClaim(releaser, { ...awaiting('other'), status: 'submitted' }, 'me')).toBe(false);
    expect(mayReleaseClaim(releaser, awaiting('other', 'g2'), 'me')).toBe(false);
    expect(mayReleaseClaim(scopesOf([grant({ claimsNeedRelease: true })]), awaiting('other'), 'me')).toBe(false);
  });

  it('reports through the first grant that allows claims for the contract', () => {
    const grants = [grant({ includeClaims: false }), grant({ id: 'g2' }), grant({ id: 'g3' })];
    const scopes = claimScopesOf(grants, decideVisibility(grants, CUSTOMERS, CONTRACTS));
    expect(claimGrantFor(scopes, 'A-050')).toBe('g2');
    expect(claimGrantFor(scopes, 'B-130')).toBeNull();
  });

  it('reports without a contract only through a grant that allows it, for the customers it shows', () => {
    const grants = [grant({}), grant({ id: 'g2', claimsWithoutContract: true, numbers: ['A', 'B'] })];
    const scopes = claimScopesOf(grants, decideVisibility(grants, CUSTOMERS, CONTRACTS));
    expect(claimGrantForCustomer(scopes, 'A')).toBe('g2');
    expect(claimGrantForCustomer(scopes, 'X')).toBeNull();
    expect(customersClaimableWithoutContract(scopes)).toEqual(['A', 'B']);
    const without = [grant({})];
    expect(claimGrantForCustomer(claimScopesOf(without, decideVisibility(without, CUSTOMERS, CONTRACTS)), 'A')).toBe(
      null,
    );
  });
});

/**
 * "Nur Schadenmeldung": the person sees no customers, contracts, reference addresses, documents or conversations; they
 * report claims without a contract for the grant's customers and see only the claims they reported themselves.
 */
describe('a grant for claim reports only', () => {
  const only = (options: Partial<GrantForVisibility> = {}) =>
    grant({ claimsOnly: true, includeClaims: false, includeReferenceAddresses: true, shareCases: true, ...options });
  const decisionOf = (grants: GrantForVisibility[]) => decideVisibility(grants, CUSTOMERS, CONTRACTS);
  const mine = (status: string, contractId: string | null = null): CandidateClaim => ({
    customerId: 'A',
    contractId,
    status,
    reporterIdentityId: 'me',
    grantId: 'g1',
  });

  it('shows nothing of the portfolio, documents or conversations', () => {
    const grants = [only({ documentProfile: 'Alle Dokumente' })];
    const decision = decisionOf(grants);
    expect(decision.customers).toEqual([]);
    expect(decision.contracts).toEqual([]);
    expect(documentScopesOf(grants, decision)).toEqual([]);
    expect(conversationScopesOf(grants, decision)).toEqual([]);
    expect(decision.claimsOnlyCustomers).toEqual([{ item: { id: 'A' }, grantIds: ['g1'] }]);
  });

  it('leaves what the person’s other grants show as it is', () => {
    const grants = [only(), grant({ id: 'g2', numbers: ['B'] })];
    const decision = decisionOf(grants);
    expect(decision.customers.map((visible) => visible.item.id)).toEqual(['B']);
    expect(decision.contracts.map((visible) => visible.item.id)).toEqual(['B-130']);
  });

  it.each([
    ['one’s own draft without a contract', mine('draft'), true],
    ['one’s own reported claim', mine('submitted'), true],
    ['one’s own claim being handled', mine('in_progress'), true],
    ['not another’s reported claim of the same customer', { ...mine('submitted'), reporterIdentityId: 'other' }, false],
    [
      'not a claim of the customer’s contract',
      { ...mine('submitted'), reporterIdentityId: 'other', contractId: 'A-130' },
      false,
    ],
    ['not a claim of another customer', { ...mine('submitted'), customerId: 'B' }, false],
  ] as const)('%s', (_name, claim, isVisible) => {
    const grants = [only()];
    expect(isClaimVisible(claimScopesOf(grants, decisionOf(grants)), claim, 'me')).toBe(isVisible);
  });

  it('reports without a contract for the grant’s customers, never for a contract', () => {
    const grants = [only()];
    const scopes = claimScopesOf(grants, decisionOf(grants));
    expect(claimGrantForCustomer(scopes, 'A')).toBe('g1');
    expect(claimGrantForCustomer(scopes, 'B')).toBeNull();
    expect(claimGrantFor(scopes, 'A-130')).toBeNull();
  });

  it('lets a person with the release right see and release only the claims waiting for them', () => {
    const grants = [only({ claimsNeedRelease: true, mayReleaseClaims: true })];
    const scopes = claimScopesOf(grants, decisionOf(grants));
    const waiting = { ...mine('awaiting_release'), reporterIdentityId: 'other' };
    expect(mayReleaseClaim(scopes, waiting, 'me')).toBe(true);
    expect(isClaimVisible(scopes, waiting, 'me')).toBe(true);
    expect(isClaimVisible(scopes, { ...waiting, status: 'submitted' }, 'me')).toBe(false);
  });
});
