import { describe, expect, it } from 'vitest';
import { parsePortfolioItem } from '../portfolio/portfolio-input.js';
import { partialDateText, toContractItem, toCustomerItem } from './gdv-import.js';
import type { PortfolioContract, PortfolioCustomer } from './gdv-records.js';

const person: PortfolioCustomer = {
  customerNumber: 'K-1001',
  customerNumberSource: 'intermediary',
  salutation: 'mrs',
  name1: 'Weiß',
  name2: 'geb. Öztürk',
  name3: 'Šárka',
  title: null,
  street: 'Hohe Straße 5',
  postcode: '50667',
  city: 'Köln',
  countryCode: 'D',
  poBox: null,
  birthDate: { year: 1980, month: 3, day: 15 },
  insurerNumber: '9999',
  intermediaryNumber: 'GS01VM0001',
};

const policy: PortfolioContract = {
  insurerNumber: '9999',
  sparte: '030',
  policyNumber: 'HV1',
  customerNumber: 'K-1001',
  status: 'premium-free',
  start: { year: 2024, month: 1, day: 1 },
  end: { year: 2029, month: null, day: null },
  mainDueDate: null,
  paymentFrequency: 'semi-annual',
  currency: 'EUR',
  premiumCents: 12345,
  grossPremiumCents: 14690,
  productName: 'PHV Komfort',
  insurerName: 'Muster Versicherung AG',
  intermediaryNumber: null,
};

describe('GDV items for the portfolio', () => {
  it('maps a person with the name addition to the last name and a known date of birth', () => {
    const item = parsePortfolioItem(toCustomerItem(person));
    expect(item).toMatchObject({
      type: 'customer',
      customer: {
        kind: 'private',
        firstName: 'Šárka',
        lastName: 'Weiß geb. Öztürk',
        companyName: null,
        dateOfBirth: '1980-03-15',
      },
    });
    const address = item.type === 'customer' && item.action === 'upsert' ? item.customer.address : null;
    expect(address).toEqual({ street: 'Hohe Straße 5', postcode: '50667', city: 'Köln', country: 'D' });
  });

  it('maps a company to a business customer without first name or date of birth, and leaves out a birth date without its day', () => {
    const company = parsePortfolioItem(
      toCustomerItem({ ...person, salutation: 'company', name1: 'Müller & Söhne', name2: 'GmbH', name3: null }),
    );
    expect(company).toMatchObject({
      customer: { kind: 'business', companyName: 'Müller & Söhne GmbH', firstName: null, dateOfBirth: null },
    });
    const partial = parsePortfolioItem(toCustomerItem({ ...person, birthDate: { year: 1980, month: 3, day: null } }));
    expect(partial).toMatchObject({ customer: { dateOfBirth: null } });
  });

  it('maps the nine GDV states to three, partial dates with 00 and the payment frequency', () => {
    expect(parsePortfolioItem(toContractItem(policy))).toMatchObject({
      type: 'contract',
      contract: {
        status: 'active',
        startDate: '2024-01-01',
        endDate: '2029-00-00',
        mainDueDate: null,
        paymentFrequency: 'half_yearly',
        premiumNetCents: 12345,
        insurerName: 'Muster Versicherung AG',
      },
    });
    expect(toContractItem({ ...policy, insurerName: null })).toMatchObject({ contract: { insurerName: null } });
    expect(toContractItem({ ...policy, status: 'cancelled' })).toMatchObject({ contract: { status: 'cancelled' } });
    expect(toContractItem({ ...policy, status: 'dormant-premium-free' })).toMatchObject({
      contract: { status: 'dormant' },
    });
    expect(toContractItem({ ...policy, status: null })).toMatchObject({ contract: { status: 'active' } });
    expect(partialDateText({ year: 2025, month: 2, day: null })).toBe('2025-02-00');
  });
});
