import { describe, expect, it } from 'vitest';
import { compareContracts, summarizeCoverage, yearlyGrossPremiumCents } from './portfolio-totals.js';
import type { ContractView } from './portfolio-view.js';

const contract = (overrides: Partial<ContractView>): ContractView => ({
  id: overrides.policyNumber ?? 'id',
  insurerNumber: '5311',
  sparte: '130',
  sparteName: 'Verbundene Hausrat',
  policyNumber: 'P',
  customerNumber: 'K1',
  customerName: 'Kundin',
  insurerName: null,
  productName: null,
  status: 'active',
  cancellation: null,
  startDate: null,
  endDate: null,
  mainDueDate: null,
  paymentFrequency: 'yearly',
  premiumNetCents: null,
  premiumGrossCents: null,
  risk: { description: null, vehicle: null },
  sumsInsured: [],
  caseHandler: null,
  adviser: null,
  referenceAddresses: [],
  updatedAt: new Date(0),
  ...overrides,
});

describe('premium totals', () => {
  it('turns the premium per payment period into a year', () => {
    expect(yearlyGrossPremiumCents({ premiumGrossCents: 1_234, paymentFrequency: 'monthly' })).toBe(14_808);
    expect(yearlyGrossPremiumCents({ premiumGrossCents: 12_345, paymentFrequency: 'quarterly' })).toBe(49_380);
    expect(yearlyGrossPremiumCents({ premiumGrossCents: 38_500, paymentFrequency: 'half_yearly' })).toBe(77_000);
    expect(yearlyGrossPremiumCents({ premiumGrossCents: 18_900, paymentFrequency: 'yearly' })).toBe(18_900);
    expect(yearlyGrossPremiumCents({ premiumGrossCents: 50_000, paymentFrequency: 'single' })).toBeNull();
    expect(yearlyGrossPremiumCents({ premiumGrossCents: 0, paymentFrequency: 'none' })).toBeNull();
    expect(yearlyGrossPremiumCents({ premiumGrossCents: 100, paymentFrequency: null })).toBeNull();
    expect(yearlyGrossPremiumCents({ premiumGrossCents: null, paymentFrequency: 'yearly' })).toBeNull();
  });

  it('groups active contracts by Sparte, counts what has no yearly premium and leaves the others out', () => {
    const summary = summarizeCoverage([
      contract({ policyNumber: 'A', premiumGrossCents: 18_900 }),
      contract({ policyNumber: 'B', sparte: '051', sparteName: 'Kfz-Haftpflicht', premiumGrossCents: 10_001 }),
      contract({ policyNumber: 'C', premiumGrossCents: 5_000, paymentFrequency: 'single' }),
      contract({ policyNumber: 'D', premiumGrossCents: 99_900, status: 'cancelled' }),
      contract({ policyNumber: 'E', premiumGrossCents: 99_900, status: 'dormant' }),
    ]);
    expect(summary.groups.map((group) => [group.sparteName, group.yearlyGrossCents, group.contracts.length])).toEqual([
      ['Kfz-Haftpflicht', 10_001, 1],
      ['Verbundene Hausrat', 18_900, 2],
    ]);
    expect(summary).toMatchObject({ yearlyGrossCents: 28_901, monthlyGrossCents: 2_408, notCountedCount: 1 });
  });

  it('sorts active contracts first, then by Sparte and product', () => {
    const sorted = [
      contract({ policyNumber: 'X', status: 'cancelled', sparteName: 'Auto' }),
      contract({ policyNumber: 'Y', productName: 'Zahn' }),
      contract({ policyNumber: 'Z', productName: 'Basis' }),
      contract({ policyNumber: 'W', status: 'dormant' }),
    ].sort(compareContracts);
    expect(sorted.map((item) => item.policyNumber)).toEqual(['Z', 'Y', 'W', 'X']);
  });
});
