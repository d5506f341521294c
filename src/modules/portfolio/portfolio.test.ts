import { describe, expect, it } from 'vitest';
import { parsePortfolioItem } from './portfolio-input.js';
import { parseFullDate, parsePartialDate } from './portfolio.js';
import { isSparteCoveredBy, sparteName } from './sparten.js';

describe('partial dates', () => {
  it.each([
    ['2024', '2024-00-00'],
    ['2024-03', '2024-03-00'],
    ['2024-03-00', '2024-03-00'],
    ['2024-00-00', '2024-00-00'],
    ['2024-02-29', '2024-02-29'],
    ['2023-02-29', null],
    ['2024-02-31', null],
    ['2024-00-15', null],
    ['2024-13-01', null],
    ['24-01-01', null],
    ['1799-01-01', null],
    ['2024-1-1', null],
    ['31.02.2024', null],
  ])('%s → %s', (input, expected) => {
    expect(parsePartialDate(input)).toBe(expected);
  });

  it('requires every part of a full date', () => {
    expect(parseFullDate('1980-02-29')).toBe('1980-02-29');
    expect(parseFullDate('1980-02-00')).toBeNull();
    expect(parseFullDate('1980')).toBeNull();
  });
});

describe('Sparten', () => {
  it('names known codes and keeps unknown ones', () => {
    expect(sparteName('130')).toBe('Verbundene Hausrat');
    expect(sparteName('070')).toBe('Rechtsschutz');
    expect(sparteName('123')).toBe('Sparte 123');
  });

  it('matches the words staff write in a grant', () => {
    expect(isSparteCoveredBy('Wohngebäude', '140')).toBe(true);
    expect(isSparteCoveredBy('KFZ', '053')).toBe(true);
    expect(isSparteCoveredBy('Haftpflicht', '051')).toBe(false);
    expect(isSparteCoveredBy('', '130')).toBe(false);
  });
});

describe('batch items', () => {
  const contract = (extra: Record<string, unknown>) => ({
    type: 'contract',
    action: 'upsert',
    contract: {
      insurerNumber: '9001',
      sparte: '130',
      policyNumber: 'A1',
      customerNumber: 'K1',
      status: 'active',
      ...extra,
    },
  });
  const customer = (extra: Record<string, unknown>) => ({
    type: 'customer',
    action: 'upsert',
    customer: { customerNumber: 'K1', ...extra },
  });

  it.each([
    [contract({ startDate: '2024-02-31' }), 'DATE_INVALID'],
    [contract({ cancellation: { date: '2024-13' } }), null],
    [contract({ status: 'cancelled', cancellation: { reason: 'Kündigung', date: '2024-13' } }), 'DATE_INVALID'],
    [contract({ premiumGrossCents: 12.5 }), 'AMOUNT_INVALID'],
    [contract({ premiumGrossCents: '1250' }), 'AMOUNT_INVALID'],
    [contract({ sumsInsured: [{ label: 'Hausrat', cents: -1 }] }), 'AMOUNT_INVALID'],
    [contract({ sparte: 'ABC' }), 'SPARTE_INVALID'],
    [contract({ policyNumber: '123456789012345678' }), 'POLICY_NUMBER_INVALID'],
    [contract({ insurerNumber: '' }), 'INSURER_NUMBER_INVALID'],
    [contract({ customerNumber: '' }), 'CUSTOMER_NUMBER_INVALID'],
    [contract({ unknownField: 1 }), 'VALIDATION_FAILED'],
    [customer({ kind: 'private', lastName: 'M', dateOfBirth: '1990-02-30' }), 'DATE_INVALID'],
    [customer({ kind: 'business', companyName: 'M GmbH', dateOfBirth: '1990-01-01' }), 'VALIDATION_FAILED'],
    [customer({ kind: 'private', lastName: 'M', emailAddresses: ['keine Adresse'] }), 'VALIDATION_FAILED'],
    [customer({ kind: 'private', lastName: 'M', intermediaryAccounts: ['!'] }), 'CUSTOMER_NUMBER_INVALID'],
    [customer({ kind: 'private', lastName: 'M' }), null],
    [{ type: 'customer', action: 'delete', customerNumber: 'K1', extra: true }, 'VALIDATION_FAILED'],
    [null, 'VALIDATION_FAILED'],
  ])('%j → %s', (item, code) => {
    let failure: string | null = null;
    try {
      parsePortfolioItem(item);
    } catch (error) {
      failure = (error as { code: string }).code;
    }
    expect(failure).toBe(code);
  });
});
