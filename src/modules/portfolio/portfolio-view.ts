import type { ContractRow, CustomerRow } from './portfolio-repo.js';
import {
  customerDisplayName,
  type ContractRecord,
  type ContractStatus,
  type PaymentFrequency,
  type CustomerRecord,
  type PostalAddress,
  type ReferenceAddress,
  type VehicleRisk,
} from './portfolio.js';
import { sparteName } from './sparten.js';

/** A customer as pages and the API show it: the CRM's record with its id, name to show and address always set. */
export interface CustomerView extends Omit<CustomerRecord, 'address'> {
  id: string;
  displayName: string;
  address: PostalAddress;
  updatedAt: Date;
}

/** A contract as pages and the API show it: the CRM's record with the Sparte's and the customer's names. */
export interface ContractView extends Omit<ContractRecord, 'risk'> {
  id: string;
  sparteName: string;
  customerName: string;
  risk: { description: string | null; vehicle: VehicleRisk | null };
  /** The customer's reference addresses; empty where the grant does not allow them. */
  referenceAddresses: ReferenceAddress[];
  updatedAt: Date;
}

type AddressRow = {
  label: string;
  street: string | null;
  postcode: string | null;
  city: string | null;
  country: string | null;
};

const addressOf = (row: AddressRow): ReferenceAddress => ({
  label: row.label,
  street: row.street,
  postcode: row.postcode,
  city: row.city,
  country: row.country,
});

export function toCustomerView(
  row: CustomerRow,
  referenceAddresses: AddressRow[],
  intermediaryAccounts: string[],
): CustomerView {
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

export function toContractView(
  row: ContractRow,
  owner: { customerNumber: string; displayName: string },
  referenceAddresses: AddressRow[],
): ContractView {
  const hasVehicle = [row.vehiclePlate, row.vehicleHsn, row.vehicleTsn, row.vehicleVin, row.noClaimsClass].some(
    (value) => value !== null,
  );
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
      vehicle: hasVehicle
        ? {
            plate: row.vehiclePlate,
            hsn: row.vehicleHsn,
            tsn: row.vehicleTsn,
            vin: row.vehicleVin,
            noClaimsClass: row.noClaimsClass,
          }
        : null,
    },
    sumsInsured: row.sumsInsured,
    caseHandler: row.caseHandler ?? null,
    adviser: row.adviser ?? null,
    referenceAddresses: referenceAddresses.map(addressOf),
    updatedAt: row.updatedAt,
  };
}

/** What the contract list and the overview show of a contract. */
export type ContractListItem = Pick<
  ContractView,
  | 'id'
  | 'sparte'
  | 'sparteName'
  | 'policyNumber'
  | 'insurerNumber'
  | 'insurerName'
  | 'productName'
  | 'status'
  | 'paymentFrequency'
  | 'premiumGrossCents'
  | 'customerNumber'
  | 'customerName'
>;

/** What the portal's customer list shows of a customer. */
export type CustomerListItem = Pick<CustomerView, 'id' | 'customerNumber' | 'displayName'> & {
  address: Pick<PostalAddress, 'postcode' | 'city'>;
};
