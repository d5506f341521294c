import { describe, expect, it } from 'vitest';
import { formatIban, isValidIban, normalizeIban } from './iban.js';

describe('isValidIban', () => {
  it.each([
    ['DE89 3704 0044 0532 0130 00', true],
    ['de89370400440532013000', true],
    ['DE89-3704-0044-0532-0130-00', true],
    ['AT61 1904 3002 3457 3201', true],
    ['CH93 0076 2011 6238 5295 7', true],
    ['GB29 NWBK 6016 1331 9268 19', true],
    ['DE88 3704 0044 0532 0130 00', false],
    ['DE89 3704 0044 0532 0130 0', false],
    ['DE89 3704 0044 0532 0130 000', false],
    ['DEXX 3704 0044 0532 0130 00', false],
    ['89 3704 0044 0532 0130 00', false],
    ['', false],
    ['DE89 3704 0044 0532 0130 0€', false],
  ] as const)('%s → %s', (iban, isValid) => {
    expect(isValidIban(iban)).toBe(isValid);
  });

  it('normalizes and groups', () => {
    expect(normalizeIban(' de89 3704 0044 0532 0130 00 ')).toBe('DE89370400440532013000');
    expect(formatIban('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
  });
});
