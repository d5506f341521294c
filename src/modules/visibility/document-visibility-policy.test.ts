import { describe, expect, it } from 'vitest';
import {
  decideVisibility,
  documentScopesOf,
  isDocumentVisible,
  type CandidateDocument,
  type GrantForVisibility,
} from './visibility-policy.js';

/**
 * Customers A and B of this tenant, X of another tenant (never among the candidates a tenant's query loads, but its ids
 * may be named); Hausrat (130) and Kfz (050) contracts of A, Hausrat of B.
 */
const CUSTOMERS = [
  { id: 'A', customerNumber: 'A', intermediaryAccounts: [], referenceAddresses: [] },
  { id: 'B', customerNumber: 'B', intermediaryAccounts: [], referenceAddresses: [] },
];
const CONTRACTS = [
  { id: 'A-130', customerId: 'A', sparte: '130', referenceAddresses: [] },
  { id: 'A-050', customerId: 'A', sparte: '050', referenceAddresses: [] },
  { id: 'B-130', customerId: 'B', sparte: '130', referenceAddresses: [] },
];
const TENANT_VISIBLE = new Set(['Police', 'Beitragsrechnung']);

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
    ...options,
  };
}

function sees(grants: GrantForVisibility[], document: CandidateDocument): boolean {
  const scopes = documentScopesOf(grants, decideVisibility(grants, CUSTOMERS, CONTRACTS));
  return isDocumentVisible(scopes, document, TENANT_VISIBLE);
}

const doc = (customerId: string, contractId: string | null, keywords: string[]): CandidateDocument => ({
  customerId,
  contractId,
  keywords,
});

type Row = [profile: string | null, document: CandidateDocument, isSeen: boolean];

/** One customer grant on A with automatic sharing; the document profile and the document vary. */
const TABLE: Row[] = [
  [null, doc('A', null, ['Police']), true],
  [null, doc('A', 'A-130', ['Police', 'Beitragsrechnung']), true],
  [null, doc('A', 'A-130', ['Police', 'Mahnung']), false],
  [null, doc('A', 'A-130', ['Mahnung']), false],
  [null, doc('A', null, []), false],
  ['Standard', doc('A', 'A-050', ['Beitragsrechnung']), true],
  ['Standard', doc('A', 'A-050', ['Schadenkorrespondenz']), false],
  ['Profil von früher', doc('A', null, ['Police']), true],
  ['Profil von früher', doc('A', null, ['Mahnung']), false],
  ['Alle Dokumente', doc('A', null, []), true],
  ['Alle Dokumente', doc('A', 'A-130', ['Mahnung']), true],
  ['Alle Dokumente', doc('B', null, ['Police']), false],
  ['Alle Dokumente', doc('B', 'B-130', ['Police']), false],
  ['Alle Dokumente', doc('X', null, ['Police']), false],
  ['Alle Dokumente', doc('A', 'X-130', ['Police']), false],
  ['Keine Dokumente', doc('A', null, ['Police']), false],
  ['Keine Dokumente', doc('A', 'A-130', ['Police']), false],
  ['Nur Policen', doc('A', 'A-130', ['Police']), true],
  ['Nur Policen', doc('A', 'A-130', ['Nachtrag']), true],
  ['Nur Policen', doc('A', 'A-130', ['Police', 'Nachtrag']), true],
  ['Nur Policen', doc('A', 'A-130', ['Beitragsrechnung']), false],
  ['Nur Policen', doc('A', 'A-130', ['Police', 'Beitragsrechnung']), false],
  ['Nur Policen', doc('A', null, []), false],
  ['Vertrag und Schaden', doc('A', 'A-130', ['Schadenkorrespondenz']), true],
  ['Vertrag und Schaden', doc('A', 'A-130', ['Beitragsrechnung', 'Police']), true],
  ['Vertrag und Schaden', doc('A', 'A-130', ['Mahnung']), false],
  ['Vertrag und Schaden', doc('B', 'B-130', ['Police']), false],
];

describe('document visibility: one grant, each document profile', () => {
  it.each(TABLE)('profile %j, document %j: seen %s', (profile, document, isSeen) => {
    expect(sees([grant({ documentProfile: profile })], document)).toBe(isSeen);
  });
});

describe('document visibility: contracts and grants', () => {
  it("shows a contract's documents only through a grant that shows the contract", () => {
    const hausratOnly = grant({ documentProfile: 'Alle Dokumente', restrictedLinesOfBusiness: ['130'] });
    expect(sees([hausratOnly], doc('A', 'A-130', []))).toBe(true);
    expect(sees([hausratOnly], doc('A', 'A-050', []))).toBe(false);
    expect(sees([hausratOnly], doc('A', null, []))).toBe(true);
  });

  it('shows no documents of contracts without automatic sharing, but those of a contract shared by hand', () => {
    const byHand = grant({
      documentProfile: 'Alle Dokumente',
      shareContractsAutomatically: false,
      numbers: [],
      sharedContractIds: ['B-130'],
    });
    expect(sees([byHand], doc('B', 'B-130', ['Police']))).toBe(true);
    expect(sees([byHand], doc('B', null, ['Police']))).toBe(false);
    expect(sees([byHand], doc('A', 'A-130', ['Police']))).toBe(false);
  });

  it("applies each grant's own profile to what that grant shows", () => {
    const policiesOfA = grant({ id: 'a', documentProfile: 'Nur Policen' });
    const everythingOfB = grant({ id: 'b', numbers: ['B'], documentProfile: 'Alle Dokumente' });
    const grants = [policiesOfA, everythingOfB];
    expect(sees(grants, doc('A', 'A-130', ['Mahnung']))).toBe(false);
    expect(sees(grants, doc('B', 'B-130', ['Mahnung']))).toBe(true);
    expect(sees(grants, doc('A', 'A-130', ['Police']))).toBe(true);
  });

  it('shows nothing without grants, and another grant of the tenant does not help', () => {
    expect(sees([], doc('A', null, ['Police']))).toBe(false);
    expect(sees([grant({ id: 'other', numbers: ['B'] })], doc('A', null, ['Police']))).toBe(false);
  });

  it('leaves out grants under "Keine Dokumente" and grants that show nothing', () => {
    const decision = decideVisibility(
      [grant({ id: 'none', documentProfile: 'Keine Dokumente' }), grant({ id: 'empty', numbers: [] })],
      CUSTOMERS,
      CONTRACTS,
    );
    expect(
      documentScopesOf(
        [grant({ id: 'none', documentProfile: 'Keine Dokumente' }), grant({ id: 'empty', numbers: [] })],
        decision,
      ),
    ).toEqual([]);
  });
});
