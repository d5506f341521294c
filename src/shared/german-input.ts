/** Amounts and days as people in Germany type them into forms. */

/** Euros as people write them: "1.234,56", "1234,5", "1234.56", "1.234", with or without "€". */
/** The largest amount a form or the API takes, in cents (a billion euros). */
export const MAX_EURO_CENTS = 100_000_000_000;

export function parseEuroCents(input: string): number | null | 'invalid' {
  const text = input.replace(/[\s€]/g, '');
  if (text === '') return null;
  let normalized: string;
  if (/^[0-9]{1,3}(\.[0-9]{3})*(,[0-9]{1,2})?$/.test(text) || /^[0-9]+(,[0-9]{1,2})?$/.test(text)) {
    normalized = text.replace(/\./g, '').replace(',', '.');
  } else if (/^[0-9]+(\.[0-9]{1,2})?$/.test(text)) {
    normalized = text;
  } else {
    return 'invalid';
  }
  const cents = Math.round(Number(normalized) * 100);
  return Number.isSafeInteger(cents) && cents <= MAX_EURO_CENTS ? cents : 'invalid';
}

/** Cents as a German amount without thousands separators, for a form field ("1234,50"). */
export function formatEuroInput(cents: number | null): string {
  return cents === null ? '' : `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}

/** "2026-12-04" or "04.12.2026" → "2026-12-04", only for days the calendar has. */
export function parseDate(input: string): string | null {
  const text = input.trim();
  const iso = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text);
  const german = /^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})$/.exec(text);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : german
      ? [Number(german[3]), Number(german[2]), Number(german[1])]
      : [0, 0, 0];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
