/**
 * The four product password rules (DESIGN.md §1.3 and §3 "password text").
 *
 * This module is shared verbatim by the server and the browser checklist: tsc emits it to
 * dist/ and the page loads it as an ES module, so it must not import anything.
 */

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordRuleCode =
  'PASSWORD_TOO_SHORT' | 'PASSWORD_NEEDS_SPECIAL' | 'PASSWORD_NEEDS_DIGIT' | 'PASSWORD_NEEDS_UPPERCASE';

/** In the order the checklist shows them. */
export const PASSWORD_RULE_CODES: readonly PasswordRuleCode[] = Object.freeze([
  'PASSWORD_TOO_SHORT',
  'PASSWORD_NEEDS_SPECIAL',
  'PASSWORD_NEEDS_DIGIT',
  'PASSWORD_NEEDS_UPPERCASE',
] as const);

export interface PasswordRuleResult {
  code: PasswordRuleCode;
  isMet: boolean;
}

// The rule text says '0'–'9' and 'A'–'Z', so these are ASCII only: '٣', '１', 'Ä' and 'Ａ' do
// not count. NFC (not NFKC) keeps full-width forms distinct, so they stay non-matching.
const DIGIT = /[0-9]/u;
const UPPERCASE = /[A-Z]/u;
// Anything that is neither a letter nor a number nor a control character: space, '§', '€',
// '!' and emoji count; 'ß', 'ä' and '٣' do not. Control characters are refused separately.
const SPECIAL = /[^\p{L}\p{N}\p{Cc}]/u;

/**
 * The one normalisation used before checking, hashing and comparing. Never trims: leading and
 * trailing spaces are part of the password.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

/**
 * Counts Unicode code points, the unit of "characters" in the rules (JS .length counts UTF-16
 * units, so '😀' would be 2). Intended consequence: a flag (🇩🇪) or a ZWJ emoji sequence (👩‍💻)
 * looks like one symbol but is several code points and counts as several characters.
 */
export function countCodePoints(text: string): number {
  let count = 0;
  for (const _codePoint of text) count += 1;
  return count;
}

/** Normalises with NFC first, then reports all four rules in PASSWORD_RULE_CODES order. */
export function checkPasswordRules(password: string): PasswordRuleResult[] {
  const text = normalizePassword(password);
  const isMet: Record<PasswordRuleCode, boolean> = {
    PASSWORD_TOO_SHORT: countCodePoints(text) >= PASSWORD_MIN_LENGTH,
    PASSWORD_NEEDS_SPECIAL: SPECIAL.test(text),
    PASSWORD_NEEDS_DIGIT: DIGIT.test(text),
    PASSWORD_NEEDS_UPPERCASE: UPPERCASE.test(text),
  };
  return PASSWORD_RULE_CODES.map((code) => ({ code, isMet: isMet[code] }));
}
