import { describe, expect, it } from 'vitest';
import {
  conversationGrantFor,
  conversationScopesOf,
  decideVisibility,
  isConversationVisible,
  type CandidateConversation,
  type GrantForVisibility,
} from './visibility-policy.js';

/** Customers A and B; Hausrat (130) and Kfz (050) contracts of A, Hausrat of B; "X" is another tenant's customer. */
const CUSTOMERS = [
  { id: 'A', customerNumber: 'A', intermediaryAccounts: ['V1'], referenceAddresses: [] },
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
    includeClaims: false,
    claimsNeedRelease: false,
    mayReleaseClaims: false,
    shareCases: false,
    ...options,
  };
}

function conversation(options: Partial<CandidateConversation>): CandidateConversation {
  return { customerId: 'A', contractId: null, grantId: 'g1', ownerIdentityId: 'me', ...options };
}

function sees(grants: GrantForVisibility[], candidate: CandidateConversation, identityId = 'me'): boolean {
  const scopes = conversationScopesOf(grants, decideVisibility(grants, CUSTOMERS, CONTRACTS));
  return isConversationVisible(scopes, candidate, identityId);
}

describe('conversations in the visibility policy', () => {
  it.each([
    ['one’s own conversation', [grant({})], conversation({}), true],
    ['the broker’s conversation with the customer', [grant({})], conversation({ ownerIdentityId: null }), true],
    ['not another person’s without sharing', [grant({})], conversation({ ownerIdentityId: 'other' }), false],
    [
      'another person’s of the same grant with "Vorgänge teilen"',
      [grant({ shareCases: true })],
      conversation({ ownerIdentityId: 'other' }),
      true,
    ],
    [
      'not another grant’s, even with "Vorgänge teilen"',
      [grant({ shareCases: true })],
      conversation({ ownerIdentityId: 'other', grantId: 'g2' }),
      false,
    ],
    [
      'sharing counts only through the grant that shares',
      [grant({ shareCases: false }), grant({ id: 'g2', shareCases: true, numbers: ['B'] })],
      conversation({ ownerIdentityId: 'other' }),
      false,
    ],
    ['not another customer’s', [grant({})], conversation({ customerId: 'B' }), false],
    ['not another tenant’s', [grant({})], conversation({ customerId: 'X', ownerIdentityId: null }), false],
    ['one about a contract the grant shows', [grant({})], conversation({ contractId: 'A-130' }), true],
    [
      'not one about a contract outside the grant’s Sparten',
      [grant({ restrictedLinesOfBusiness: ['Kfz'] })],
      conversation({ contractId: 'A-130', ownerIdentityId: null }),
      false,
    ],
    [
      'an intermediary grant’s customer',
      [grant({ kind: 'intermediary', numbers: ['V1'] })],
      conversation({ ownerIdentityId: null }),
      true,
    ],
    ['nothing without grants', [], conversation({}), false],
  ] as const)('%s', (_name, grants, candidate, isVisible) => {
    expect(sees([...grants], candidate)).toBe(isVisible);
  });

  it('starts a conversation through the first grant that reaches the customer and contract', () => {
    const grants = [grant({ numbers: ['B'] }), grant({ id: 'g2' }), grant({ id: 'g3' })];
    const scopes = conversationScopesOf(grants, decideVisibility(grants, CUSTOMERS, CONTRACTS));
    expect(conversationGrantFor(scopes, { customerId: 'A', contractId: 'A-050' })).toBe('g2');
    expect(conversationGrantFor(scopes, { customerId: 'B', contractId: null })).toBe('g1');
    expect(conversationGrantFor(scopes, { customerId: 'X', contractId: null })).toBeNull();
  });
});
