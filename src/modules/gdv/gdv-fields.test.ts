import { describe, expect, it } from 'vitest';
import { decodeBytes, parsePartialDate } from './gdv-fields.js';

describe('dates as TTMMJJJJ', () => {
  it.each([
    ['15031980', { year: 1980, month: 3, day: 15 }],
    ['29022024', { year: 2024, month: 2, day: 29 }],
    ['29022000', { year: 2000, month: 2, day: 29 }],
    ['00052024', { year: 2024, month: 5, day: null }],
    ['00002024', { year: 2024, month: null, day: null }],
    ['31122099', { year: 2099, month: 12, day: 31 }],
  ])('reads %s', (raw, date) => {
    expect(parsePartialDate(raw)).toEqual({ date });
  });

  it.each(['00000000', '        '])('reads "%s" as no date', (raw) => {
    expect(parsePartialDate(raw)).toEqual({ date: null });
  });

  it.each([
    ['31022024', 'Den 31.02.2024 gibt es nicht'],
    ['29022023', 'Den 29.02.2023 gibt es nicht'],
    ['29021900', 'Den 29.02.1900 gibt es nicht'],
    ['31042024', 'Den 31.04.2024 gibt es nicht'],
    ['01132024', '„01132024“ hat keinen gültigen Monat'],
    ['15002024', '„15002024“ nennt einen Tag ohne Monat'],
    ['15030000', '„15030000“ hat kein Jahr'],
    ['15.03.80', '„15.03.80“ ist kein Datum im Format TTMMJJJJ'],
    ['1503198 ', '„1503198“ ist kein Datum im Format TTMMJJJJ'],
  ])('refuses %s', (raw, problem) => {
    expect(parsePartialDate(raw)).toEqual({ problem });
  });
});

describe('the 8-bit character sets', () => {
  const bytes = Uint8Array.from([0xc4, 0xd6, 0xdc, 0xe4, 0xf6, 0xfc, 0xdf, 0x20, 0xa4, 0xa6, 0xbd]);

  it('reads umlauts and ß the same in both, and the eight code points where ISO 8859-15 differs', () => {
    expect(decodeBytes(bytes, 'iso-8859-15')).toBe('ÄÖÜäöüß €Šœ');
    expect(decodeBytes(bytes, 'iso-8859-1')).toBe('ÄÖÜäöüß ¤¦½');
  });

  it('keeps one character per byte, so byte addresses are string positions', () => {
    expect(decodeBytes(bytes, 'iso-8859-15')).toHaveLength(bytes.length);
  });

  it('reads a view into a larger buffer without its neighbours', () => {
    const larger = Buffer.from('xxÄpfelyy', 'latin1');
    expect(decodeBytes(larger.subarray(2, 7), 'iso-8859-15')).toBe('Äpfel');
  });
});
