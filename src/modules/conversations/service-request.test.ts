import { describe, expect, it } from 'vitest';
import { parseServiceRequest, subjectOfRequest, type RequestKind } from './service-request.js';

const ADDRESS = { street: 'Ringstraße 5', postcode: '50667', city: 'Köln', movingDate: '01.03.2027' };
const BANK = { iban: 'DE89 3704 0044 0532 0130 00', accountHolder: 'Max Kunde' };
const TODAY = { today: '2026-12-05', isPrivacyNoticeRequired: false };
const PRIVATE = {
  customerKind: 'private',
  status: 'prospect',
  firstName: 'Erika',
  lastName: 'Neu',
  street: 'Hohe Straße 1',
  postcode: '50667',
  city: 'Köln',
};
const BUSINESS = { ...PRIVATE, customerKind: 'business', status: 'customer', firstName: '', lastName: '' };

/** Each row: a kind, what was typed, and the codes by field it is refused with (none: accepted). */
const CASES: [string, RequestKind, Record<string, string>, Record<string, string>][] = [
  ['contract: insurer alone', 'contract_add', { insurer: 'Allianz' }, {}],
  [
    'contract: every field',
    'contract_add',
    { insurer: 'Allianz', policyNumber: 'AS-1', sparte: '040', yearlyPremium: '1.234,50', note: 'Foto folgt' },
    {},
  ],
  ['contract: no insurer', 'contract_add', { insurer: '  ' }, { insurer: 'REQUEST_INSURER_REQUIRED' }],
  [
    'contract: unknown Sparte, premium not an amount, insurer too long',
    'contract_add',
    { insurer: 'x'.repeat(201), sparte: '999x', yearlyPremium: '12,3,4' },
    { insurer: 'REQUEST_TEXT_TOO_LONG', sparte: 'REQUEST_SPARTE_INVALID', yearlyPremium: 'REQUEST_PREMIUM_INVALID' },
  ],
  ['data: nothing at all', 'data_change', { note: 'Hallo' }, { '': 'REQUEST_CHANGE_REQUIRED' }],
  ['data: a new address', 'data_change', ADDRESS, {}],
  [
    'data: an address half given',
    'data_change',
    { street: 'Ringstraße 5', postcode: '5066', movingDate: '31.02.2027' },
    {
      postcode: 'REQUEST_POSTCODE_INVALID',
      city: 'REQUEST_CITY_REQUIRED',
      movingDate: 'REQUEST_MOVING_DATE_INVALID',
    },
  ],
  [
    'data: an address without street and moving date',
    'data_change',
    { postcode: '50667', city: 'Köln' },
    { street: 'REQUEST_STREET_REQUIRED', movingDate: 'REQUEST_MOVING_DATE_REQUIRED' },
  ],
  ['data: a bank account', 'data_change', BANK, {}],
  [
    'data: an IBAN with a wrong check sum, no holder',
    'data_change',
    { iban: 'DE89 3704 0044 0532 0130 01' },
    { iban: 'IBAN_INVALID', accountHolder: 'REQUEST_ACCOUNT_HOLDER_REQUIRED' },
  ],
  ['data: a holder without IBAN', 'data_change', { accountHolder: 'Max' }, { iban: 'REQUEST_IBAN_REQUIRED' }],
  ['data: a phone number', 'data_change', { phone: '+49 221 123456' }, {}],
  ['data: a phone number in words', 'data_change', { phone: 'ruf mich an' }, { phone: 'REQUEST_PHONE_INVALID' }],
  ['data: a new name', 'data_change', { name: 'Max Neumann' }, {}],
  ['transfer: two numbers', 'portfolio_transfer', { insurer: 'HUK', policyNumbers: 'A1\nB2' }, {}],
  [
    'transfer: neither insurer nor numbers',
    'portfolio_transfer',
    { insurer: '', policyNumbers: ' \n , ' },
    { insurer: 'REQUEST_INSURER_REQUIRED', policyNumbers: 'REQUEST_POLICY_NUMBERS_REQUIRED' },
  ],
  [
    'transfer: too many numbers',
    'portfolio_transfer',
    { insurer: 'HUK', policyNumbers: Array.from({ length: 101 }, (_, index) => `N${index}`).join('\n') },
    { policyNumbers: 'REQUEST_POLICY_NUMBERS_TOO_MANY' },
  ],
  ['customer: a private prospect with the required fields', 'customer_add', PRIVATE, {}],
  [
    'customer: a private customer with every optional field',
    'customer_add',
    {
      ...PRIVATE,
      email: 'erika@beispiel.de',
      iban: 'DE89 3704 0044 0532 0130 00',
      dateOfBirth: '24.05.1980',
      mobile: '+49 171 1234567',
    },
    {},
  ],
  [
    'customer: nothing chosen or typed',
    'customer_add',
    {},
    {
      customerKind: 'REQUEST_CUSTOMER_KIND_INVALID',
      status: 'REQUEST_CUSTOMER_STATUS_INVALID',
      firstName: 'REQUEST_FIRST_NAME_REQUIRED',
      lastName: 'REQUEST_LAST_NAME_REQUIRED',
      street: 'REQUEST_STREET_REQUIRED',
      postcode: 'REQUEST_POSTCODE_INVALID',
      city: 'REQUEST_CITY_REQUIRED',
    },
  ],
  [
    'customer: a private one without names, a business one needs its company',
    'customer_add',
    { ...PRIVATE, firstName: ' ', lastName: '' },
    { firstName: 'REQUEST_FIRST_NAME_REQUIRED', lastName: 'REQUEST_LAST_NAME_REQUIRED' },
  ],
  ['customer: a business without company', 'customer_add', BUSINESS, { companyName: 'REQUEST_COMPANY_NAME_REQUIRED' }],
  ['customer: a business with its company', 'customer_add', { ...BUSINESS, companyName: 'Neu GmbH' }, {}],
  [
    'customer: an unknown kind and status',
    'customer_add',
    { ...PRIVATE, customerKind: 'alien', status: 'vip' },
    { customerKind: 'REQUEST_CUSTOMER_KIND_INVALID', status: 'REQUEST_CUSTOMER_STATUS_INVALID' },
  ],
  [
    'customer: bad e-mail, IBAN, mobile, a birthday today, a German postcode of four digits',
    'customer_add',
    {
      ...PRIVATE,
      postcode: '5066',
      email: 'erika@',
      iban: 'DE89 3704 0044 0532 0130 01',
      mobile: 'nie',
      dateOfBirth: '05.12.2026',
    },
    {
      postcode: 'REQUEST_POSTCODE_INVALID',
      email: 'EMAIL_INVALID',
      iban: 'IBAN_INVALID',
      mobile: 'REQUEST_PHONE_INVALID',
      dateOfBirth: 'REQUEST_BIRTH_DATE_INVALID',
    },
  ],
  [
    'customer: a birthday that is no day',
    'customer_add',
    { ...PRIVATE, dateOfBirth: '31.02.1980' },
    { dateOfBirth: 'REQUEST_BIRTH_DATE_INVALID' },
  ],
  ['customer: Austria, four-digit postcode', 'customer_add', { ...PRIVATE, country: 'at', postcode: '1010' }, {}],
  ['customer: the Netherlands, letters too', 'customer_add', { ...PRIVATE, country: 'NL', postcode: '1012 AB' }, {}],
  [
    'customer: a foreign postcode without digits, a country that is no code',
    'customer_add',
    { ...PRIVATE, country: 'AT', postcode: 'Wien' },
    { postcode: 'REQUEST_FOREIGN_POSTCODE_INVALID' },
  ],
  [
    'customer: a country that is no code',
    'customer_add',
    { ...PRIVATE, country: 'Österreich' },
    { country: 'REQUEST_COUNTRY_INVALID' },
  ],
  [
    'any: a note too long',
    'portfolio_transfer',
    { insurer: 'HUK', policyNumbers: 'A1', note: 'x'.repeat(4001) },
    { note: 'REQUEST_TEXT_TOO_LONG' },
  ],
];

