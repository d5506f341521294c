import { describe, expect, it } from 'vitest';
import { address, contract, digits, gdvFile, nachsatz, streamOf, vorsatz } from '../../../test/support/gdv-file.js';
import { readGdvPortfolio } from './gdv-portfolio.js';
import type { PortfolioContract, PortfolioCustomer, PortfolioEvent, PortfolioSummary } from './gdv-records.js';

async function readPortfolio(records: string[]): Promise<PortfolioEvent[]> {
  const events: PortfolioEvent[] = [];
  for await (const event of readGdvPortfolio(streamOf(gdvFile(records)))) events.push(event);
  return events;
}

function customersOf(events: PortfolioEvent[]): PortfolioCustomer[] {
  return events.flatMap((event) => (event.kind === 'customer' ? [event.customer] : []));
}

function contractsOf(events: PortfolioEvent[]): PortfolioContract[] {
  return events.flatMap((event) => (event.kind === 'contract' ? [event.contract] : []));
}

function summaryOf(events: PortfolioEvent[]): PortfolioSummary {
  const last = events.at(-1);
  if (last?.kind !== 'summary') throw new Error('the summary comes last');
  return last.summary;
}

describe('portfolio items from a GDV file', () => {
  it('makes the policyholder a customer and the Vertragsteil a contract of that customer, as plain data', async () => {
    const records = [
      ...vorsatz({ vu: '5312' }),
      ...address({
        vu: '5312',
        vsnr: 'HV-1',
        salutation: '2',
        name1: 'Weiß',
        name3: 'Jürgen',
        intermediaryCustomerNumber: 'K-4711',
      }),
      ...contract({
        vu: '5312',
        vsnr: 'HV-1',
        sparte: '040',
        status: '4',
        paymentFrequency: '8',
        mainDueDate: '00002025',
        netPremium: digits(990, 12),
      }),
      nachsatz(4, 990),
    ];
    const events = await readPortfolio(records);
    expect(events.filter((event) => event.kind === 'error')).toEqual([]);
    expect(customersOf(events)).toEqual([
      {
        customerNumber: 'K-4711',
        customerNumberSource: 'intermediary',
        salutation: 'mrs',
        name1: 'Weiß',
        name2: null,
        name3: 'Jürgen',
        title: null,
        street: 'Maximilianstraße 1',
        postcode: '80331',
        city: 'München',
        countryCode: 'D',
        poBox: null,
        birthDate: { year: 1980, month: 3, day: 15 },
        insurerNumber: '5312',
        intermediaryNumber: 'GS01VM0001',
      },
    ]);
    expect(contractsOf(events)).toEqual([
      {
        insurerNumber: '5312',
        sparte: '040',
        policyNumber: 'HV-1',
        customerNumber: 'K-4711',
        status: 'cancelled',
        start: { year: 2024, month: 1, day: 1 },
        end: { year: 2029, month: 1, day: 1 },
        mainDueDate: { year: 2025, month: null, day: null },
        paymentFrequency: 'monthly',
        currency: 'EUR',
        premiumCents: 990,
        grossPremiumCents: 14690,
        productName: 'PHV Komfort Plus',
        insurerName: 'Muster Versicherung AG',
        intermediaryNumber: 'GS01VM0001',
      },
    ]);
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
    expect(summaryOf(events)).toMatchObject({ customers: 1, contracts: 1, otherAddresses: 0, errors: 0 });
  });

  it("takes the broker's customer number, else the insurer's qualified by the VU-Nr, else VU-Nr + VSNr", async () => {
    const records = [
      ...vorsatz(),
      ...address({ vsnr: 'A1', intermediaryCustomerNumber: 'K-1', insurerCustomerNumber: 'VN-77' }),
      ...address({ vsnr: 'A2', insurerCustomerNumber: 'VN-77' }),
      ...address({ vsnr: 'A3' }),
      nachsatz(6, 0),
    ];
    const customers = customersOf(await readPortfolio(records));
    expect(customers.map((customer) => [customer.customerNumber, customer.customerNumberSource])).toEqual([
      ['K-1', 'intermediary'],
      ['9999-K-VN-77', 'insurer'],
      ['9999-V-A3', 'policy'],
    ]);
  });

  it('keeps other addresses of a contract (payer, insured person) out of the customers and links the contract to its policyholder', async () => {
    const records = [
      ...vorsatz(),
      ...address({ vsnr: 'A1', intermediaryCustomerNumber: 'K-1' }),
      ...address({ vsnr: 'A1', addressKind: '03', name1: 'Beitragszahler', intermediaryCustomerNumber: 'K-2' }),
      ...contract({ vsnr: 'A1' }),
      nachsatz(6, 12345),
    ];
    const events = await readPortfolio(records);
    expect(customersOf(events).map((customer) => customer.customerNumber)).toEqual(['K-1']);
    expect(contractsOf(events).map((item) => item.customerNumber)).toEqual(['K-1']);
    expect(summaryOf(events).otherAddresses).toBe(1);
  });

  it('sends a customer once for consecutive contracts of the same person', async () => {
    const records = [
      ...vorsatz(),
      ...address({ vsnr: 'A1', intermediaryCustomerNumber: 'K-1' }),
      ...contract({ vsnr: 'A1' }),
      ...address({ vsnr: 'A2', intermediaryCustomerNumber: 'K-1' }),
      ...contract({ vsnr: 'A2' }),
      nachsatz(8, 24690),
    ];
    const events = await readPortfolio(records);
    expect(customersOf(events)).toHaveLength(1);
    expect(contractsOf(events).map((item) => [item.policyNumber, item.customerNumber])).toEqual([
      ['A1', 'K-1'],
      ['A2', 'K-1'],
    ]);
  });

  it("reports a contract with no policyholder before it, unless the contract names the broker's customer number itself", async () => {
    const records = [
      ...vorsatz(),
      ...address({ vsnr: 'A1', intermediaryCustomerNumber: 'K-1' }),
      ...contract({ vsnr: 'B9' }),
      ...contract({ vsnr: 'C7', intermediaryCustomerNumber: 'K-9' }),
      nachsatz(6, 24690),
    ];
    const events = await readPortfolio(records);
    expect(events.flatMap((event) => (event.kind === 'error' ? [event.error] : []))).toEqual([
      {
        line: 5,
        satzart: '0200',
        field: 'Personen-/Kundennummer des Vermittlers',
        code: 'POLICYHOLDER_MISSING',
        message: 'Zu diesem Vertrag steht vor ihm kein Adressteil (0100) des Versicherungsnehmers',
      },
    ]);
    expect(contractsOf(events).map((item) => [item.policyNumber, item.customerNumber])).toEqual([['C7', 'K-9']]);
    expect(summaryOf(events)).toMatchObject({ contracts: 1, errors: 1 });
  });

  it('reports a customer number the portfolio would refuse, and skips that customer', async () => {
    const records = [...vorsatz(), ...address({ vsnr: 'A1', intermediaryCustomerNumber: '#4711' }), nachsatz(2, 0)];
    const events = await readPortfolio(records);
    expect(customersOf(events)).toEqual([]);
    expect(events.flatMap((event) => (event.kind === 'error' ? [event.error.code] : []))).toEqual([
      'CUSTOMER_NUMBER_INVALID',
    ]);
  });

  it("names a contract's insurer by its package's Absender, and by nothing when the package is another insurer's", async () => {
    const events = await readPortfolio([
      ...vorsatz({ vu: '5312' }),
      ...address({ vu: '5312', vsnr: 'A1', intermediaryCustomerNumber: 'K-1' }),
      ...contract({ vu: '5312', vsnr: 'A1' }),
      nachsatz(4, 12345),
      ...vorsatz({ vu: '9001' }),
      ...address({ vu: '9002', vsnr: 'B1', intermediaryCustomerNumber: 'K-2' }),
      ...contract({ vu: '9002', vsnr: 'B1' }),
      nachsatz(4, 12345),
    ]);
    expect(contractsOf(events).map((item) => [item.policyNumber, item.insurerName])).toEqual([
      ['A1', 'Muster Versicherung AG'],
      ['B1', null],
    ]);
  });
});
