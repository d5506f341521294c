import { describe, expect, it } from 'vitest';
import { formatEuro, formatPartialDate, intlEuro } from './portfolio-format.js';

describe('portfolio formats', () => {
  it('shows cents as euros in the reader’s language', () => {
    expect(formatEuro(123_456, 'de').replace(/\s/g, ' ')).toBe('1.234,56 €');
    expect(formatEuro(123_456, 'en')).toBe('€1,234.56');
    expect(formatEuro(0, 'de').replace(/\s/g, ' ')).toBe('0,00 €');
  });

  it('writes whole cents exactly as Intl.NumberFormat does, in both languages', () => {
    const amounts = [0, -0, 1, 5, 10, 99, 100, 101, 999, 1_000, 99_999, 100_000, 123_456, 999_999, 1_000_000];
    amounts.push(
      12_345_678_901,
      1e13 - 1,
      1e13,
      1e13 + 1,
      9_999_999_999_999,
      Number.MAX_SAFE_INTEGER,
      0.5,
      1234.5,
      Number.MAX_SAFE_INTEGER + 2,
    );
    for (let cents = 1; cents < 1e15; cents = cents * 7 + 3) {
      amounts.push(cents);
    }
    let seed = 4711;
    for (let index = 0; index < 2_000; index += 1) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      amounts.push(Math.floor((seed / 2_147_483_648) * 10 ** (index % 14)));
    }
    for (const cents of [...amounts, ...amounts.map((amount) => -amount)]) {
      for (const language of ['de', 'en'] as const) {
        expect(formatEuro(cents, language)).toBe(intlEuro(cents, language));
      }
    }
  });

  it('shows a partial date as far as it is known', () => {
    expect(formatPartialDate('2027-03-15', 'de')).toBe('15.03.2027');
    expect(formatPartialDate('2027-03-15', 'en')).toBe('15/03/2027');
    expect(formatPartialDate('2027-03-00', 'de')).toBe('03/2027');
    expect(formatPartialDate('2027-00-00', 'en')).toBe('2027');
    expect(formatPartialDate('unbekannt', 'de')).toBe('unbekannt');
  });
});
