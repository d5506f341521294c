import type { Language } from '../../shared/i18n/translator.js';

const LOCALES: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };
const moneyFormats = new Map<Language, Intl.NumberFormat>();

/** Cents as euros in the reader's language: "1.234,56 €", "€1,234.56". */
export function formatEuro(cents: number, language: Language): string {
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
    return year!;
  }
  if (day === '00') {
    return `${month}/${year}`;
  }
  return language === 'de' ? `${day}.${month}.${year}` : `${day}/${month}/${year}`;
}
