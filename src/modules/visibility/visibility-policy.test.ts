import { describe, expect, it } from 'vitest';
import { decideVisibility, type GrantForVisibility } from './visibility-policy.js';

/**
 * The portfolio every case looks at: customers A and C in intermediary account V1, B in V2, O in
 * none; Hausrat (130), Kfz (050) and Rechtsschutz (070) contracts, two of them of customer O.
 */
const ADDRESS = { label: 'Ferienhaus' };
const CUSTOMERS = [
  { id: 'A', customerNumber: 'A', intermediaryAccounts: ['V1'], referenceAddresses: [ADDRESS] },
  { id: 'B', customerNumber: 'B', intermediaryAccounts: ['V2'], referenceAddresses: [ADDRESS] },
  { id: 'C', customerNumber: 'C', intermediaryAccounts: ['V1'], referenceAddresses: [ADDRESS] },
  { id: 'O', customerNumber: 'O', intermediaryAccounts: [], referenceAddresses: [ADDRESS] },
];
const CONTRACTS = [
  { id: 'A-130', customerId: 'A', sparte: '130', referenceAddresses: [ADDRESS] },
  { id: 'A-050', customerId: 'A', sparte: '050', referenceAddresses: [ADDRESS] },
  { id: 'B-130', customerId: 'B', sparte: '130', referenceAddresses: [ADDRESS] },
  { id: 'C-130', customerId: 'C', sparte: '130', referenceAddresses: [ADDRESS] },
  { id: 'O-130', customerId: 'O', sparte: '130', referenceAddresses: [ADDRESS] },
  { id: 'O-070', customerId: 'O', sparte: '070', referenceAddresses: [ADDRESS] },
];
const ALL_SPARTEN: string[] = [];
const HAUSRAT_ONLY = ['Hausrat'];
const SHARED_BY_HAND = { none: [], own: ['A-050'], other: ['O-130', 'O-070'] } as const;

