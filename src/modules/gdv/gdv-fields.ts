import type { FieldSpec } from './gdv-layout.js';
import type { GdvCharset, GdvErrorCode, GdvPartialDate, GdvRecordError } from './gdv-records.js';

/**
 * ISO 8859-15 differs from ISO 8859-1 in eight code points (€ instead of ¤, Š, š, Ž, ž, Œ, œ, Ÿ); the
 * umlauts and ß are the same in both. Decoding as Latin-1 and mapping those eight keeps one byte = one
 * character, so a field's byte address is its string index.
 */
const LATIN9_DIFFERENCES: Record<string, string> = {
  '\u00a4': '€',
  '\u00a6': 'Š',
  '\u00a8': 'š',
  '\u00b4': 'Ž',
  '\u00b8': 'ž',
  '\u00bc': 'Œ',
  '\u00bd': 'œ',
  '\u00be': 'Ÿ',
};
const LATIN9_PATTERN = /[\u00a4\u00a6\u00a8\u00b4\u00b8\u00bc\u00bd\u00be]/gu;

export function decodeBytes(bytes: Uint8Array, charset: GdvCharset): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (charset === 'iso-8859-1') return latin1;
  return latin1.replace(LATIN9_PATTERN, (character) => LATIN9_DIFFERENCES[character] ?? character);
}

const DIGITS = /^[0-9]+$/u;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * TTMMJJJJ with "00" for an unknown day or month; blank or all zeros is no date. Returns an error text when invalid.
 */
export function parsePartialDate(raw: string): { date: GdvPartialDate | null } | { problem: string } {
  if (raw.trim() === '' || /^0+$/u.test(raw)) return { date: null };
  if (raw.length !== 8 || !DIGITS.test(raw)) return { problem: `„${raw.trim()}“ ist kein Datum im Format TTMMJJJJ` };
  const day = Number(raw.slice(0, 2));
  const month = Number(raw.slice(2, 4));
  const year = Number(raw.slice(4, 8));
  if (year === 0) return { problem: `„${raw}“ hat kein Jahr` };
  if (month > 12) return { problem: `„${raw}“ hat keinen gültigen Monat` };
  if (month === 0) {
    // A day without its month names no date; the standard allows "00" for the day, the month, or both.
    return day === 0 ? { date: { year, month: null, day: null } } : { problem: `„${raw}“ nennt einen Tag ohne Monat` };
  }
  const lastDay = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
  if (day > lastDay)
    return { problem: `Den ${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${year} gibt es nicht` };
  return { date: { year, month, day: day === 0 ? null : day } };
}

/**
 * Reads the fields of one Teildatensatz and collects what is wrong with them, so that a record reports
 * every bad field at once and the caller decides to skip it.
 */
export class PartScanner {
  readonly errors: GdvRecordError[] = [];

  constructor(
    private readonly text: string,
    private readonly line: number,
    private readonly satzart: string,
  ) {}

  raw(spec: FieldSpec): string {
    return this.text.slice(spec.start - 1, spec.start - 1 + spec.length);
  }

  /** Alphanumeric fields are left-aligned and padded with blanks; the VSNr is right-aligned. Both are trimmed. */
  optionalText(spec: FieldSpec): string | null {
    const value = this.raw(spec).trim();
    return value === '' ? null : value;
  }

  requiredText(spec: FieldSpec): string {
    const value = this.optionalText(spec);
    if (value === null) this.fail(spec, 'FIELD_REQUIRED', 'ist leer');
    return value ?? '';
  }

  /** A numeric code such as the Sparte: all digits, kept as text so leading zeros survive. */
  optionalDigits(spec: FieldSpec): string | null {
    const raw = this.raw(spec);
    if (raw.trim() === '') return null;
    if (!DIGITS.test(raw)) {
      this.fail(spec, 'FIELD_NOT_NUMERIC', `„${raw.trim()}“ ist keine Zahl`);
      return null;
    }
    return raw;
  }

  requiredDigits(spec: FieldSpec): string {
    const value = this.optionalDigits(spec);
    if (value === null && this.raw(spec).trim() === '') this.fail(spec, 'FIELD_REQUIRED', 'ist leer');
    return value ?? '';
  }

  /**
   * An amount with implied decimals, as an integer of the smallest unit (cents for two decimals). Blank is no amount.
   */
  optionalAmount(spec: FieldSpec): number | null {
    const digits = this.optionalDigits(spec);
    return digits === null ? null : Number(digits);
  }

  optionalDate(spec: FieldSpec): GdvPartialDate | null {
    const result = parsePartialDate(this.raw(spec));
    if ('problem' in result) {
      this.fail(spec, 'DATE_INVALID', result.problem);
      return null;
    }
    return result.date;
  }

  fail(spec: FieldSpec | null, code: GdvErrorCode, problem: string): void {
    const message = spec === null ? problem : `${spec.name}: ${problem}`;
    this.errors.push({ line: this.line, satzart: this.satzart, field: spec?.name ?? null, code, message });
  }
}
