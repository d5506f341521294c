import { describe, it, expect } from 'vitest';
import {
  checkPasswordRules,
  countCodePoints,
  normalizePassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_RULE_CODES,
  type PasswordRuleCode,
} from './password-rules.js';

function isMet(password: string, code: PasswordRuleCode): boolean {
  const result = checkPasswordRules(password).find((rule) => rule.code === code);
  if (result === undefined) throw new Error(`rule ${code} missing`);
  return result.isMet;
}

function unmet(password: string): PasswordRuleCode[] {
  return checkPasswordRules(password)
    .filter((rule) => !rule.isMet)
    .map((rule) => rule.code);
}

describe('rule constants', () => {
  it('has the product limits and the four rules in checklist order', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(8);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
    expect(PASSWORD_RULE_CODES).toEqual([
      'PASSWORD_TOO_SHORT',
      'PASSWORD_NEEDS_SPECIAL',
      'PASSWORD_NEEDS_DIGIT',
      'PASSWORD_NEEDS_UPPERCASE',
    ]);
  });

  it('reports all four rules in that order', () => {
    expect(checkPasswordRules('Abcdef1!').map((rule) => rule.code)).toEqual(PASSWORD_RULE_CODES);
    expect(checkPasswordRules('Abcdef1!').every((rule) => rule.isMet)).toBe(true);
  });
});

describe('length in code points', () => {
  it('accepts 8 and refuses 7', () => {
    expect(isMet('Abcdef1!', 'PASSWORD_TOO_SHORT')).toBe(true);
    expect(isMet('Abcde1!', 'PASSWORD_TOO_SHORT')).toBe(false);
  });

  it('counts an emoji as one code point although it is two UTF-16 units', () => {
    expect('Abcde1😀'.length).toBe(8);
    expect(countCodePoints('Abcde1😀')).toBe(7);
    expect(countCodePoints('Abcdef1😀')).toBe(8);
    expect(isMet('Abcde1😀', 'PASSWORD_TOO_SHORT')).toBe(false);
    expect(unmet('Abcdef1😀')).toEqual([]);
  });

  it('counts a flag and a ZWJ sequence as several code points (intended)', () => {
    expect(countCodePoints('🇩🇪')).toBe(2);
    expect(countCodePoints('👩‍💻')).toBe(3);
  });

  it('counts leading and trailing spaces: nothing is trimmed', () => {
    expect(normalizePassword('  Ab 1  ')).toBe('  Ab 1  ');
    expect(isMet('Abcde1 ', 'PASSWORD_TOO_SHORT')).toBe(false);
    expect(unmet('Abcde1  ')).toEqual([]);
  });
});

describe('digit means ASCII 0-9 only', () => {
  it.each(['٣', '１', '²', 'Ⅳ'])('does not count %s', (digitLike) => {
    expect(isMet(`Abcdefg!${digitLike}`, 'PASSWORD_NEEDS_DIGIT')).toBe(false);
  });

  it.each(['0', '5', '9'])('counts %s', (digit) => {
    expect(isMet(`Abcdefg!${digit}`, 'PASSWORD_NEEDS_DIGIT')).toBe(true);
  });
});

describe('uppercase means ASCII A-Z only', () => {
  it.each(['Ä', 'Ａ', 'É', 'Ω'])('does not count %s', (letter) => {
    expect(isMet(`${letter}bcdefg1!`, 'PASSWORD_NEEDS_UPPERCASE')).toBe(false);
  });

  it.each(['A', 'Q', 'Z'])('counts %s', (letter) => {
    expect(isMet(`${letter}bcdefg1!`, 'PASSWORD_NEEDS_UPPERCASE')).toBe(true);
  });
});

describe('special character means not a letter, not a number, not a control character', () => {
  it.each([' ', '§', '€', '!', '-', '😀', '„'])('counts %j', (special) => {
    expect(isMet(`Abcdefg1${special}`, 'PASSWORD_NEEDS_SPECIAL')).toBe(true);
  });

  it.each(['ß', 'ä', 'Ä', '٣', '１', 'ж', '\t', '\n', '\u0000', '\u007f'])('does not count %j', (other) => {
    expect(isMet(`Abcdefg1${other}`, 'PASSWORD_NEEDS_SPECIAL')).toBe(false);
  });
});

describe('NFC normalisation', () => {
  const composed = 'Äpfelbaum1!';
  const decomposed = composed.normalize('NFD');

  it('maps composed and decomposed input to the same string', () => {
    expect(decomposed).not.toBe(composed);
    expect(normalizePassword(decomposed)).toBe(composed);
    expect(normalizePassword(composed)).toBe(composed);
  });

  it('gives the same result for NFC and NFD input', () => {
    expect(checkPasswordRules(decomposed)).toEqual(checkPasswordRules(composed));
  });

  it('counts length after normalising', () => {
    const sevenComposed = 'XÄbcd1!';
    expect(countCodePoints(sevenComposed.normalize('NFD'))).toBe(8);
    expect(isMet(sevenComposed.normalize('NFD'), 'PASSWORD_TOO_SHORT')).toBe(false);
  });

  it('does not fold compatibility forms (NFC, not NFKC)', () => {
    expect(normalizePassword('Ａ１')).toBe('Ａ１');
  });
});

describe('all unmet rules at once', () => {
  it('reports all four for the empty string', () => {
    expect(unmet('')).toEqual(PASSWORD_RULE_CODES);
  });

  it('reports exactly the missing ones', () => {
    expect(unmet('abcdefgh')).toEqual(['PASSWORD_NEEDS_SPECIAL', 'PASSWORD_NEEDS_DIGIT', 'PASSWORD_NEEDS_UPPERCASE']);
    expect(unmet('ABC1!')).toEqual(['PASSWORD_TOO_SHORT']);
    expect(unmet('Abcdefgh1')).toEqual(['PASSWORD_NEEDS_SPECIAL']);
  });
});
