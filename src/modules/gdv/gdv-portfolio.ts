import { readGdvRecords } from './gdv-reader.js';
import type {
  GdvAddress,
  GdvContractPart,
  GdvReadOptions,
  GdvRecordError,
  GdvRecordEvent,
  PortfolioContract,
  PortfolioCustomer,
  PortfolioEvent,
} from './gdv-records.js';

/** Adresskennzeichen (Anlage 7) of the policyholder; older files leave it blank for the policyholder too. */
const POLICYHOLDER_ADDRESS_KIND = '01';
/** The portfolio's rule for customer numbers (as for invitations): 1–40 letters, digits, spaces, . _ / - */
const CUSTOMER_NUMBER = /^[\p{L}\p{N}][\p{L}\p{N} ._/-]{0,39}$/u;

type CustomerNumber = Pick<PortfolioCustomer, 'customerNumber' | 'customerNumberSource'>;

/**
 * The customer number a policyholder gets. The broker's own number (Personen-/Kundennummer des
 * Vermittlers) is the CRM's key; without it the insurer's customer number, qualified by the insurer
 * because it is unique only there; without both, VU-Nr + VSNr, which makes one customer per contract.
 */
export function customerNumberOf(address: GdvAddress): CustomerNumber | null {
  if (address.intermediaryCustomerNumber !== null) {
    return { customerNumber: address.intermediaryCustomerNumber, customerNumberSource: 'intermediary' };
  }
  if (address.insurerCustomerNumber !== null) {
    return {
      customerNumber: `${address.insurerNumber}-K-${address.insurerCustomerNumber}`,
      customerNumberSource: 'insurer',
    };
  }
  if (address.policyNumber !== null) {
    return { customerNumber: `${address.insurerNumber}-V-${address.policyNumber}`, customerNumberSource: 'policy' };
  }
  return null;
}

export function toPortfolioCustomer(address: GdvAddress, number: CustomerNumber): PortfolioCustomer {
  return {
    ...number,
    salutation: address.salutation,
    name1: address.name1,
    name2: address.name2,
    name3: address.name3,
    title: address.title,
    street: address.street,
    postcode: address.postcode,
    city: address.city,
    countryCode: address.countryCode,
    poBox: address.poBox,
    birthDate: address.birthDate,
    insurerNumber: address.insurerNumber,
    intermediaryNumber: address.intermediaryNumber,
  };
}

export function toPortfolioContract(
  contract: GdvContractPart,
  customerNumber: string,
  insurerName: string | null,
): PortfolioContract {
  return {
    insurerNumber: contract.insurerNumber,
    sparte: contract.sparte,
    policyNumber: contract.policyNumber,
    customerNumber,
    status: contract.status,
    start: contract.start,
    end: contract.end,
    mainDueDate: contract.mainDueDate,
    paymentFrequency: contract.paymentFrequency,
    currency: contract.currency,
    premiumCents: contract.netPremiumCents,
    grossPremiumCents: contract.grossPremiumCents,
    productName: contract.productName,
    insurerName,
    intermediaryNumber: contract.intermediaryNumber,
  };
}

function policyKey(insurerNumber: string, policyNumber: string | null): string {
  return `${insurerNumber}\u0000${policyNumber ?? ''}`;
}

/**
 * Reads a GDV file as portfolio items: a customer for each policyholder address (0100 with
 * Adresskennzeichen 01) and a contract for each Allgemeiner Vertragsteil (0200), linked to the
 * policyholder named before it. Only the last policyholder is remembered, so memory stays flat; a
 * customer repeated right after itself is sent once, repeats further apart reach the upsert again.
 */
export async function* readGdvPortfolio(
  source: AsyncIterable<unknown>,
  options: GdvReadOptions = {},
): AsyncGenerator<PortfolioEvent> {
  const mapper = new PortfolioMapper();
  for await (const event of readGdvRecords(source, options)) {
    const mapped = mapper.map(event);
    if (mapped !== null) yield mapped;
  }
}

class PortfolioMapper {
  private lastPolicyholder: { key: string; customerNumber: string } | null = null;
  private lastCustomerNumber: string | null = null;
  /** The package being read: its insurer's number and the Absender its Vorsatz names. */
  private currentPackage: { insurerNumber: string; sender: string | null } | null = null;
  private readonly counts = { customers: 0, contracts: 0, otherAddresses: 0, errors: 0 };

  map(event: GdvRecordEvent): PortfolioEvent | null {
    switch (event.kind) {
      case 'vorsatz':
        this.currentPackage = { insurerNumber: event.record.insurerNumber, sender: event.record.sender };
        return null;
      case 'nachsatz':
        this.currentPackage = null;
        return null;
      case 'error':
        return this.error(event.error);
      case 'address':
        return this.fromAddress(event.line, event.record);
      case 'contract':
        return this.fromContract(event.line, event.record);
      case 'summary':
        return { kind: 'summary', summary: { ...event.summary, ...this.counts } };
      default:
        return null;
    }
  }

  private fromAddress(line: number, address: GdvAddress): PortfolioEvent | null {
    if (address.addressKind !== null && address.addressKind !== POLICYHOLDER_ADDRESS_KIND) {
      this.counts.otherAddresses += 1;
      return null;
    }
    const number = customerNumberOf(address);
    const problem =
      number === null
        ? 'weder eine Kundennummer noch eine Versicherungsschein-Nummer'
        : customerNumberProblem(number.customerNumber);
    if (number === null || problem !== null) {
      const field = 'Personen-/Kundennummer des Vermittlers';
      return this.error({
        line,
        satzart: '0100',
        field,
        code: 'CUSTOMER_NUMBER_INVALID',
        message: `Kundennummer: ${problem}`,
      });
    }
    this.lastPolicyholder = {
      key: policyKey(address.insurerNumber, address.policyNumber),
      customerNumber: number.customerNumber,
    };
    if (number.customerNumber === this.lastCustomerNumber) return null;
    this.lastCustomerNumber = number.customerNumber;
    this.counts.customers += 1;
    return { kind: 'customer', line, customer: toPortfolioCustomer(address, number) };
  }

  private fromContract(line: number, contract: GdvContractPart): PortfolioEvent {
    const last = this.lastPolicyholder;
    const isPolicyholderBefore = last !== null && last.key === policyKey(contract.insurerNumber, contract.policyNumber);
    const customerNumber = contract.intermediaryCustomerNumber ?? (isPolicyholderBefore ? last.customerNumber : null);
    if (customerNumber === null) {
      const message = 'Zu diesem Vertrag steht vor ihm kein Adressteil (0100) des Versicherungsnehmers';
      return this.error({
        line,
        satzart: '0200',
        field: 'Personen-/Kundennummer des Vermittlers',
        code: 'POLICYHOLDER_MISSING',
        message,
      });
    }
    this.counts.contracts += 1;
    const insurerName =
      this.currentPackage?.insurerNumber === contract.insurerNumber ? this.currentPackage.sender : null;
    return { kind: 'contract', line, contract: toPortfolioContract(contract, customerNumber, insurerName) };
  }

  private error(error: GdvRecordError): PortfolioEvent {
    this.counts.errors += 1;
    return { kind: 'error', error };
  }
}

function customerNumberProblem(customerNumber: string): string | null {
  if (CUSTOMER_NUMBER.test(customerNumber)) return null;
  return `„${customerNumber}“ ist keine gültige Kundennummer (bis zu 40 Buchstaben, Ziffern, Leerzeichen und . _ / -)`;
}
