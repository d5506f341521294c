import { describe, expect, it } from 'vitest';
import { formatEuro, formatPartialDate } from './portfolio-format.js';

describe('portfolio formats', () => {
  it('shows cents as euros in the reader’s language', () => {
    expect(formatEuro(123_456, 'de').replace(/\s/g, ' ')).toBe('1.234,56 €');
    expect(formatEuro(123_456, 'en')).toBe('€1,234.56');
    expect(formatEuro(0, 'de').replace(/\s/g, ' ')).toBe('0,00 €');
  });

  it('shows a partial date as far as it is known', () => {
    expect(formatPartialDate('2027-03-15', 'de')).toBe('15.03.2027');
    expect(formatPartialDate('2027-03-15', 'en')).toBe('15/03/2027');
    expect(formatPartialDate('2027-03-00', 'de')).toBe('03/2027');
    expect(formatPartialDate('2027-00-00', 'en')).toBe('2027');
    expect(formatPartialDate('unbekannt', 'de')).toBe('unbekannt');
  });
});