describe('parseServiceRequest', () => {
  it.each(CASES)('%s', (_, kind, form, expected) => {
    const parsed = parseServiceRequest(kind, form, TODAY);
    const codes = parsed.ok ? {} : Object.fromEntries(parsed.problems.map((problem) => [problem.field, problem.code]));
    expect(codes).toEqual(expected);
  });

  it('stores what was typed in the form the broker applies', () => {
    const change = parseServiceRequest('data_change', { ...ADDRESS, ...BANK, phone: ' 0221  123456 ' }, TODAY);
    expect(change).toEqual({
      ok: true,
      request: {
        kind: 'data_change',
        fields: {
          address: { street: 'Ringstraße 5', postcode: '50667', city: 'Köln', movingDate: '2027-03-01' },
          bankAccount: { iban: 'DE89370400440532013000', accountHolder: 'Max Kunde' },
          phone: '0221 123456',
          name: null,
          note: null,
        },
      },
    });
    const contract = parseServiceRequest('contract_add', { insurer: 'Allianz', yearlyPremium: '1.234,50 €' }, TODAY);
    expect(contract.ok && contract.request.fields).toMatchObject({ yearlyPremiumCents: 123_450, sparte: null });
    const transfer = parseServiceRequest(
      'portfolio_transfer',
      { insurer: 'HUK', policyNumbers: 'A1, B2;A1\nC3' },
      TODAY,
    );
    expect(transfer.ok && transfer.request.fields).toMatchObject({ policyNumbers: ['A1', 'B2', 'C3'] });
    if (!change.ok) throw new Error('refused');
    expect(subjectOfRequest(change.request)).toBe('Daten ändern: Adresse, Bankverbindung, Telefon');
  });

  it('stores a new customer as the CRM creates it: a private one with names, a business one with its company', () => {
    const person = parseServiceRequest(
      'customer_add',
      { ...PRIVATE, dateOfBirth: '24.05.1980', iban: 'de89 3704 0044 0532 0130 00', email: ' erika@beispiel.de ' },
      TODAY,
    );
    expect(person).toEqual({
      ok: true,
      request: {
        kind: 'customer_add',
        fields: {
          customerKind: 'private',
          status: 'prospect',
          firstName: 'Erika',
          lastName: 'Neu',
          companyName: null,
          address: { street: 'Hohe Straße 1', postcode: '50667', city: 'Köln', country: 'DE' },
          email: 'erika@beispiel.de',
          iban: 'DE89370400440532013000',
          dateOfBirth: '1980-05-24',
          mobile: null,
          privacyNoticeConfirmed: false,
          note: null,
        },
      },
    });
    if (!person.ok) throw new Error('refused');
    expect(subjectOfRequest(person.request)).toBe('Kunden anlegen: Erika Neu');
    // A business customer keeps no person's names nor a date of birth, whatever the form still held.
    const company = parseServiceRequest(
      'customer_add',
      { ...PRIVATE, customerKind: 'business', companyName: 'Neu GmbH', dateOfBirth: 'gestern' },
      TODAY,
    );
    expect(company.ok && company.request.fields).toMatchObject({
      firstName: null,
      lastName: null,
      companyName: 'Neu GmbH',
      dateOfBirth: null,
    });
  });

  it('asks for the privacy statement only when the grant makes it mandatory', () => {
    const required = { ...TODAY, isPrivacyNoticeRequired: true };
    const missing = parseServiceRequest('customer_add', PRIVATE, required);
    expect(missing.ok ? [] : missing.problems).toEqual([
      { field: 'privacyNotice', code: 'REQUEST_PRIVACY_NOTICE_REQUIRED' },
    ]);
    const confirmed = parseServiceRequest('customer_add', { ...PRIVATE, privacyNotice: 'ja' }, required);
    expect(confirmed.ok && confirmed.request.fields).toMatchObject({ privacyNoticeConfirmed: true });
  });
});
