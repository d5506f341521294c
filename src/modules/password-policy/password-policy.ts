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
  decodeLeet,
  findPasswordProblems,
  LEET,
  type PasswordContext,
  type PasswordProblemCode,
} from './password-checks.js';

export {
  PASSWORD_MAX_INPUT_UNITS,
  PASSWORD_PROBLEM_CODES,
  type PasswordContext,
  type PasswordProblemCode,
} from './password-checks.js';

const MAX_LEET_EDGE = 2;
const MIN_WORD_LENGTH = 3;

/** Returns every problem at once; an empty array means the password is acceptable. */
export function evaluatePassword(password: string, context: PasswordContext): PasswordProblemCode[] {
  return findPasswordProblems(password, context, isCommonPassword);
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
  const characters = Array.from(folded);
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
      candidates.add(lettersOnly(decodeLeet(Array.from(before).reverse().join('') + core + after)));
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
  const characters = Array.from(word);
  let start = 0;
  while (start + keep < characters.length && characters[start + keep] === characters[start]) start += 1;
  let end = characters.length;
  while (end - keep - 1 >= start && characters[end - keep - 1] === characters[end - 1]) end -= 1;
  return characters.slice(start, end).join('');
}

function isSequence(word: string): boolean {
  if (word.length < MIN_WORD_LENGTH) return false;
  const [first] = word;
  if (Array.from(word).every((character) => character === first)) return true;
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
