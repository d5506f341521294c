/**
 * The full server password policy: the four product rules (password-rules.ts) plus what
 * compensates for composition rules that ASVS 6.2.5 / NIST 800-63B advise against
 * (security-requirements §0.1, §0.4–§0.6, §1.1): a length cap, no control characters, no
 * commonly used password, no personal data, no broker name.
 *
 * Weak passwords are found with a pattern list, not a downloaded top-N list: Portico runs
 * without network access, and a top-N list holds few passwords that already satisfy our four
 * rules. Instead the password is reduced to its core (lowercase, umlauts folded, leetspeak
 * undone, leading/trailing digits, years and symbols stripped) and refused when that core is
 * one of the 865 base words in common-base-words.ts, two of them joined, a keyboard walk or an
 * alphabet run. Every base word stands for all its year, digit and symbol variants, so this
 * covers far more than the 3,000 policy-conforming common passwords ASVS 6.2.4 asks for.
 *
 * The guessability checks run whatever the four rules say, so "Passwort" is told at once that
 * adding "1!" will not help. They are skipped for passwords over the length cap, which bounds
 * their (at most quadratic, n ≤ 128) work.
 */
import { COMMON_BASE_WORDS, KEYBOARD_SEQUENCES } from './common-base-words.js';
import {
  checkPasswordRules,
  countCodePoints,
  normalizePassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_RULE_CODES,
  type PasswordRuleCode,
} from './password-rules.js';

export type PasswordProblemCode =
  | PasswordRuleCode
  | 'PASSWORD_TOO_LONG'
  | 'PASSWORD_HAS_CONTROL_CHARACTER'
  | 'PASSWORD_TOO_COMMON'
  | 'PASSWORD_CONTAINS_PERSONAL_DATA'
  | 'PASSWORD_CONTAINS_BROKER_NAME';

/** Every problem code, in the order evaluatePassword reports them. */
export const PASSWORD_PROBLEM_CODES: readonly PasswordProblemCode[] = Object.freeze([
  ...PASSWORD_RULE_CODES,
  'PASSWORD_TOO_LONG',
  'PASSWORD_HAS_CONTROL_CHARACTER',
  'PASSWORD_TOO_COMMON',
  'PASSWORD_CONTAINS_PERSONAL_DATA',
  'PASSWORD_CONTAINS_BROKER_NAME',
] as const);

export interface PasswordContext {
  email?: string;
  name?: string;
  tenantName?: string;
}

/**
 * Raw inputs longer than this many UTF-16 units are refused before any other work, even
 * normalisation, so a megabyte-sized field costs nothing. 128 code points need at most 256
 * units; the slack is for decomposed (NFD) input that NFC shortens.
 */
export const PASSWORD_MAX_INPUT_UNITS = 1024;

const CONTROL_CHARACTER = /\p{Cc}/u;
const LEET = new Map([
  ['0', 'o'],
  ['1', 'i'],
  ['3', 'e'],
  ['4', 'a'],
  ['5', 's'],
  ['7', 't'],
  ['@', 'a'],
  ['$', 's'],
]);
const MAX_LEET_EDGE = 2;
const MIN_WORD_LENGTH = 3;

/** Returns every problem at once; an empty array means the password is acceptable. */
export function evaluatePassword(password: string, context: PasswordContext): PasswordProblemCode[] {
  if (password.length > PASSWORD_MAX_INPUT_UNITS) return ['PASSWORD_TOO_LONG'];
  const text = normalizePassword(password);
  const problems: PasswordProblemCode[] = checkPasswordRules(text)
    .filter((rule) => !rule.isMet)
    .map((rule) => rule.code);
  const isTooLong = countCodePoints(text) > PASSWORD_MAX_LENGTH;
  if (isTooLong) problems.push('PASSWORD_TOO_LONG');
  if (CONTROL_CHARACTER.test(text)) problems.push('PASSWORD_HAS_CONTROL_CHARACTER');
  if (isTooLong) return problems;
  const folded = foldForComparison(text);
  if (isCommonPassword(folded)) problems.push('PASSWORD_TOO_COMMON');
  if (containsAny(folded, personalTokens(context))) problems.push('PASSWORD_CONTAINS_PERSONAL_DATA');
  if (containsAny(folded, brokerTokens(context.tenantName))) problems.push('PASSWORD_CONTAINS_BROKER_NAME');
  return problems;
}

/** Lowercase, umlauts folded to their German spelling, other accents dropped ("é" → "e"). */
function foldForComparison(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/ä/gu, 'ae')
    .replace(/ö/gu, 'oe')
    .replace(/ü/gu, 'ue')
    .replace(/ß/gu, 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC');
}

function decodeLeet(text: string): string {
  return text.replace(/[013457@$]/gu, (character) => LEET.get(character) ?? character);
}

function lettersOnly(text: string): string {
  return text.replace(/\P{L}+/gu, '');
}

function isLetter(character: string): boolean {
  return /\p{L}/u.test(character);
}

// --- commonly used passwords -------------------------------------------------------------

function isCommonPassword(folded: string): boolean {
  for (const core of coreCandidates(folded)) {
    if (isGuessableCore(core)) return true;
  }
  return hasTrivialShape(folded);
}

/**
 * The letters between the first and last letter, leetspeak undone. Because stripping would
 * also eat leet characters at the edges ("Hall0123!", "@dmin1!"), up to two of them next to the
 * core are tried as part of it.
 */
