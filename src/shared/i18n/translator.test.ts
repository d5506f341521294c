import { describe, expect, it } from 'vitest';
import { translatorFor } from './translator.js';

describe('translatorFor(…).dateTime', () => {
  it('formats each instant as Intl does in Berlin, also when it was formatted before and past the kept ones', () => {
    const german = translatorFor('de');
    const english = translatorFor('en');
    const intlOf = (locale: string, time: 'short' | 'medium') =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: time, timeZone: 'Europe/Berlin' });
    const [germanShort, englishShort, germanMedium] = [
      intlOf('de-DE', 'short'),
      intlOf('en-GB', 'short'),
      intlOf('de-DE', 'medium'),
    ];
    const start = Date.UTC(2026, 2, 28, 23, 0);
    // Over the change to summer time, minute by minute, more instants than are kept, each asked twice.
    for (let minute = 0; minute < 6000; minute += 1) {
      const at = new Date(start + minute * 60_000);
      for (let round = 0; round < 2; round += 1) {
        expect(german.dateTime(at)).toBe(germanShort.format(at));
        expect(english.dateTime(at)).toBe(englishShort.format(at));
        expect(german.dateTime(at, { date: 'medium', time: 'medium' })).toBe(germanMedium.format(at));
      }
    }
    expect(german.dateTime(new Date('2026-11-24T09:00:00Z'))).toBe('24.11.2026, 10:00');
  });
});
