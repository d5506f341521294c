/**
 * What the person sees about passwords, German first, formal "Sie". Type-only imports keep this
 * module free of server code so a page or script can use it as well.
 */
import type { PasswordChecklistCode, PasswordProblemCode } from './password-checks.js';

export type Language = 'de' | 'en';

type Texts<Code extends string> = Readonly<Record<Code, Readonly<Record<Language, string>>>>;

const CHECKLIST_LABELS: Texts<PasswordChecklistCode> = {
  PASSWORD_TOO_SHORT: {
    de: 'Mindestens 8 Zeichen (höchstens 128)',
    en: 'At least 8 characters (at most 128)',
  },
  PASSWORD_NEEDS_SPECIAL: {
    de: 'Mindestens ein Sonderzeichen (z. B. ! ? § € oder Leerzeichen)',
    en: 'At least one special character (e.g. ! ? § € or a space)',
  },
  PASSWORD_NEEDS_DIGIT: {
    de: 'Mindestens eine Ziffer (0–9)',
    en: 'At least one digit (0–9)',
  },
  PASSWORD_NEEDS_UPPERCASE: {
    de: 'Mindestens ein Großbuchstabe (A–Z)',
    en: 'At least one capital letter (A–Z)',
  },
  PASSWORD_TOO_COMMON: {
    de: 'Kein häufig verwendetes Passwort',
    en: 'Not a commonly used password',
  },
  PASSWORD_CONTAINS_PERSONAL_DATA: {
    de: 'Enthält nicht Ihren Namen, Ihre E-Mail-Adresse oder den Namen Ihres Maklers',
    en: "Does not contain your name, your e-mail address or your broker's name",
  },
  PASSWORD_HAS_CONTROL_CHARACTER: {
    de: 'Keine unsichtbaren Steuerzeichen (z. B. Tabulator)',
    en: 'No invisible control characters (e.g. a tab)',
  },
};

const PROBLEMS: Texts<PasswordProblemCode> = {
  PASSWORD_TOO_SHORT: {
    de: 'Das Passwort ist zu kurz. Bitte verwenden Sie mindestens 8 Zeichen.',
    en: 'The password is too short. Please use at least 8 characters.',
  },
  PASSWORD_NEEDS_SPECIAL: {
    de: 'Es fehlt ein Sonderzeichen. Bitte fügen Sie zum Beispiel ! ? § € oder ein Leerzeichen hinzu.',
    en: 'A special character is missing. Please add one, for example ! ? § € or a space.',
  },
  PASSWORD_NEEDS_DIGIT: {
    de: 'Es fehlt eine Ziffer. Bitte fügen Sie mindestens eine Ziffer von 0 bis 9 hinzu.',
    en: 'A digit is missing. Please add at least one digit from 0 to 9.',
  },
  PASSWORD_NEEDS_UPPERCASE: {
    de:
      'Es fehlt ein Großbuchstabe. Bitte verwenden Sie mindestens einen Großbuchstaben von A bis Z. ' +
      'Umlaute wie Ä, Ö oder Ü zählen dafür nicht.',
    en:
      'A capital letter is missing. Please use at least one capital letter from A to Z. ' +
      'Letters with accents or umlauts such as Ä do not count.',
  },
  PASSWORD_TOO_LONG: {
    de: 'Das Passwort ist zu lang. Bitte verwenden Sie höchstens 128 Zeichen.',
    en: 'The password is too long. Please use at most 128 characters.',
  },
  PASSWORD_HAS_CONTROL_CHARACTER: {
    de:
      'Das Passwort enthält ein unsichtbares Steuerzeichen, zum Beispiel einen Tabulator oder ' +
      'einen Zeilenumbruch. Das passiert oft beim Einfügen. Bitte geben Sie das Passwort ohne ' +
      'solche Zeichen ein.',
    en:
      'The password contains an invisible control character, such as a tab or a line break. ' +
      'This often happens when pasting. Please enter the password without such characters.',
  },
  PASSWORD_TOO_COMMON: {
    de:
      'Dieses Passwort wird sehr häufig verwendet und ist leicht zu erraten. Bitte wählen Sie ' +
      'ein anderes – zum Beispiel einen Satz aus mehreren Wörtern.',
    en:
      'This password is used very often and is easy to guess. Please choose a different one – ' +
      'for example a sentence of several words.',
  },
  PASSWORD_CONTAINS_PERSONAL_DATA: {
    de:
      'Das Passwort enthält Ihren Namen oder einen Teil Ihrer E-Mail-Adresse und ist dadurch ' +
      'leicht zu erraten. Bitte wählen Sie ein Passwort ohne diese Angaben.',
    en:
      'The password contains your name or part of your e-mail address, which makes it easy to ' +
      'guess. Please choose a password without them.',
  },
  PASSWORD_CONTAINS_BROKER_NAME: {
    de:
      'Das Passwort enthält den Namen Ihres Maklers, zu dem dieses Kundenportal gehört, und ist dadurch ' +
      'leicht zu erraten. Bitte wählen Sie ein Passwort ohne diesen Namen.',
    en:
      'The password contains the name of your broker, whose customer portal this is, which makes it easy ' +
      'to guess. Please choose a password without that name.',
  },
};

/** Explains what is wrong with a password and how to fix it. */
export function describePasswordProblem(code: PasswordProblemCode, language: Language): string {
  return PROBLEMS[code][language];
}

/** The label of a checklist line. */
export function describeChecklistItem(code: PasswordChecklistCode, language: Language): string {
  return CHECKLIST_LABELS[code][language];
}