function grant(options: Partial<GrantForVisibility> & { id?: string }): GrantForVisibility {
  return {
    id: 'g1',
    kind: 'customer',
    numbers: ['A'],
    shareContractsAutomatically: false,
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

type Row = [
  kind: 'customer' | 'intermediary',
  isAutomatic: boolean,
  sparten: string[],
  hasReferenceAddresses: boolean,
  byHand: keyof typeof SHARED_BY_HAND,
  contracts: string[],
];

/**
 * Every combination of one grant's options; the customer grant names A, the intermediary grant account V1 (A and C).
 */
const TABLE: Row[] = [
  ['customer', true, ALL_SPARTEN, false, 'none', ['A-130', 'A-050']],
  ['customer', true, ALL_SPARTEN, false, 'own', ['A-130', 'A-050']],
  ['customer', true, ALL_SPARTEN, false, 'other', ['A-130', 'A-050', 'O-130', 'O-070']],
  ['customer', true, ALL_SPARTEN, true, 'none', ['A-130', 'A-050']],
  ['customer', true, ALL_SPARTEN, true, 'own', ['A-130', 'A-050']],
  ['customer', true, ALL_SPARTEN, true, 'other', ['A-130', 'A-050', 'O-130', 'O-070']],
  ['customer', true, HAUSRAT_ONLY, false, 'none', ['A-130']],
  ['customer', true, HAUSRAT_ONLY, false, 'own', ['A-130']],
  ['customer', true, HAUSRAT_ONLY, false, 'other', ['A-130', 'O-130']],
  ['customer', true, HAUSRAT_ONLY, true, 'none', ['A-130']],
  ['customer', true, HAUSRAT_ONLY, true, 'own', ['A-130']],
  ['customer', true, HAUSRAT_ONLY, true, 'other', ['A-130', 'O-130']],
  ['customer', false, ALL_SPARTEN, false, 'none', []],
  ['customer', false, ALL_SPARTEN, false, 'own', ['A-050']],
  ['customer', false, ALL_SPARTEN, false, 'other', ['O-130', 'O-070']],
  ['customer', false, ALL_SPARTEN, true, 'none', []],
  ['customer', false, ALL_SPARTEN, true, 'own', ['A-050']],
  ['customer', false, ALL_SPARTEN, true, 'other', ['O-130', 'O-070']],
  ['customer', false, HAUSRAT_ONLY, false, 'none', []],
  ['customer', false, HAUSRAT_ONLY, false, 'own', []],
  ['customer', false, HAUSRAT_ONLY, false, 'other', ['O-130']],
  ['customer', false, HAUSRAT_ONLY, true, 'none', []],
  ['customer', false, HAUSRAT_ONLY, true, 'own', []],
  ['customer', false, HAUSRAT_ONLY, true, 'other', ['O-130']],
  ['intermediary', true, ALL_SPARTEN, false, 'none', ['A-130', 'A-050', 'C-130']],
  ['intermediary', true, ALL_SPARTEN, false, 'own', ['A-130', 'A-050', 'C-130']],
  ['intermediary', true, ALL_SPARTEN, false, 'other', ['A-130', 'A-050', 'C-130', 'O-130', 'O-070']],
  ['intermediary', true, ALL_SPARTEN, true, 'none', ['A-130', 'A-050', 'C-130']],
  ['intermediary', true, ALL_SPARTEN, true, 'own', ['A-130', 'A-050', 'C-130']],
  ['intermediary', true, ALL_SPARTEN, true, 'other', ['A-130', 'A-050', 'C-130', 'O-130', 'O-070']],
  ['intermediary', true, HAUSRAT_ONLY, false, 'none', ['A-130', 'C-130']],
  ['intermediary', true, HAUSRAT_ONLY, false, 'own', ['A-130', 'C-130']],
  ['intermediary', true, HAUSRAT_ONLY, false, 'other', ['A-130', 'C-130', 'O-130']],
  ['intermediary', true, HAUSRAT_ONLY, true, 'none', ['A-130', 'C-130']],
  ['intermediary', true, HAUSRAT_ONLY, true, 'own', ['A-130', 'C-130']],
  ['intermediary', true, HAUSRAT_ONLY, true, 'other', ['A-130', 'C-130', 'O-130']],
  ['intermediary', false, ALL_SPARTEN, false, 'none', []],
  ['intermediary', false, ALL_SPARTEN, false, 'own', ['A-050']],
  ['intermediary', false, ALL_SPARTEN, false, 'other', ['O-130', 'O-070']],
  ['intermediary', false, ALL_SPARTEN, true, 'none', []],
  ['intermediary', false, ALL_SPARTEN, true, 'own', ['A-050']],
  ['intermediary', false, ALL_SPARTEN, true, 'other', ['O-130', 'O-070']],
  ['intermediary', false, HAUSRAT_ONLY, false, 'none', []],
  ['intermediary', false, HAUSRAT_ONLY, false, 'own', []],
  ['intermediary', false, HAUSRAT_ONLY, false, 'other', ['O-130']],
  ['intermediary', false, HAUSRAT_ONLY, true, 'none', []],
  ['intermediary', false, HAUSRAT_ONLY, true, 'own', []],
  ['intermediary', false, HAUSRAT_ONLY, true, 'other', ['O-130']],
];

describe('decideVisibility: one grant, every combination of its options', () => {
  it('has all 48 combinations', () => {
    expect(new Set(TABLE.map((row) => row.slice(0, 5).join('|'))).size).toBe(48);
  });

  const title = '%s grant, automatic %s, Sparten %j, reference addresses %s, shared by hand: %s';
  it.each(TABLE)(title, (kind, isAutomatic, sparten, hasReferenceAddresses, byHand, expected) => {
    const options = {
      kind,
      numbers: kind === 'customer' ? ['A'] : ['V1'],
      shareContractsAutomatically: isAutomatic,
      restrictedLinesOfBusiness: sparten,
      includeReferenceAddresses: hasReferenceAddresses,
      sharedContractIds: [...SHARED_BY_HAND[byHand]],
    };
    const decision = decideVisibility([grant(options)], CUSTOMERS, CONTRACTS);
    expect(decision.customers.map((visible) => visible.item.id)).toEqual(kind === 'customer' ? ['A'] : ['A', 'C']);
    expect(decision.contracts.map((visible) => visible.item.id)).toEqual(expected);
    const addressCounts = [...decision.customers, ...decision.contracts].map(
      (visible) => visible.item.referenceAddresses.length,
    );
    expect(addressCounts).toEqual(addressCounts.map(() => (hasReferenceAddresses ? 1 : 0)));
  });
});

describe('decideVisibility: several grants', () => {
  it('shows nothing without a grant', () => {
    expect(decideVisibility([], CUSTOMERS, CONTRACTS)).toEqual({ customers: [], contracts: [] });
  });

  it('shows the union of the grants and names every grant an item is seen through', () => {
    const decision = decideVisibility(
      [
        grant({ id: 'hausrat', numbers: ['A'], shareContractsAutomatically: true, restrictedLinesOfBusiness: ['130'] }),
        grant({ id: 'kfz', numbers: ['A', 'B'], sharedContractIds: ['A-050', 'A-130'] }),
      ],
      CUSTOMERS,
      CONTRACTS,
    );
    expect(decision.customers.map((visible) => [visible.item.id, visible.grantIds])).toEqual([
      ['A', ['hausrat', 'kfz']],
      ['B', ['kfz']],
    ]);
    expect(decision.contracts.map((visible) => [visible.item.id, visible.grantIds])).toEqual([
      ['A-130', ['hausrat', 'kfz']],
      ['A-050', ['kfz']],
    ]);
  });

  it('shows reference addresses where one of the grants an item is seen through allows them, and only there', () => {
    const decision = decideVisibility(
      [
        grant({
          id: 'with',
          numbers: ['A'],
          includeReferenceAddresses: true,
          shareContractsAutomatically: true,
          restrictedLinesOfBusiness: ['050'],
        }),
        grant({ id: 'without', numbers: ['A', 'B'], shareContractsAutomatically: true }),
      ],
      CUSTOMERS,
      CONTRACTS,
    );
    expect(decision.customers.map((visible) => [visible.item.id, visible.item.referenceAddresses.length])).toEqual([
      ['A', 1],
      ['B', 0],
    ]);
    expect(decision.contracts.map((visible) => [visible.item.id, visible.item.referenceAddresses.length])).toEqual([
      ['A-130', 0],
      ['A-050', 1],
      ['B-130', 0],
    ]);
  });

  it("does not let a customer grant's numbers act as intermediary accounts, nor the other way round", () => {
    const grants = [
      grant({ kind: 'customer', numbers: ['V1'] }),
      grant({ id: 'g2', kind: 'intermediary', numbers: ['A'] }),
    ];
    const decision = decideVisibility(grants, CUSTOMERS, CONTRACTS);
    expect(decision.customers).toEqual([]);
  });

  it('ignores hand-shared ids that are not among the candidates', () => {
    const decision = decideVisibility([grant({ sharedContractIds: ['elsewhere'] })], CUSTOMERS, CONTRACTS);
    expect(decision.contracts).toEqual([]);
  });
});

describe('Sparten lists as staff write them', () => {
  it.each([
    [['130'], ['A-130']],
    [['Hausrat'], ['A-130']],
    [['hausrat '], ['A-130']],
    [['Kfz'], ['A-050']],
    [['Kraftfahrt'], ['A-050']],
    [
      ['Kfz', 'Hausrat'],
      ['A-130', 'A-050'],
    ],
    [['Leben'], []],
    [['13'], []],
  ])('%j', (sparten, expected) => {
    const decision = decideVisibility(
      [grant({ shareContractsAutomatically: true, restrictedLinesOfBusiness: sparten })],
      CUSTOMERS,
      CONTRACTS,
    );
    expect(decision.contracts.map((visible) => visible.item.id)).toEqual(expected);
  });
});
