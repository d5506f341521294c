import { describe, expect, it } from 'vitest';
import {
  claimGrantFor,
  claimScopesOf,
  decideVisibility,
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

const submitted = (contractId: string | null): CandidateClaim => ({
  contractId,
  status: 'submitted',
  reporterIdentityId: 'someone',
  grantId: 'g1',
});

const awaiting = (reporterIdentityId: string, grantId = 'g1'): CandidateClaim => ({
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
    ['not a claim without a contract', [grant({})], submitted(null), false],
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
      { contractId: 'A-130', status: 'draft', reporterIdentityId: 'me', grantId: 'g1' },
      true,
    ],
    [
      'not another person’s draft',
      [grant({})],
      { contractId: 'A-130', status: 'draft', reporterIdentityId: 'other', grantId: 'g1' },
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
});
