import { describe, expect, it } from 'vitest';
import { parseServiceRequest, subjectOfRequest, type RequestKind } from './service-request.js';

const ADDRESS = { street: 'Ringstraße 5', postcode: '50667', city: 'Köln', movingDate: '01.03.2027' };
const BANK = { iban: 'DE89 3704 0044 0532 0130 00', accountHolder: 'Max Kunde' };

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
  [
    'any: a note too long',
    'portfolio_transfer',
    { insurer: 'HUK', policyNumbers: 'A1', note: 'x'.repeat(4001) },
    { note: 'REQUEST_TEXT_TOO_LONG' },
  ],
];

describe('parseServiceRequest', () => {
  it.each(CASES)('%s', (_, kind, form, expected) => {
    const parsed = parseServiceRequest(kind, form);
    const codes = parsed.ok ? {} : Object.fromEntries(parsed.problems.map((problem) => [problem.field, problem.code]));
    expect(codes).toEqual(expected);
  });

  it('stores what was typed in the form the broker applies', () => {
    const change = parseServiceRequest('data_change', { ...ADDRESS, ...BANK, phone: ' 0221  123456 ' });
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
    const contract = parseServiceRequest('contract_add', { insurer: 'Allianz', yearlyPremium: '1.234,50 €' });
    expect(contract.ok && contract.request.fields).toMatchObject({ yearlyPremiumCents: 123_450, sparte: null });
    const transfer = parseServiceRequest('portfolio_transfer', { insurer: 'HUK', policyNumbers: 'A1, B2;A1\nC3' });
    expect(transfer.ok && transfer.request.fields).toMatchObject({ policyNumbers: ['A1', 'B2', 'C3'] });
    if (!change.ok) throw new Error('refused');
    expect(subjectOfRequest(change.request)).toBe('Daten ändern: Adresse, Bankverbindung, Telefon');
  });
});
