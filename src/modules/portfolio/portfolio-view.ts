import type { ContractRow, CustomerRow } from './portfolio-repo.js';
import {
  customerDisplayName,
  type ContactPerson,
  type ContractStatus,
  type PaymentFrequency,
  type PostalAddress,
  type ReferenceAddress,
  type VehicleRisk,
} from './portfolio.js';
import { sparteName } from './sparten.js';

export interface CustomerView {
  id: string;
  customerNumber: string;
  kind: 'private' | 'business';
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  dateOfBirth: string | null;
  address: PostalAddress;
  emailAddresses: string[];
  phone: string | null;
  caseHandler: ContactPerson | null;
  adviser: ContactPerson | null;
  referenceAddresses: ReferenceAddress[];
  intermediaryAccounts: string[];
  updatedAt: Date;
}

export interface ContractView {
  id: string;
  insurerNumber: string;
  sparte: string;
  sparteName: string;
  policyNumber: string;
  customerNumber: string;
  customerName: string;
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
  risk: { description: string | null; vehicle: VehicleRisk | null };
  sumsInsured: { label: string; cents: number }[];
  caseHandler: ContactPerson | null;
  adviser: ContactPerson | null;
  /** The customer's reference addresses; empty where the grant does not allow them. */
  referenceAddresses: ReferenceAddress[];
  updatedAt: Date;
}

type AddressRow = { label: string; street: string | null; postcode: string | null; city: string | null; country: string | null };

const addressOf = (row: AddressRow): ReferenceAddress => ({
  label: row.label,
  street: row.street,
  postcode: row.postcode,
  city: row.city,
  country: row.country,
});

export function toCustomerView(row: CustomerRow, referenceAddresses: AddressRow[], intermediaryAccounts: string[]): CustomerView {
  return {
    id: row.id,
    customerNumber: row.customerNumber,
    kind: row.kind as 'private' | 'business',
    displayName: customerDisplayName(row),
    firstName: row.firstName,
    lastName: row.lastName,
    companyName: row.companyName,
    dateOfBirth: row.dateOfBirth,
    address: { street: row.street, postcode: row.postcode, city: row.city, country: row.country },
    emailAddresses: row.emailAddresses,
    phone: row.phone,
    caseHandler: row.caseHandler ?? null,
    adviser: row.adviser ?? null,
    referenceAddresses: referenceAddresses.map(addressOf),
    intermediaryAccounts,
    updatedAt: row.updatedAt,
  };
}

export function toContractView(row: ContractRow, owner: { customerNumber: string; displayName: string }, referenceAddresses: AddressRow[]): ContractView {
  const hasVehicle = [row.vehiclePlate, row.vehicleHsn, row.vehicleTsn, row.vehicleVin, row.noClaimsClass].some((value) => value !== null);
  return {
    id: row.id,
    insurerNumber: row.insurerNumber,
    sparte: row.lineOfBusiness,
    sparteName: sparteName(row.lineOfBusiness),
    policyNumber: row.policyNumber,
    customerNumber: owner.customerNumber,
    customerName: owner.displayName,
    insurerName: row.insurerName,
    productName: row.productName,
    status: row.status as ContractStatus,
    cancellation: row.status === 'cancelled' ? { reason: row.cancellationReason, date: row.cancelledOn } : null,
    startDate: row.startDate,
    endDate: row.endDate,
    mainDueDate: row.mainDueDate,
    paymentFrequency: row.paymentFrequency as PaymentFrequency | null,
    premiumNetCents: row.premiumNetCents,
    premiumGrossCents: row.premiumGrossCents,
    risk: {
      description: row.riskDescription,
      vehicle: hasVehicle ? { plate: row.vehiclePlate, hsn: row.vehicleHsn, tsn: row.vehicleTsn, vin: row.vehicleVin, noClaimsClass: row.noClaimsClass } : null,
    },
    sumsInsured: row.sumsInsured,
    caseHandler: row.caseHandler ?? null,
    adviser: row.adviser ?? null,
    referenceAddresses: referenceAddresses.map(addressOf),
    updatedAt: row.updatedAt,
  };
}
