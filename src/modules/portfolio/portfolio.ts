import type { ContactPerson } from '../../db/schema.js';

export type { ContactPerson };

/** The most items one batch may carry (API and import alike). */
export const MAX_BATCH_ITEMS = 1000;

export interface PostalAddress {
  street: string | null;
  postcode: string | null;
  city: string | null;
  country: string | null;
}

export interface ReferenceAddress extends PostalAddress {
  label: string;
}

/** A customer as the CRM sends it (API and GDV import alike). */
export interface CustomerRecord {
  customerNumber: string;
  kind: 'private' | 'business';
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  /** 'YYYY-MM-DD', private customers only. */
  dateOfBirth: string | null;
  address: PostalAddress | null;
  emailAddresses: string[];
  phone: string | null;
  caseHandler: ContactPerson | null;
  adviser: ContactPerson | null;
  referenceAddresses: ReferenceAddress[];
  intermediaryAccounts: string[];
}

export const CONTRACT_STATUSES = ['active', 'cancelled', 'dormant'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const PAYMENT_FREQUENCIES = ['monthly', 'quarterly', 'half_yearly', 'yearly', 'single', 'none'] as const;
export type PaymentFrequency = (typeof PAYMENT_FREQUENCIES)[number];

export interface ContractKey {
  insurerNumber: string;
  sparte: string;
  policyNumber: string;
}

export interface VehicleRisk {
  plate: string | null;
  hsn: string | null;
  tsn: string | null;
  vin: string | null;
  noClaimsClass: string | null;
}

/** A contract as the CRM sends it; dates are partial dates (see parsePartialDate). */
export interface ContractRecord extends ContractKey {
  customerNumber: string;
  insurerName: string | null;
  productName: string | null;
  status: ContractStatus;
  cancellation: { reason: string | null; date: string | null } | null;
  startDate: string | null;
  endDate: string | null;
  mainDueDate: string | null;
  paymentFrequency: PaymentFrequency | null;
  premiumNetCents: number | null;
  premiumGrossCents: number | null;
  risk: { description: string | null; vehicle: VehicleRisk | null } | null;
  sumsInsured: { label: string; cents: number }[];
  caseHandler: ContactPerson | null;
  adviser: ContactPerson | null;
}

export type PortfolioItem =
  | { type: 'customer'; action: 'upsert'; customer: CustomerRecord }
  | { type: 'customer'; action: 'delete'; customerNumber: string }
  | { type: 'contract'; action: 'upsert'; contract: ContractRecord }
  | { type: 'contract'; action: 'delete'; key: ContractKey };

/** Stable codes of one item's outcome in a batch. */
export type ItemErrorCode =
  | 'VALIDATION_FAILED'
  | 'CUSTOMER_NUMBER_INVALID'
  | 'CUSTOMER_NOT_FOUND'
  | 'DATE_INVALID'
  | 'AMOUNT_INVALID'
  | 'SPARTE_INVALID'
  | 'INSURER_NUMBER_INVALID'
  | 'POLICY_NUMBER_INVALID'
  | 'STAFF_MEMBER_INVALID'
  | 'DUPLICATE_IN_BATCH';

export type ItemResult =
  | { index: number; status: 'created' | 'updated' | 'deleted' | 'not_found'; id?: string }
  | { index: number; status: 'failed'; error: { code: ItemErrorCode; message: string } };

const PARTIAL_DATE = /^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$/;

/**
 * A date the CRM may know only in part: the year always, month and day perhaps. Accepts 'YYYY',
 * 'YYYY-MM' and 'YYYY-MM-DD' with '00' for an unknown part and answers the canonical
 * 'YYYY-MM-DD'; null when it is no date (31.02., a day without its month, month 13).
 */
export function parsePartialDate(value: string): string | null {
  const match = PARTIAL_DATE.exec(value);
  if (match === null) {
    return null;
  }
  const year = Number(match[1]);
  const month = Number(match[2] ?? '0');
  const day = Number(match[3] ?? '0');
  if (year < 1800 || month > 12 || (month === 0 && day !== 0)) {
    return null;
  }
  if (day !== 0 && !isRealDate(year, month, day)) {
    return null;
  }
  return `${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A full calendar date 'YYYY-MM-DD' (a date of birth), or null. */
export function parseFullDate(value: string): string | null {
  const parsed = parsePartialDate(value);
  return parsed !== null && /^[0-9]{4}-(?!00)[0-9]{2}-(?!00)[0-9]{2}$/.test(parsed) && value.length === 10
    ? parsed
    : null;
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function contractKeyText(key: ContractKey): string {
  return `${key.insurerNumber}/${key.sparte}/${key.policyNumber}`;
}

/** The name a person sees for a customer: the company, or first and last name. */
export function customerDisplayName(customer: {
  kind: string;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
}): string {
  if (customer.kind === 'business' && customer.companyName !== null) {
    return customer.companyName;
  }
  return (
    [customer.firstName, customer.lastName].filter((part) => part !== null && part !== '').join(' ') ||
    (customer.companyName ?? '')
  );
}