function coreCandidates(folded: string): Set<string> {
  const characters = [...folded];
  let start = 0;
  while (start < characters.length && !isLetter(characters[start] ?? '')) start += 1;
  let end = characters.length;
  while (end > start && !isLetter(characters[end - 1] ?? '')) end -= 1;
  const candidates = new Set<string>();
  if (start === end) return candidates;
  const core = characters.slice(start, end).join('');
  candidates.add(lettersOnly(core));
  const leading = leetEdges(characters.slice(Math.max(0, start - MAX_LEET_EDGE), start).reverse());
  const trailing = leetEdges(characters.slice(end, end + MAX_LEET_EDGE));
  for (const before of leading) {
    for (const after of trailing) {
      candidates.add(lettersOnly(decodeLeet([...before].reverse().join('') + core + after)));
    }
  }
  return candidates;
}

/** '' plus each run of leet characters read outwards from the core. */
function leetEdges(outwards: readonly string[]): string[] {
  const options = [''];
  let taken = '';
  for (const character of outwards) {
    if (!LEET.has(character)) break;
    taken += character;
    options.push(taken);
  }
  return options;
}

function isGuessableCore(core: string): boolean {
  if (core.length < MIN_WORD_LENGTH) return false;
  const variants = [core, trimRepeatedEnds(core, 1), trimRepeatedEnds(core, 2)];
  return variants.some((variant) => COMMON_BASE_WORDS.has(variant) || isSequence(variant)) || isTwoBaseWords(core);
}

/** "passworttt" → "passwort" (keep 1) and "fussballll" → "fussball" (keep 2). */
function trimRepeatedEnds(word: string, keep: number): string {
  const characters = [...word];
  let start = 0;
  while (start + keep < characters.length && characters[start + keep] === characters[start]) start += 1;
  let end = characters.length;
  while (end - keep - 1 >= start && characters[end - keep - 1] === characters[end - 1]) end -= 1;
  return characters.slice(start, end).join('');
}

function isSequence(word: string): boolean {
  if (word.length < MIN_WORD_LENGTH) return false;
  const [first] = word;
  if ([...word].every((character) => character === first)) return true;
  return KEYBOARD_SEQUENCES.some((sequence) => sequence.includes(word));
}

function isTwoBaseWords(word: string): boolean {
  for (let split = MIN_WORD_LENGTH; split <= word.length - MIN_WORD_LENGTH; split += 1) {
    if (COMMON_BASE_WORDS.has(word.slice(0, split)) && COMMON_BASE_WORDS.has(word.slice(split))) {
      return true;
    }
  }
  return false;
}

/** At most two letters around a run of digits, e.g. "A1234567!" or "Ab111111!". */
function hasTrivialShape(folded: string): boolean {
  if (lettersOnly(folded).length > 2) return false;
  const digits = folded.replace(/[^0-9]/gu, '');
  if (digits.length < 4) return false;
  const step = (Number(digits[1]) - Number(digits[0]) + 10) % 10;
  if (step !== 0 && step !== 1 && step !== 9) return false;
  for (let index = 2; index < digits.length; index += 1) {
    if ((Number(digits[index]) - Number(digits[index - 1]) + 10) % 10 !== step) return false;
  }
  return true;
}

// --- context words -----------------------------------------------------------------------

// Titles and salutations are not part of what identifies a person.
const NAME_NOISE = new Set(['herr', 'frau', 'prof', 'dipl']);
// Legal forms and fillers say nothing about which broker this is. Industry words such as
// "versicherungsmakler" or "finanz" are deliberately kept: on this portal they are as easy to
// guess as the firm's own name (and "makler", "versicherung" are common base words anyway).
const TENANT_NOISE = new Set([
  'gmbh',
  'kgaa',
  'partg',
  'partgmbb',
  'partner',
  'partners',
  'partnerschaft',
  'gesellschaft',
  'haftungsbeschraenkt',
  'limited',
  'corp',
  'holding',
  'group',
  'gruppe',
  'fuer',
  'with',
  'from',
]);
const NAME_PART_MIN = 4;
const LOCAL_PART_MIN = 3;

/** The e-mail local part (≥ 3) and its [._+-] parts (≥ 4), name parts (≥ 4), all folded. */
function personalTokens(context: PasswordContext): string[] {
  const tokens: string[] = [];
  if (context.email !== undefined) {
    const email = foldForComparison(context.email);
    const at = email.lastIndexOf('@');
    const local = at === -1 ? email : email.slice(0, at);
    if (countCodePoints(local) >= LOCAL_PART_MIN) tokens.push(local, local.replace(/[._+-]+/gu, ''));
    tokens.push(...local.split(/[._+-]+/u).filter((part) => countCodePoints(part) >= NAME_PART_MIN));
  }
  if (context.name !== undefined) tokens.push(...significantWords(context.name, NAME_NOISE));
  return tokens.filter((token) => token !== '');
}

function brokerTokens(tenantName: string | undefined): string[] {
  return tenantName === undefined ? [] : significantWords(tenantName, TENANT_NOISE);
}

// Splits on every non-alphanumeric (not only whitespace and hyphens) so "Dr." or "O'Brien"
// yield "dr" and "brien" rather than tokens with punctuation that never match.
function significantWords(text: string, noise: ReadonlySet<string>): string[] {
  return foldForComparison(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => countCodePoints(word) >= NAME_PART_MIN && !noise.has(word));
}

/** Compares as typed, leet-decoded, and with separators removed ("Max.Mustermann"). */
function containsAny(folded: string, tokens: readonly string[]): boolean {
  if (tokens.length === 0) return false;
  const compact = folded.replace(/[^\p{L}\p{N}]+/gu, '');
  const haystacks = [folded, decodeLeet(folded), compact, decodeLeet(compact)];
  return tokens.some((token) => {
    const needles = [token, decodeLeet(token)];
    return haystacks.some((haystack) => needles.some((needle) => haystack.includes(needle)));
  });
}
