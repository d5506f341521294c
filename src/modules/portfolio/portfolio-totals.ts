import type { ContractView } from './portfolio-view.js';
import type { ContractStatus, PaymentFrequency } from './portfolio.js';

/**
 * Premiums arrive per payment period (the GDV's and the CRMs' way): a half-yearly contract's 385 € are
 * 770 € a year. Single premiums and premium-free contracts have no yearly amount.
 */
const PAYMENTS_PER_YEAR: Readonly<Record<PaymentFrequency, number>> = {
  monthly: 12,
  quarterly: 4,
  half_yearly: 2,
  yearly: 1,
  single: 0,
  none: 0,
};

/** The gross premium a year in cents, or null when the contract has none to add up (no premium, no frequency). */
export function yearlyGrossPremiumCents(contract: Pick<ContractView, 'premiumGrossCents' | 'paymentFrequency'>) {
  if (contract.premiumGrossCents === null || contract.paymentFrequency === null) {
    return null;
  }
  const payments = PAYMENTS_PER_YEAR[contract.paymentFrequency];
  return payments === 0 ? null : contract.premiumGrossCents * payments;
}

const STATUS_ORDER: Readonly<Record<ContractStatus, number>> = { active: 0, dormant: 1, cancelled: 2 };

/** The portal's order of contracts: active ones first, then by Sparte, product and policy number. */
export function compareContracts(left: CoverageContract, right: CoverageContract): number {
  return (
    STATUS_ORDER[left.status] - STATUS_ORDER[right.status] ||
    left.sparteName.localeCompare(right.sparteName, 'de') ||
    left.sparte.localeCompare(right.sparte) ||
    (left.productName ?? '').localeCompare(right.productName ?? '', 'de') ||
    left.policyNumber.localeCompare(right.policyNumber)
  );
}

/** What the totals and the portal's order need of a contract. */
export type CoverageContract = Pick<
  ContractView,
  'status' | 'sparte' | 'sparteName' | 'productName' | 'policyNumber' | 'premiumGrossCents' | 'paymentFrequency'
>;

export interface SparteGroup<T extends CoverageContract = ContractView> {
  sparte: string;
  sparteName: string;
  contracts: T[];
  yearlyGrossCents: number;
}

export interface CoverageSummary<T extends CoverageContract = ContractView> {
  groups: SparteGroup<T>[];
  yearlyGrossCents: number;
  /** Rounded to the cent: a twelfth of the year's total. */
  monthlyGrossCents: number;
  /** Active contracts whose premium is not in the totals (single premium, premium-free, no premium given). */
  notCountedCount: number;
}

/** "Aktuelle Absicherungen": the active contracts by Sparte, with the gross premium a year and a month. */
export function summarizeCoverage<T extends CoverageContract>(contracts: readonly T[]): CoverageSummary<T> {
  return summarizeSortedCoverage([...contracts].filter((item) => item.status === 'active').sort(compareContracts));
}

/** As `summarizeCoverage`, for active contracts already in the portal's order (as the database sorts them). */
export function summarizeSortedCoverage<T extends CoverageContract>(active: readonly T[]): CoverageSummary<T> {
  const groups = new Map<string, SparteGroup<T>>();
  let notCountedCount = 0;
  for (const contract of active) {
    const group = groups.get(contract.sparte) ?? {
      sparte: contract.sparte,
      sparteName: contract.sparteName,
      contracts: [],
      yearlyGrossCents: 0,
    };
    const yearly = yearlyGrossPremiumCents(contract);
    if (yearly === null) {
      notCountedCount += 1;
    }
    group.contracts.push(contract);
    group.yearlyGrossCents += yearly ?? 0;
    groups.set(contract.sparte, group);
  }
  const yearlyGrossCents = [...groups.values()].reduce((sum, group) => sum + group.yearlyGrossCents, 0);
  return {
    groups: [...groups.values()],
    yearlyGrossCents,
    monthlyGrossCents: Math.round(yearlyGrossCents / 12),
    notCountedCount,
  };
}
