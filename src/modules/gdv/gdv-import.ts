import type { PortfolioItemData } from '../portfolio/portfolio-input.js';
import type {
  GdvContractStatus,
  GdvPartialDate,
  GdvPaymentFrequency,
  PortfolioContract,
  PortfolioCustomer,
} from './gdv-records.js';

/**
 * Pure mapping of the reader's portfolio customers and contracts to the items the portfolio's
 * upsert takes. The file is the CRM's word: nothing is guessed beyond the tables below.
 */

/** Anlage 24 has nine states, the portfolio three; a paused premium is still an active contract. */
const STATUS: Record<GdvContractStatus, 'active' | 'cancelled' | 'dormant'> = {
  active: 'active',
  'active-short-term': 'active',
  dormant: 'dormant',
  cancelled: 'cancelled',
  'dormant-premium-free': 'dormant',
  'premium-free': 'active',
  'premium-free-by-benefit': 'active',
  'premium-deferred': 'active',
  other: 'active',
};

const FREQUENCY: Record<GdvPaymentFrequency, 'yearly' | 'half_yearly' | 'quarterly' | 'monthly' | 'single'> = {
  annual: 'yearly',
  'semi-annual': 'half_yearly',
  quarterly: 'quarterly',
  monthly: 'monthly',
  single: 'single',
};

const two = (value: number | null): string => String(value ?? 0).padStart(2, '0');

/** The portfolio's partial date 'YYYY-MM-DD' with '00' for what the insurer does not know. */
export function partialDateText(date: GdvPartialDate | null): string | null {
  return date === null ? null : `${String(date.year).padStart(4, '0')}-${two(date.month)}-${two(date.day)}`;
}

/** A date of birth is stored only when the file knows it to the day. */
function fullDateText(date: GdvPartialDate | null): string | null {
  return date === null || date.month === null || date.day === null ? null : partialDateText(date);
}

function joined(...parts: (string | null)[]): string | null {
  const text = parts.filter((part): part is string => part !== null && part !== '').join(' ');
  return text === '' ? null : text;
}

export function toCustomerItem(customer: PortfolioCustomer): PortfolioItemData {
  const isBusiness = customer.salutation === 'company' || customer.salutation === 'association';
  const hasAddress = customer.street !== null || customer.postcode !== null || customer.city !== null;
  return {
    type: 'customer',
    action: 'upsert',
    customer: {
      customerNumber: customer.customerNumber,
      kind: isBusiness ? 'business' : 'private',
      // Name 2 continues a company's name; for people it is a name addition (geb. …, a partner's name).
      ...(isBusiness
        ? { companyName: joined(customer.name1, customer.name2), firstName: null, lastName: null, dateOfBirth: null }
        : {
            companyName: null,
            firstName: customer.name3,
            lastName: joined(customer.name1, customer.name2),
            dateOfBirth: fullDateText(customer.birthDate),
          }),
      address: hasAddress
        ? { street: customer.street, postcode: customer.postcode, city: customer.city, country: customer.countryCode }
        : null,
    },
  };
}

export function toContractItem(contract: PortfolioContract): PortfolioItemData {
  return {
    type: 'contract',
    action: 'upsert',
    contract: {
      insurerNumber: contract.insurerNumber,
      sparte: contract.sparte,
      policyNumber: contract.policyNumber,
      customerNumber: contract.customerNumber,
      insurerName: contract.insurerName,
      productName: contract.productName,
      // A blank Vertragsstatus is an insurer that does not say; a contract in the file is in force.
      status: contract.status === null ? 'active' : STATUS[contract.status],
      startDate: partialDateText(contract.start),
      endDate: partialDateText(contract.end),
      mainDueDate: partialDateText(contract.mainDueDate),
      paymentFrequency: contract.paymentFrequency === null ? null : FREQUENCY[contract.paymentFrequency],
      premiumNetCents: contract.premiumCents,
      premiumGrossCents: contract.grossPremiumCents,
    },
  };
}
