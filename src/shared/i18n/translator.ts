import { ENGLISH } from './english.js';

export type Language = 'de' | 'en';

export const LANGUAGES: readonly Language[] = ['de', 'en'];

/** A German text of a page, exactly as written there; the English catalogue maps it to English. */
export type Message = keyof typeof ENGLISH;

export type MessageValues = Readonly<Record<string, string | number>>;

/** A text for a person that is translated where it is shown, e.g. a validation message of a service. */
export interface PersonText {
  readonly text: Message;
  readonly values?: MessageValues;
}

/** A fixed text or one with values, as pages take notices and validation messages. */
export type Text = Message | PersonText;

/** Marks a German text for the catalogue without translating it yet, e.g. in a table of labels. */
export function message(text: Message): Message {
  return text;
}

/** A text with its values, to be translated by the page that shows it. */
export function personText(text: Message, values?: MessageValues): PersonText {
  return values === undefined ? { text } : { text, values };
}

export function isLanguage(value: unknown): value is Language {
  return value === 'de' || value === 'en';
}

const LOCALES: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };
/**
 * Date-times a translator keeps formatted, per style: Intl formats one in a few microseconds, and lists show the same
 * instants on every visit (an inbox's 50 rows on each page); cleared when full, so it stays a few hundred kilobytes.
 */
const MAX_FORMATTED_DATES = 5000;
const TIME_ZONE = 'Europe/Berlin';
const PLACEHOLDER = /\{(\w+)\}/g;

export interface Translator {
  /** The text in the page's language; `{name}` placeholders take the values, numbers formatted for the language. */
  (text: Message, values?: MessageValues): string;
  readonly language: Language;
  /** Like the call, but values may be markup (e.g. a <strong> name); returns the pieces in order. */
  rich<Part>(text: Message, values: Readonly<Record<string, Part>>): Array<string | Part>;
  /** A text handed over by a route or a service. */
  text(text: Text): string;
  number(value: number): string;
  /** Date and time in Berlin, in the language's usual format. */
  dateTime(value: Date, style?: { date: 'medium'; time: 'short' | 'medium' }): string;
}

function lookUp(language: Language, text: Message): string {
  // A text missing from the catalogue stays German rather than breaking the page; a test names it.
  return language === 'en' ? ((ENGLISH as Record<string, string>)[text] ?? text) : text;
}

const translators = new Map<Language, Translator>();

export function translatorFor(language: Language): Translator {
  const known = translators.get(language);
  if (known !== undefined) {
    return known;
  }
  const locale = LOCALES[language];
  const numberFormat = new Intl.NumberFormat(locale);
  const dateFormats = new Map<string, { format: Intl.DateTimeFormat; formatted: Map<number, string> }>();
  const formatValue = (value: string | number): string =>
    typeof value === 'number' ? numberFormat.format(value) : value;
  const translate = (text: Message, values?: MessageValues): string => {
    const template = lookUp(language, text);
    return values === undefined
      ? template
      : template.replace(PLACEHOLDER, (whole, name: string) => {
          const value = values[name];
          return value === undefined ? whole : formatValue(value);
        });
  };
  const translator: Translator = Object.assign(translate, {
    language,
    rich<Part>(text: Message, values: Readonly<Record<string, Part>>): Array<string | Part> {
      return lookUp(language, text)
        .split(/(\{\w+\})/)
        .filter((piece) => piece !== '')
        .map((piece) => {
          const name = /^\{(\w+)\}$/.exec(piece)?.[1];
          const value = name === undefined ? undefined : values[name];
          return value === undefined ? piece : value;
        });
    },
    text: (text: Text) => (typeof text === 'string' ? translate(text) : translate(text.text, text.values)),
    number: (value: number) => numberFormat.format(value),
    dateTime(
      value: Date,
      style: { date: 'medium'; time: 'short' | 'medium' } = { date: 'medium', time: 'short' },
    ): string {
      const key = `${style.date}|${style.time}`;
      let known = dateFormats.get(key);
      if (known === undefined) {
        known = {
          format: new Intl.DateTimeFormat(locale, {
            dateStyle: style.date,
            timeStyle: style.time,
            timeZone: TIME_ZONE,
          }),
          formatted: new Map(),
        };
        dateFormats.set(key, known);
      }
      const instant = value.getTime();
      let text = known.formatted.get(instant);
      if (text === undefined) {
        text = known.format.format(value);
        if (known.formatted.size >= MAX_FORMATTED_DATES) known.formatted.clear();
        known.formatted.set(instant, text);
      }
      return text;
    },
  });
  translators.set(language, translator);
  return translator;
}
