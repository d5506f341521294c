import { describe, it, expect } from 'vitest';
import { COMMON_BASE_WORDS, KEYBOARD_SEQUENCES } from './common-base-words.js';
import { describeChecklistItem, describePasswordProblem, type Language } from './password-messages.js';
import {
  evaluatePassword,
  PASSWORD_MAX_INPUT_UNITS,
  PASSWORD_PROBLEM_CODES,
  type PasswordContext,
} from './password-policy.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_RULE_CODES } from './password-rules.js';

const STRONG = 'Kf8#qLz!2mWp';
const noContext: PasswordContext = {};

describe('evaluatePassword: the four rules', () => {
  it('returns every unmet rule at once', () => {
    expect(evaluatePassword('', noContext)).toEqual(PASSWORD_RULE_CODES);
    expect(evaluatePassword('Xk9#', noContext)).toEqual(['PASSWORD_TOO_SHORT']);
    expect(evaluatePassword('xk9#qlz2', noContext)).toEqual(['PASSWORD_NEEDS_UPPERCASE']);
  });

  it('draws the line between 7 and 8 code points', () => {
    expect(evaluatePassword('Xk9#qLz', noContext)).toEqual(['PASSWORD_TOO_SHORT']);
    expect(evaluatePassword('Xk9#qLzw', noContext)).toEqual([]);
  });

  it('uses ASCII-only digits and capitals', () => {
    expect(evaluatePassword('Äk٣#qlzwv', noContext)).toEqual(['PASSWORD_NEEDS_DIGIT', 'PASSWORD_NEEDS_UPPERCASE']);
    expect(evaluatePassword('Ａk１#qlzwv', noContext)).toEqual(['PASSWORD_NEEDS_DIGIT', 'PASSWORD_NEEDS_UPPERCASE']);
  });

  it('treats NFC and NFD input alike', () => {
    const composed = 'Grün Kf8#qLz';
    expect(evaluatePassword(composed.normalize('NFD'), noContext)).toEqual(evaluatePassword(composed, noContext));
    expect(evaluatePassword('Äpfelbaum1!'.normalize('NFD'), noContext)).toEqual(
      evaluatePassword('Äpfelbaum1!', noContext),
    );
  });
});

