/**
 * The demo broker's portfolio: Max Mustermann (100234, private) and his company (100235). The
 * company pension is a contract of the employer that the broker shares into Max's grant by hand.
 */
const INSURER = { number: '5312', name: 'Muster Versicherung AG' };
const CASE_HANDLER = {
  name: 'Sabine Sachbearbeiterin',
  phone: '+49 30 1234567-20',
  email: 'vertrag@mustermakler.example',
};
const ADVISER = { name: 'Bernd Berater', phone: '+49 30 1234567-10', email: 'beratung@mustermakler.example' };
const ADDRESS = { street: 'Musterstraße 12', postcode: '10115', city: 'Berlin', country: 'DE' };

export const DEMO_PENSION = { insurerNumber: '9410', sparte: '010', policyNumber: 'BAV2019000815' } as const;

const contract = (
  customerNumber: string,
  sparte: string,
  policyNumber: string,
  productName: string,
  extra: Record<string, unknown> = {},
) => ({
  type: 'contract',
  action: 'upsert',
  contract: {
    insurerNumber: INSURER.number,
    insurerName: INSURER.name,
    sparte,
    policyNumber,
    customerNumber,
    productName,
    status: 'active',
    paymentFrequency: 'yearly',
    caseHandler: CASE_HANDLER,
    adviser: ADVISER,
    ...extra,
  },
});

const VEHICLE = { plate: 'B-MM 1234', hsn: '0603', tsn: 'BQT', vin: 'WVWZZZ1KZAW000001', noClaimsClass: 'SF 12' };

export const DEMO_PORTFOLIO_ITEMS: readonly unknown[] = [
  {
    type: 'customer',
    action: 'upsert',
    customer: {
      customerNumber: '100234',
      kind: 'private',
      firstName: 'Max',
      lastName: 'Mustermann',
      dateOfBirth: '1978-04-12',
      address: ADDRESS,
      emailAddresses: ['max.mustermann@example.com'],
      phone: '+49 170 1234567',
      caseHandler: CASE_HANDLER,
      adviser: ADVISER,
      referenceAddresses: [
        {
          label: 'Ferienwohnung Ostsee',
          street: 'Strandweg 5',
          postcode: '18225',
          city: 'Kühlungsborn',
          country: 'DE',
        },
      ],
    },
  },
  {
    type: 'customer',
    action: 'upsert',
    customer: {
      customerNumber: '100235',
      kind: 'business',
      companyName: 'Mustermann Haustechnik GmbH',
      address: { ...ADDRESS, street: 'Gewerbehof 3' },
      emailAddresses: ['info@mustermann-haustechnik.example'],
      caseHandler: CASE_HANDLER,
      adviser: ADVISER,
    },
  },
  contract('100234', '130', 'HR4711001', 'Hausrat Komfort', {
    startDate: '2015-07-01',
    mainDueDate: '2016-07-01',
    premiumNetCents: 15_882,
    premiumGrossCents: 18_900,
    sumsInsured: [{ label: 'Versicherungssumme', cents: 6_500_000 }],
    risk: { description: 'Wohnung Musterstraße 12, 85 m²' },
  }),
  contract('100234', '040', 'PH4711002', 'Privathaftpflicht Familie', {
    startDate: '2012-01-01',
    premiumNetCents: 6_714,
    premiumGrossCents: 7_990,
    sumsInsured: [{ label: 'Personen- und Sachschäden', cents: 1_000_000_000 }],
  }),
  contract('100234', '051', 'KH4711003', 'Kfz-Haftpflicht', {
    startDate: '2021-03-15',
    mainDueDate: '2022-01-01',
    paymentFrequency: 'half_yearly',
    premiumNetCents: 32_353,
    premiumGrossCents: 38_500,
    risk: { description: 'VW Golf', vehicle: VEHICLE },
  }),
  contract('100234', '052', 'KV4711004', 'Kfz-Vollkasko', {
    startDate: '2021-03-15',
    mainDueDate: '2022-01-01',
    paymentFrequency: 'half_yearly',
    premiumNetCents: 41_176,
    premiumGrossCents: 49_000,
    risk: { description: 'VW Golf', vehicle: VEHICLE },
  }),
  contract('100234', '070', 'RS4711005', 'Rechtsschutz Privat, Beruf, Verkehr', {
    startDate: '2018-10',
    premiumNetCents: 27_647,
    premiumGrossCents: 32_900,
  }),
  contract('100234', '140', 'WG4711006', 'Wohngebäude Plus', {
    startDate: '2019-05-01',
    premiumNetCents: 42_017,
    premiumGrossCents: 50_000,
    risk: { description: 'Ferienwohnung Strandweg 5, Kühlungsborn' },
    sumsInsured: [{ label: 'Wert 1914', cents: 2_800_000 }],
  }),
  contract('100234', '030', 'UV4711007', 'Unfall Aktiv', {
    startDate: '2016',
    premiumNetCents: 12_521,
    premiumGrossCents: 14_900,
    sumsInsured: [{ label: 'Invalidität', cents: 20_000_000 }],
  }),
  contract('100234', '010', 'RL4711008', 'Risikolebensversicherung', {
    status: 'cancelled',
    cancellation: { reason: 'Kündigung durch den Versicherungsnehmer', date: '2025-12-31' },
    startDate: '2010-01-01',
    endDate: '2025-12-31',
    premiumGrossCents: 21_000,
  }),
  contract('100234', '020', 'ZZ4711009', 'Zahnzusatz', {
    status: 'dormant',
    startDate: '2020-02-01',
    paymentFrequency: 'monthly',
    premiumGrossCents: 1_890,
  }),
  contract('100235', '040', 'BH5000001', 'Betriebshaftpflicht Handwerk', {
    startDate: '2017-04-01',
    premiumNetCents: 100_840,
    premiumGrossCents: 120_000,
  }),
  contract('100235', '051', 'FK5000002', 'Firmenwagen Kfz-Haftpflicht', {
    startDate: '2022-06-01',
    risk: {
      description: 'Transporter',
      vehicle: { plate: 'B-HT 500', hsn: null, tsn: null, vin: null, noClaimsClass: 'SF 5' },
    },
    premiumGrossCents: 71_000,
  }),
  {
    type: 'contract',
    action: 'upsert',
    contract: {
      ...DEMO_PENSION,
      insurerName: 'Muster Lebensversicherung AG',
      customerNumber: '100235',
      productName: 'Direktversicherung (betriebliche Altersversorgung) für Max Mustermann',
      status: 'active',
      startDate: '2019-01-01',
      paymentFrequency: 'monthly',
      premiumGrossCents: 24_800,
      caseHandler: CASE_HANDLER,
      adviser: ADVISER,
    },
  },
];
