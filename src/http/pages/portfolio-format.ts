import type { Language } from '../../shared/i18n/translator.js';
import { required } from '../../shared/required.js';

const LOCALES: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };
const moneyFormats = new Map<Language, Intl.NumberFormat>();

/** Digits grouped by three from the right: "1234567" → "1.234.567" with a dot. */
function grouped(digits: string, separator: string): string {
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) {
    out = end - 3 > 0 ? `${separator}${digits.slice(end - 3, end)}${out}` : `${digits.slice(0, end)}${out}`;
  }
  return out;
}

/** Up to here (100 billion euros) cents ÷ 100 is exact enough for Intl's rounding, so both write the same. */
const DIRECT_LIMIT_CENTS = 1e13;

/**
 * Cents as euros in the reader's language: "1.234,56 €", "€1,234.56". Whole cents (up to 100 billion euros) are written
 * directly, as `Intl.NumberFormat` writes them (a page lists hundreds of amounts); anything else goes through it.
 */
export function formatEuro(cents: number, language: Language): string {
  if (Number.isInteger(cents) && Math.abs(cents) <= DIRECT_LIMIT_CENTS && !Object.is(cents, -0)) {
    const sign = cents < 0 ? '-' : '';
    const absolute = String(Math.abs(cents)).padStart(3, '0');
    const euros = absolute.slice(0, -2);
    const rest = absolute.slice(-2);
    return language === 'de'
      ? `${sign}${grouped(euros, '.')},${rest}\u00a0€`
      : `${sign}€${grouped(euros, ',')}.${rest}`;
  }
  return intlEuro(cents, language);
}

/** The same through `Intl.NumberFormat`, one per language. */
export function intlEuro(cents: number, language: Language): string {
  let format = moneyFormats.get(language);
  if (format === undefined) {
    format = new Intl.NumberFormat(LOCALES[language], { style: 'currency', currency: 'EUR' });
    moneyFormats.set(language, format);
  }
  return format.format(cents / 100);
}

/**
 * A partial date 'YYYY-MM-DD' ('00' for an unknown part) as far as it is known: "15.03.2027",
 * "03/2027" or "2027" (in English "15/03/2027"); text that is no such date is shown as it is.
 */
export function formatPartialDate(value: string, language: Language): string {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(value);
  if (match === null) {
    return value;
  }
  const [, year, month, day] = match;
  if (month === '00') {
    return required(year);
  }
  if (day === '00') {
    return `${month}/${year}`;
  }
  return language === 'de' ? `${day}.${month}.${year}` : `${day}/${month}/${year}`;
}