describe('evaluatePassword: length cap', () => {
  const prefix = STRONG;
  const withCodePoints = (count: number): string => prefix + '😀'.repeat(count - Array.from(prefix).length);

  it('accepts 128 code points (more UTF-16 units) and refuses 129', () => {
    expect(withCodePoints(128).length).toBeGreaterThan(PASSWORD_MAX_LENGTH);
    expect(evaluatePassword(withCodePoints(128), noContext)).toEqual([]);
    expect(evaluatePassword(withCodePoints(129), noContext)).toEqual(['PASSWORD_TOO_LONG']);
  });

  it('still reports the cheap rules for a long password below the input cap', () => {
    expect(evaluatePassword('a'.repeat(200), noContext)).toEqual([
      'PASSWORD_NEEDS_SPECIAL',
      'PASSWORD_NEEDS_DIGIT',
      'PASSWORD_NEEDS_UPPERCASE',
      'PASSWORD_TOO_LONG',
    ]);
  });

  it('refuses oversized input straight away, without other work', () => {
    expect(evaluatePassword('a'.repeat(PASSWORD_MAX_INPUT_UNITS + 1), noContext)).toEqual(['PASSWORD_TOO_LONG']);
    const started = performance.now();
    expect(evaluatePassword('Passwort1!'.repeat(10_000), noContext)).toEqual(['PASSWORD_TOO_LONG']);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('stays fast at the worst case below the cap', () => {
    const started = performance.now();
    for (let run = 0; run < 100; run += 1) {
      evaluatePassword(`A1!${'ab'.repeat(62)}x`, {
        email: 'max.mustermann@example.com',
        name: 'Max Mustermann',
        tenantName: 'Mustermakler GmbH',
      });
    }
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('evaluatePassword: control characters', () => {
  it.each(['\u0000', '\t', '\n', '\r', '\u007f', '\u0085'])('refuses %j', (control) => {
    expect(evaluatePassword(`${STRONG}${control}`, noContext)).toEqual(['PASSWORD_HAS_CONTROL_CHARACTER']);
  });

  it('does not let a control character count as the special character', () => {
    expect(evaluatePassword('Kf8qLz2mWp\t', noContext)).toEqual([
      'PASSWORD_NEEDS_SPECIAL',
      'PASSWORD_HAS_CONTROL_CHARACTER',
    ]);
  });
});

describe('evaluatePassword: commonly used passwords', () => {
  it.each([
    'Passwort1!',
    'Sommer2024!',
    'Password1!',
    'Welcome1!',
    'Hallo123!',
    'Qwertz123!',
    'Fussball1!',
    'Schalke04!',
    'Fußball1!',
    'P@ssw0rd!',
    'Passw0rt2024!',
    '!Sommer2024',
    'Hall0123!',
    '@Dmin2024!',
    'Sommerrr2024!',
    'Fussballll1!',
    'SommerWinter1!',
    'Ich liebe Dich 1!',
    'Pass_Wort1!',
    'Abc12345!',
    'Asdfgh123!',
    'Xyz98765!',
    'Ujm12345!',
    'Aaaaaaaa1!',
    'A1234567!',
    'Ab111111!',
    'München2024!',
    'Versicherung1!',
    'Makler2024!',
    'Qaywsx1!',
    '1Qay2wsx!',
  ])('refuses %j', (password) => {
    expect(evaluatePassword(password, noContext)).toEqual(['PASSWORD_TOO_COMMON']);
  });

  it('also says "too common" when the four rules fail', () => {
    expect(evaluatePassword('passwort', noContext)).toEqual([
      'PASSWORD_NEEDS_SPECIAL',
      'PASSWORD_NEEDS_DIGIT',
      'PASSWORD_NEEDS_UPPERCASE',
      'PASSWORD_TOO_COMMON',
    ]);
  });

  it.each([
    'Blauer Elefant tanzt 7 Mal!',
    STRONG,
    'Anna liebt Berlin 1!',
    'A9#4!7$2',
    'Kfz12345!',
    'Grüne Wolke 42?',
    'Tomatensuppe 3x!',
    'Xk9#qLzw',
  ])('accepts %j', (password) => {
    expect(evaluatePassword(password, noContext)).toEqual([]);
  });

  it('keeps at least 400 lowercase ASCII base words with umlauts folded', () => {
    expect(COMMON_BASE_WORDS.size).toBeGreaterThanOrEqual(400);
    for (const word of COMMON_BASE_WORDS) expect(word).toMatch(/^[a-z]{3,}$/);
    for (const word of ['passwort', 'sommer', 'fruehling', 'muenchen', 'schalke', 'qwertz']) {
      expect(COMMON_BASE_WORDS.has(word)).toBe(true);
    }
  });

  it('has keyboard rows in both directions', () => {
    expect(KEYBOARD_SEQUENCES.some((row) => row.includes('trewq'))).toBe(true);
    expect(KEYBOARD_SEQUENCES.some((row) => row.includes('qwertz'))).toBe(true);
  });
});

describe('evaluatePassword: personal data', () => {
  const person: PasswordContext = { email: 'max.mustermann@example.com', name: 'Max Mustermann' };

  it.each(['Mustermann1!', 'Max.Mustermann!1', 'Mu5termann#9', 'Zz9!maxmustermann'])('refuses %j', (password) => {
    expect(evaluatePassword(password, { email: person.email })).toContain('PASSWORD_CONTAINS_PERSONAL_DATA');
  });

  it('refuses a name part of at least 4 letters, folding umlauts on both sides', () => {
    expect(evaluatePassword('Kf8#Mueller', { name: 'Jörg Müller-Lüdenscheidt' })).toEqual([
      'PASSWORD_CONTAINS_PERSONAL_DATA',
    ]);
    expect(evaluatePassword('Kf8#Lüdenscheidt', { name: 'Jörg Mueller-Luedenscheidt' })).toEqual([
      'PASSWORD_CONTAINS_PERSONAL_DATA',
    ]);
    expect(evaluatePassword('Kf8#Jörgx', { name: 'Jörg Müller' })).toEqual(['PASSWORD_CONTAINS_PERSONAL_DATA']);
  });

  it('ignores name parts shorter than 4 and a local part shorter than 3', () => {
    expect(evaluatePassword('Kf8#qLz!LiWu', { name: 'Li Wu', email: 'wu@example.com' })).toEqual([]);
    expect(evaluatePassword('Kf8#qLz!jo', { email: 'jo@example.com' })).toEqual([]);
  });

  it('refuses a 3-letter local part but ignores 3-letter parts of a longer one', () => {
    expect(evaluatePassword('Kf8#qLz!bob', { email: 'bob@example.com' })).toEqual(['PASSWORD_CONTAINS_PERSONAL_DATA']);
    expect(evaluatePassword('Kf8#qLz!bob', { email: 'bob.k@example.com' })).toEqual([]);
  });

  it('accepts a password unrelated to the person', () => {
    expect(evaluatePassword('Blauer Elefant tanzt 7 Mal!', person)).toEqual([]);
  });
});

describe('evaluatePassword: broker name', () => {
  it('refuses the broker name with a year', () => {
    expect(evaluatePassword('Mustermakler2024!', { tenantName: 'Mustermakler GmbH' })).toContain(
      'PASSWORD_CONTAINS_BROKER_NAME',
    );
    expect(
      evaluatePassword('Kf8#Hansen!', { tenantName: 'Hansen & Partner Versicherungsmakler GmbH & Co. KG' }),
    ).toEqual(['PASSWORD_CONTAINS_BROKER_NAME']);
  });

  it('ignores legal forms and short words of the broker name', () => {
    const tenantName = 'Hansen & Partner GmbH & Co. KG';
    expect(evaluatePassword('Kf8#qLz!GmbH', { tenantName })).toEqual([]);
    expect(evaluatePassword('Kf8#Partner!', { tenantName })).toEqual([]);
    expect(evaluatePassword('Kf8#qLz!KG Co', { tenantName })).toEqual([]);
  });

  it('keeps industry words of the broker name as context', () => {
    expect(evaluatePassword('Kf8#Finanzkontor!', { tenantName: 'Finanzkontor Nord GmbH' })).toEqual([
      'PASSWORD_CONTAINS_BROKER_NAME',
    ]);
  });

  it('reports personal data and broker name together', () => {
    expect(
      evaluatePassword('Hansen Mustermann 7!', { email: 'max.mustermann@example.com', tenantName: 'Hansen GmbH' }),
    ).toEqual(['PASSWORD_CONTAINS_PERSONAL_DATA', 'PASSWORD_CONTAINS_BROKER_NAME']);
  });
});

describe('password messages', () => {
  const languages: Language[] = ['de', 'en'];

  it('describes every problem in both languages, each text different', () => {
    for (const language of languages) {
      const texts = PASSWORD_PROBLEM_CODES.map((code) => describePasswordProblem(code, language));
      for (const text of texts) expect(text.length).toBeGreaterThan(20);
      expect(new Set(texts).size).toBe(PASSWORD_PROBLEM_CODES.length);
    }
    for (const code of PASSWORD_PROBLEM_CODES) {
      expect(describePasswordProblem(code, 'de')).not.toBe(describePasswordProblem(code, 'en'));
    }
  });

  it('states the limits the code enforces', () => {
    for (const language of languages) {
      expect(describePasswordProblem('PASSWORD_TOO_SHORT', language)).toContain(String(PASSWORD_MIN_LENGTH));
      expect(describePasswordProblem('PASSWORD_TOO_LONG', language)).toContain(String(PASSWORD_MAX_LENGTH));
      expect(describeChecklistItem('PASSWORD_TOO_SHORT', language)).toContain(String(PASSWORD_MIN_LENGTH));
      expect(describeChecklistItem('PASSWORD_TOO_SHORT', language)).toContain(String(PASSWORD_MAX_LENGTH));
    }
    expect(describePasswordProblem('PASSWORD_TOO_COMMON', 'de')).toContain('Bitte wählen Sie ein anderes');
  });

  it('has the German checklist labels', () => {
    expect(PASSWORD_RULE_CODES.map((code) => describeChecklistItem(code, 'de'))).toEqual([
      'Mindestens 8 Zeichen (höchstens 128)',
      'Mindestens ein Sonderzeichen (z. B. ! ? § € oder Leerzeichen)',
      'Mindestens eine Ziffer (0–9)',
      'Mindestens ein Großbuchstabe (A–Z)',
    ]);
    expect(
      PASSWORD_RULE_CODES.map((code) => describeChecklistItem(code, 'en')).every((label) =>
        label.startsWith('At least'),
      ),
    ).toBe(true);
  });
});
